-- France Travail (PARTNERS §3): legacy agréments and PASS notifications.

-- ---------------------------------------------------------------------------------------------
-- Legacy agréments (DOMAIN §1.2), one row per 12-digit root, merged across rows and files (LEG-04, LEG-05).
-- A linked agrément is also a row of `pass` (origin MIGRATED_AGREMENT), so the issuance rules see it (LEG-07).
CREATE TABLE ft_agrement (
    root                 char(12)    PRIMARY KEY CHECK (root ~ '^[0-9]{12}$'),            -- LEG-01
    start_date           date        NOT NULL,
    end_date             date        NOT NULL,
    agency               varchar(5),
    france_travail_id    varchar(11),
    birth_date           date,
    last_name            text,
    first_name           text,
    birth_name           text,
    -- LEG-04: identity comes from the un-suffixed row, else from the row with the latest end
    identity_from_plain  boolean     NOT NULL,
    identity_end         date        NOT NULL,
    mismatch             boolean     NOT NULL DEFAULT false,
    -- NEW: changed by the last file, to be linked; LINKED: a PASS; UNLINKED: no person yet (LEG-06); REJECTED
    status               varchar(10) NOT NULL CHECK (status IN ('NEW', 'LINKED', 'UNLINKED', 'REJECTED')),
    person_id            uuid REFERENCES person (id),
    reject_code          varchar(32),
    exchange_id          uuid REFERENCES exchange (id),                   -- the file that last changed it
    seen_exchange_id     uuid,                                            -- the last file that carried it
    line                 bigint,
    updated_at           timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT ft_agrement_dates CHECK (start_date < end_date)
);
CREATE INDEX ft_agrement_todo ON ft_agrement (exchange_id, root) WHERE status = 'NEW';
CREATE INDEX ft_agrement_seen ON ft_agrement (seen_exchange_id);
CREATE INDEX ft_agrement_unlinked ON ft_agrement (root) WHERE status = 'UNLINKED';

-- What one agréments file did, beyond the journal's counts (LEG-03 skips, roots).
CREATE TABLE ft_agrement_run (
    exchange_id  uuid PRIMARY KEY REFERENCES exchange (id),
    rows_read    bigint NOT NULL DEFAULT 0,
    skipped      bigint NOT NULL DEFAULT 0,
    roots        bigint NOT NULL DEFAULT 0,
    linked       bigint NOT NULL DEFAULT 0,
    unchanged    bigint NOT NULL DEFAULT 0,
    unlinked     bigint NOT NULL DEFAULT 0,
    rejected     bigint NOT NULL DEFAULT 0
);

-- ---------------------------------------------------------------------------------------------
-- Notification status (PARTNERS §3.6): exit codes are longer than 8 characters
-- (E_ERR_D98_D_PR_PROBLEME_TECHNIQUE, STARTS_IN_FUTURE), and each entry keeps the endpoint of its last attempt.
ALTER TABLE pass ALTER COLUMN ft_exit_code TYPE varchar(48);
ALTER TABLE pass ADD COLUMN ft_endpoint varchar(16) CHECK (ft_endpoint IN ('rech_individu', 'maj_pass'));
-- DECISION of §3.6 step 1: the identity a failed look-up was made with, to reopen it when the identity changes
ALTER TABLE pass ADD COLUMN ft_identity_md5 char(32);
ALTER TABLE pass ADD COLUMN ft_retry_since timestamptz;
ALTER TABLE cancelled_pass ALTER COLUMN ft_exit_code TYPE varchar(48);
ALTER TABLE cancelled_pass ADD CONSTRAINT cancelled_pass_ft_status
    CHECK (ft_status IN ('PENDING', 'READY', 'SUCCESS', 'ERROR', 'SHOULD_RETRY'));
ALTER TABLE cancelled_pass ADD COLUMN ft_endpoint varchar(16) CHECK (ft_endpoint IN ('rech_individu', 'maj_pass'));
ALTER TABLE cancelled_pass ADD COLUMN ft_retry_since timestamptz;
CREATE INDEX pass_ft_open ON pass (ft_status, start_date DESC) WHERE ft_status <> 'SUCCESS' AND ft_status <> 'ERROR';
CREATE INDEX cancelled_pass_ft_open ON cancelled_pass (ft_status, start_date DESC)
    WHERE ft_status <> 'SUCCESS' AND ft_status <> 'ERROR';

-- PASS events already consumed by the notification flow (at-least-once delivery, idempotent by eventId).
CREATE TABLE ft_consumed_event (
    event_id     uuid PRIMARY KEY,
    consumed_at  timestamptz NOT NULL DEFAULT now()
);

-- Dispatcher leadership (§3.6: one leader node): a lease renewed at each cycle.
CREATE TABLE ft_dispatch_lease (
    id      int PRIMARY KEY CHECK (id = 1),
    holder  text        NOT NULL,
    until   timestamptz NOT NULL
);
INSERT INTO ft_dispatch_lease (id, holder, until) VALUES (1, '', '-infinity');

-- Daily shared PASS file for the agencies: what each file covered.
CREATE TABLE ft_pass_file (
    day        date PRIMARY KEY,
    since      timestamptz NOT NULL,
    until      timestamptz NOT NULL,
    name       text        NOT NULL,
    rows       int         NOT NULL
);

-- §3.4: a person whose national id came from the identity look-up is certified by France Travail.
ALTER TABLE person ADD COLUMN ft_certified boolean NOT NULL DEFAULT false;
