-- Conventionnement (DOMAIN §4.3–4.5), kept true by the ASP fluxIAE deliveries (PARTNERS §2).

-- EMP-11: one convention per (ASP structure id, kind), shared by its employer known to ASP and its antennas.
CREATE TABLE convention (
    id               uuid        PRIMARY KEY,
    asp_id           bigint      NOT NULL,
    kind             varchar(4)  NOT NULL CHECK (kind IN ('ACI', 'AI', 'EI', 'ETTI', 'EITI')),
    siret_signature  char(14)    NOT NULL,                                              -- EMP-21
    active           boolean     NOT NULL,                                              -- EMP-17
    deactivated_at   timestamptz,                                                       -- EMP-31
    reactivated_at   timestamptz,                                                       -- EMP-33, by support staff
    reactivated_by   text,
    updated_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT convention_unique UNIQUE (asp_id, kind)
);

-- EMP-13/EMP-15: one annex per number within its convention.
CREATE TABLE financial_annex (
    convention_id  uuid        NOT NULL REFERENCES convention (id) ON DELETE CASCADE,
    number         varchar(17) NOT NULL,
    start_date     date        NOT NULL,
    end_date       date        NOT NULL,
    state          varchar(10) NOT NULL
        CHECK (state IN ('VALIDE', 'PROVISOIRE', 'HISTORISE', 'ANNULE', 'SAISI', 'BROUILLON', 'CLOTURE', 'REJETE')),
    PRIMARY KEY (convention_id, number)
);

-- The employer known to ASP (asp_id set) and its antennas (asp_id null) point at their convention (EMP-12).
ALTER TABLE employer
    ADD COLUMN convention_id  uuid REFERENCES convention (id),
    ADD COLUMN naf            varchar(6),
    ADD COLUMN address_line1  text,
    ADD COLUMN address_line2  text,
    ADD COLUMN postal_code    char(5),
    ADD COLUMN commune        text,
    ADD COLUMN insee_code     varchar(5),
    ADD COLUMN phone          char(10),
    ADD COLUMN updated_at     timestamptz;
CREATE INDEX employer_convention ON employer (convention_id);

-- EMP-20/EMP-40: SIRETs an employer had before; a look-up by one of them finds the employer.
CREATE TABLE employer_previous_siret (
    employer_id  uuid        NOT NULL REFERENCES employer (id) ON DELETE CASCADE,
    siret        char(14)    NOT NULL,
    replaced_at  timestamptz NOT NULL,
    PRIMARY KEY (employer_id, siret)
);
CREATE INDEX employer_previous_siret_siret ON employer_previous_siret (siret);

-- A delivery being imported: both views are validated and staged first (PARTNERS §2.1: a file-level error leaves
-- the registry untouched), then applied in chunks of structure ids; exchange.checkpoint is the last id applied,
-- so an interrupted import resumes there with the same decisions (import time, threshold).
CREATE TABLE conventions_import (
    exchange_id            uuid        PRIMARY KEY REFERENCES exchange (id),
    imported_at            timestamptz NOT NULL,
    deactivations          int         NOT NULL DEFAULT 0,
    deactivations_allowed  boolean     NOT NULL DEFAULT true,                           -- EMP-34
    received               int         NOT NULL DEFAULT 0,
    applied                int         NOT NULL DEFAULT 0,
    rejected               int         NOT NULL DEFAULT 0
);

-- Staged rows; an invalid structure row is staged too (valid = false) so its structure is left untouched.
CREATE TABLE conventions_staged_structure (
    exchange_id      uuid    NOT NULL REFERENCES conventions_import (exchange_id) ON DELETE CASCADE,
    asp_id           bigint  NOT NULL,
    line             bigint  NOT NULL,
    valid            boolean NOT NULL,
    siret_signature  char(14),
    siret_current    char(14),
    name             text,
    naf              varchar(6),
    address_line1    text,
    address_line2    text,
    postal_code      char(5),
    commune          text,
    insee_code       varchar(5),
    phone            char(10)
);
CREATE INDEX conventions_staged_structure_id ON conventions_staged_structure (exchange_id, asp_id);

CREATE TABLE conventions_staged_annex (
    exchange_id  uuid        NOT NULL REFERENCES conventions_import (exchange_id) ON DELETE CASCADE,
    asp_id       bigint      NOT NULL,
    line         bigint      NOT NULL,
    kind         varchar(4)  NOT NULL,
    number       varchar(17) NOT NULL,
    start_date   date        NOT NULL,
    end_date     date        NOT NULL,
    state        varchar(10) NOT NULL
);
CREATE INDEX conventions_staged_annex_id ON conventions_staged_annex (exchange_id, asp_id);
