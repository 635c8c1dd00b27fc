-- Passerelle IAE registry. Invariants live here, as constraints, so that they hold under concurrency
-- whatever the Java code does; the Java checks only give the friendly message.
CREATE EXTENSION IF NOT EXISTS btree_gist;

-- ---------------------------------------------------------------------------------------------
-- Persons (DOMAIN §2)
CREATE TABLE person (
    id                 uuid PRIMARY KEY,
    nir                varchar(15) UNIQUE,                    -- ID-09: a NIR identifies one person
    ntt                varchar(40) UNIQUE,                    -- ID-22
    france_travail_id  varchar(11),                           -- ID-31: not unique
    ft_national_id     varchar(48),                           -- ID-33
    birth_date         date        NOT NULL,
    title              varchar(3),
    last_name          text        NOT NULL,
    first_name         text        NOT NULL,
    asp_id             char(30)    NOT NULL UNIQUE,           -- ID-50
    created_at         timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT person_title CHECK (title IN ('M', 'MME'))
);
CREATE INDEX person_ft_id ON person (france_travail_id, birth_date);

-- ---------------------------------------------------------------------------------------------
-- Employers (DOMAIN §4); enriched by the conventionnement and SIRENE flows
CREATE TABLE employer (
    id              uuid PRIMARY KEY,
    siret           char(14)    NOT NULL,
    kind            varchar(4)  NOT NULL,
    name            text,
    status          varchar(10) NOT NULL,
    asp_id          varchar(20),
    deactivated_at  timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT employer_unique UNIQUE (siret, kind),                                  -- EMP-10
    CONSTRAINT employer_kind CHECK (kind IN ('ACI', 'AI', 'EI', 'ETTI', 'EITI', 'GEIQ', 'EA', 'EATT')),
    CONSTRAINT employer_status CHECK (status IN ('ACTIVE', 'GRACE', 'INACTIVE', 'UNVERIFIED', 'CLOSED'))
);

-- ---------------------------------------------------------------------------------------------
-- Eligibility diagnoses (DOMAIN §3)
CREATE TABLE diagnosis (
    id               uuid PRIMARY KEY,
    person_id        uuid        NOT NULL REFERENCES person (id),
    author           varchar(24) NOT NULL CHECK (author IN ('AUTHORIZED_PRESCRIBER', 'EMPLOYER')),
    prescriber_kind  varchar(16),
    author_siret     char(14),
    criteria         text[]      NOT NULL,
    created_on       date        NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX diagnosis_person ON diagnosis (person_id);

-- ---------------------------------------------------------------------------------------------
-- PASS IAE (DOMAIN §1)
-- One number space for the PASS registry and the cancelled-PASS registry (PASS-03); a row here is never
-- deleted, so a number is never reused (PASS-04).
CREATE TABLE pass_number (
    number      varchar(12) PRIMARY KEY CHECK (number ~ '^[0-9A-Za-z]{12}$'),    -- PASS-01
    created_at  timestamptz NOT NULL DEFAULT now()
);
-- Counter of issued numbers: gaps allowed, never goes back (PASS-04), refused past 9 999 999 (PASS-06).
CREATE SEQUENCE pass_counter MINVALUE 1 MAXVALUE 9999999 NO CYCLE;

CREATE TABLE pass (
    number                  varchar(12) PRIMARY KEY REFERENCES pass_number (number),
    person_id               uuid        NOT NULL REFERENCES person (id),
    start_date              date        NOT NULL,
    end_date                date        NOT NULL,
    origin                  varchar(20) NOT NULL CHECK (origin IN ('ISSUED', 'MIGRATED_AGREMENT')),
    diagnosis_id            uuid REFERENCES diagnosis (id),
    -- origin snapshot of the issuing hire (PASS-28)
    origin_siret            char(14),
    origin_kind             varchar(4),
    origin_sender           varchar(12),
    origin_prescriber_kind  varchar(16),
    origin_prescriber_authorized boolean,
    ft_status               varchar(12) NOT NULL DEFAULT 'PENDING'
        CHECK (ft_status IN ('PENDING', 'READY', 'SUCCESS', 'ERROR', 'SHOULD_RETRY')),
    ft_exit_code            varchar(8),
    ft_at                   timestamptz,
    created_at              timestamptz NOT NULL DEFAULT now(),
    updated_at              timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT pass_dates CHECK (start_date < end_date),                               -- PASS-13
    -- PASS-20: a person holds at most one current-or-future PASS. "Current" depends on today, so the
    -- database enforces the stronger, date-free form: two PASS of one person never overlap. A new PASS
    -- starts on a hire date >= today (PASS-12) and lasts 730 days, so two PASS issued concurrently for
    -- one person always overlap and the second insert fails.
    CONSTRAINT pass_one_at_a_time EXCLUDE USING gist (person_id WITH =, daterange(start_date, end_date, '[]') WITH &&)
);
CREATE INDEX pass_person ON pass (person_id, end_date DESC);

CREATE TABLE cancelled_pass (
    number                  varchar(12) PRIMARY KEY REFERENCES pass_number (number),
    person_id               uuid        NOT NULL REFERENCES person (id),
    start_date              date        NOT NULL,
    end_date                date        NOT NULL,
    origin                  varchar(20) NOT NULL,
    -- PASS-52: identity as it was when the PASS was cancelled
    last_name               text        NOT NULL,
    first_name              text        NOT NULL,
    nir                     varchar(15),
    birth_date              date        NOT NULL,
    ft_national_id          varchar(48),
    origin_siret            char(14),
    origin_kind             varchar(4),
    origin_sender           varchar(12),
    origin_prescriber_kind  varchar(16),
    origin_prescriber_authorized boolean,
    reason                  text,
    ft_status               varchar(12) NOT NULL DEFAULT 'PENDING',                    -- PASS-54
    ft_exit_code            varchar(8),
    ft_at                   timestamptz,
    cancelled_at            timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX cancelled_pass_person ON cancelled_pass (person_id);

-- Accepted hires; a PASS may serve several (PASS-21). PASS-24: one hire per person + employer + start.
CREATE TABLE hire (
    id                 uuid PRIMARY KEY,
    pass_number        varchar(12) NOT NULL REFERENCES pass_number (number),
    person_id          uuid        NOT NULL REFERENCES person (id),
    employer_id        uuid        NOT NULL REFERENCES employer (id),
    siret              char(14)    NOT NULL,
    kind               varchar(4)  NOT NULL,
    hiring_start_date  date        NOT NULL,
    accepted_at        timestamptz NOT NULL,
    cancelled_at       timestamptz,
    cancel_reason      text
);
CREATE UNIQUE INDEX hire_once ON hire (person_id, employer_id, hiring_start_date) WHERE cancelled_at IS NULL;
CREATE INDEX hire_pass ON hire (pass_number);

CREATE TABLE suspension (
    id          uuid PRIMARY KEY,
    pass_number varchar(12) NOT NULL REFERENCES pass (number) ON DELETE CASCADE,
    start_date  date        NOT NULL,
    end_date    date        NOT NULL,
    reason      varchar(32) NOT NULL,
    siret       char(14),
    created_on  date        NOT NULL,                                                  -- SUSP-04 when edited
    created_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT suspension_dates CHECK (start_date <= end_date),                        -- SUSP-01
    CONSTRAINT suspension_no_overlap EXCLUDE USING gist                               -- SUSP-07
        (pass_number WITH =, daterange(start_date, end_date, '[]') WITH &&)
);

CREATE TABLE prolongation (
    id                   uuid PRIMARY KEY,
    pass_number          varchar(12) NOT NULL REFERENCES pass (number) ON DELETE CASCADE,
    start_date           date        NOT NULL,
    end_date             date        NOT NULL,
    reason               varchar(32) NOT NULL,
    siret                char(14),
    validated_by_kind    varchar(16),
    validated_by_siret   char(14),
    created_at           timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT prolongation_dates CHECK (start_date < end_date),                       -- PROL-01
    -- PROL-01: prolongations are half-open [Ps, Pe): successive ones touch but never overlap
    CONSTRAINT prolongation_no_overlap EXCLUDE USING gist
        (pass_number WITH =, daterange(start_date, end_date, '[)') WITH &&)
);

CREATE TABLE pass_history (
    id          bigserial PRIMARY KEY,
    pass_number varchar(12) NOT NULL REFERENCES pass_number (number),
    at          timestamptz NOT NULL,
    event       varchar(32) NOT NULL
);
CREATE INDEX pass_history_number ON pass_history (pass_number, id);

-- Fiches salarié (PARTNERS §1); only what the registry's own rules need today (PASS-50, PASS-51).
CREATE TABLE fiche_salarie (
    id           uuid PRIMARY KEY,
    hire_id      uuid        NOT NULL REFERENCES hire (id),
    pass_number  varchar(12) NOT NULL,
    siret        char(14)    NOT NULL,
    measure      varchar(8)  NOT NULL,
    status       varchar(10) NOT NULL
        CHECK (status IN ('NEW', 'READY', 'SENT', 'PROCESSED', 'REJECTED', 'DISABLED', 'ARCHIVED')),
    ever_sent    boolean     NOT NULL DEFAULT false,
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX fiche_salarie_hire ON fiche_salarie (hire_id);

-- ---------------------------------------------------------------------------------------------
-- API clients and idempotency (API.md conventions)
CREATE TABLE api_client (
    name        varchar(64) PRIMARY KEY,
    key_sha256  char(64)    NOT NULL UNIQUE,                 -- keys are stored hashed
    scopes      text[]      NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- First answer to each (client, Idempotency-Key); the row is inserted before the work, in the same
-- transaction, so a concurrent request with the same key waits for the first one and then replays it.
CREATE TABLE idempotency_record (
    client_name    varchar(64)  NOT NULL,
    idem_key       varchar(100) NOT NULL,
    operation      varchar(64)  NOT NULL,
    request_sha256 char(64)     NOT NULL,
    status_code    int,
    response_body  text,
    created_at     timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (client_name, idem_key)
);

-- ---------------------------------------------------------------------------------------------
-- Transactional outbox: written in the registry change's transaction, published by the relay route.
CREATE TABLE outbox (
    id            bigserial PRIMARY KEY,
    event_id      uuid        NOT NULL UNIQUE,
    topic         varchar(64) NOT NULL,
    event_key     varchar(64) NOT NULL,
    event_type    varchar(48) NOT NULL,
    payload       bytea       NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    published_at  timestamptz
);
CREATE INDEX outbox_pending ON outbox (id) WHERE published_at IS NULL;

-- Exchange journal (ARCHITECTURE: every unit received or sent), rejects and dead letters.
CREATE TABLE exchange (
    id              uuid PRIMARY KEY,
    flow            varchar(32)  NOT NULL,
    partner         varchar(32)  NOT NULL,
    direction       varchar(3)   NOT NULL CHECK (direction IN ('IN', 'OUT')),
    name            text         NOT NULL,
    sha256          char(64)     NOT NULL,
    size            bigint       NOT NULL,
    received_at     timestamptz  NOT NULL DEFAULT now(),
    finished_at     timestamptz,
    status          varchar(12)  NOT NULL CHECK (status IN ('RECEIVED', 'PROCESSING', 'DONE', 'REFUSED', 'FAILED')),
    error           text,
    correlation_id  varchar(64),
    checkpoint      bigint       NOT NULL DEFAULT 0,
    received        int          NOT NULL DEFAULT 0,
    applied         int          NOT NULL DEFAULT 0,
    unchanged       int          NOT NULL DEFAULT 0,
    rejected        int          NOT NULL DEFAULT 0,
    CONSTRAINT exchange_once UNIQUE (flow, direction, sha256)
);
CREATE INDEX exchange_recent ON exchange (received_at DESC);

CREATE TABLE reject (
    id           bigserial PRIMARY KEY,
    exchange_id  uuid        NOT NULL REFERENCES exchange (id),
    line         bigint,
    field        text,
    rule         varchar(24) NOT NULL,
    code         varchar(48) NOT NULL,
    message      text        NOT NULL,
    masked_value text
);
CREATE INDEX reject_exchange ON reject (exchange_id, line);

CREATE TABLE dead_letter (
    id           uuid PRIMARY KEY,
    flow         varchar(32) NOT NULL,
    endpoint     text        NOT NULL,
    headers      jsonb       NOT NULL DEFAULT '{}',
    payload      bytea,
    error        text        NOT NULL,
    status       varchar(10) NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'REPLAYED', 'DISCARDED')),
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz
);

-- State of each flow for the ops API: last success, last error, counts.
CREATE TABLE flow_state (
    flow             varchar(32) PRIMARY KEY,
    last_success_at  timestamptz,
    last_error_at    timestamptz,
    last_error       text,
    processed        bigint NOT NULL DEFAULT 0,
    rejected         bigint NOT NULL DEFAULT 0,
    consecutive_failures int NOT NULL DEFAULT 0
);
