-- INSEE SIRENE (PARTNERS §4, DOMAIN EMP-40…EMP-42): what SIRENE says of the establishments the registry knows, the
-- queue of API verifications, the shared rate-limit slot, succession links and the successions left to a person.

-- One row per SIRET SIRENE was asked about (API) or found in a monthly stock: the answer cache of the API too.
-- No row = UNCHECKED. EMP-42: a masked ([ND]) value is stored null and the establishment flagged partly diffusible.
CREATE TABLE sirene_establishment (
    siret              char(14)    PRIMARY KEY,
    state              varchar(7)  NOT NULL CHECK (state IN ('A', 'F', 'UNKNOWN')),
    diffusion          char(1)     CHECK (diffusion IN ('O', 'P', 'N')),
    state_since        date,                                     -- dateDebut of the current period (closing date when F)
    head_office        boolean,
    name               text,
    address_line       text,
    address_complement text,
    postal_code        varchar(5),
    commune            text,
    insee_code         varchar(5),
    naf                varchar(6),
    processed_at       timestamp,                                -- dateDernierTraitementEtablissement
    successor_siret    char(14),                                 -- EMP-40: a successor not applied, shown only
    successor_date     date,
    source             varchar(5)  NOT NULL CHECK (source IN ('API', 'STOCK')),
    checked_at         timestamptz NOT NULL
);

-- Verifications to make through the API (flow sirene-verification): an employer registered, or whose SIRET changed,
-- is queued by the triggers below, whatever code path did it. The queue survives restarts; a failure of INSEE leaves
-- the entry PENDING for a later attempt.
CREATE TABLE sirene_verification (
    siret            char(14)    PRIMARY KEY,
    status           varchar(7)  NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'DONE')),
    requested_at     timestamptz NOT NULL DEFAULT now(),
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    attempts         int         NOT NULL DEFAULT 0,
    outcome          varchar(24),
    last_error       text,
    done_at          timestamptz
);
CREATE INDEX sirene_verification_due ON sirene_verification (next_attempt_at) WHERE status = 'PENDING';

CREATE FUNCTION sirene_verification_request() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO sirene_verification (siret) VALUES (NEW.siret)
    ON CONFLICT (siret) DO UPDATE
        SET status = 'PENDING', requested_at = now(), next_attempt_at = now(), attempts = 0, last_error = NULL
        WHERE sirene_verification.status <> 'PENDING';
    RETURN NEW;
END $$;
CREATE TRIGGER employer_registered_sirene AFTER INSERT ON employer
    FOR EACH ROW EXECUTE FUNCTION sirene_verification_request();
CREATE TRIGGER employer_siret_changed_sirene AFTER UPDATE OF siret ON employer
    FOR EACH ROW WHEN (OLD.siret IS DISTINCT FROM NEW.siret) EXECUTE FUNCTION sirene_verification_request();
-- employers registered before this migration are checked once too, at the same shared pace
INSERT INTO sirene_verification (siret) SELECT DISTINCT siret FROM employer ON CONFLICT (siret) DO NOTHING;

-- PARTNERS §4.6: one request every 60/limit seconds at most, shared by all hub nodes: a node takes the slot by
-- moving next_call_at forward (one row, one UPDATE); a 429 moves it by Retry-After.
CREATE TABLE sirene_rate_slot (
    id            int         PRIMARY KEY CHECK (id = 1),
    next_call_at  timestamptz NOT NULL
);
INSERT INTO sirene_rate_slot (id, next_call_at) VALUES (1, '-infinity');

-- StockEtablissementLiensSuccession rows whose predecessor the registry knows (EMP-40).
CREATE TABLE sirene_succession (
    predecessor          char(14)  NOT NULL,
    successor            char(14)  NOT NULL,
    succession_date      date      NOT NULL,
    head_office_transfer boolean   NOT NULL,
    economic_continuity  boolean   NOT NULL,
    processed_at         timestamp,
    PRIMARY KEY (predecessor, successor, succession_date)
);

-- What SIRENE said that the hub did not apply by itself, for a person (GET /api/v1/ops/sirene/reviews): successions
-- to another company, without economic continuity, or blocked by EMP-20; EMP-41 unknown or closed UNVERIFIED employers.
CREATE TABLE sirene_review (
    id                   bigserial   PRIMARY KEY,
    employer_id          uuid        REFERENCES employer (id) ON DELETE CASCADE,
    siret                char(14)    NOT NULL,
    kind                 varchar(4),
    rule                 varchar(12) NOT NULL,
    reason               varchar(32) NOT NULL,
    successor_siret      char(14),
    succession_date      date,
    head_office_transfer boolean,
    economic_continuity  boolean,
    message              text        NOT NULL,
    exchange_id          uuid        REFERENCES exchange (id),
    created_at           timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT sirene_review_once UNIQUE NULLS NOT DISTINCT (siret, kind, reason, successor_siret)
);
