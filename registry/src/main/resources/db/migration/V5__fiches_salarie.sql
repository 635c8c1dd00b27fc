-- Fiches salarié exchanged with ASP (PARTNERS §1): the FS of V1 completed, its history, the employee data of each hire,
-- update notifications, upload files and applied return files.

-- Employee data of a hire as received (API.md "employee", ASP's field names), read again whenever its FS is mapped.
CREATE TABLE hire_employee (
    hire_id      uuid        PRIMARY KEY REFERENCES hire (id) ON DELETE CASCADE,
    employee     jsonb       NOT NULL,
    received_at  timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE fiche_salarie
    ADD COLUMN missing                  text[]      NOT NULL DEFAULT '{}',            -- FS-02, API paths
    ADD COLUMN asp_file                 varchar(27),                                  -- last upload file that carried it
    ADD COLUMN asp_line                 int,
    ADD COLUMN asp_code                 varchar(4),
    ADD COLUMN asp_label                text,
    ADD COLUMN processed_as_duplicate   boolean     NOT NULL DEFAULT false,           -- return code 3436
    ADD COLUMN processed_at             timestamptz,
    ADD COLUMN sent_line                text,                                         -- the JSON line sent, as proof
    ADD COLUMN returned_line            text,                                         -- the line ASP returned, as proof
    ADD COLUMN updated_at               timestamptz NOT NULL DEFAULT now();           -- §1.3: oldest last update first
-- FS-03: one FS per (measure, SIRET, PASS) and none when one exists for the PASS at that mother SIRET, whatever its measure
ALTER TABLE fiche_salarie ADD CONSTRAINT fiche_salarie_once UNIQUE (pass_number, siret);
CREATE INDEX fiche_salarie_ready ON fiche_salarie (updated_at, id) WHERE status = 'READY';
CREATE INDEX fiche_salarie_pass ON fiche_salarie (pass_number);
CREATE INDEX fiche_salarie_siret ON fiche_salarie (siret) WHERE status = 'PROCESSED';

-- PARTNERS §1.8: every transition, with the file, line, code and label that caused it.
CREATE TABLE fiche_salarie_history (
    id           bigserial   PRIMARY KEY,
    fiche_id     uuid        NOT NULL REFERENCES fiche_salarie (id) ON DELETE CASCADE,
    at           timestamptz NOT NULL,
    transition   varchar(24) NOT NULL,
    status       varchar(10) NOT NULL,
    movement     char(1)     NOT NULL DEFAULT 'C' CHECK (movement IN ('C', 'M')),
    asp_file     varchar(27),
    asp_line     int,
    asp_code     varchar(4),
    asp_label    text,
    detail       text
);
CREATE INDEX fiche_salarie_history_fiche ON fiche_salarie_history (fiche_id, id);

-- PARTNERS §1.9: update notifications (typeMouvement M); at most one NEW per FS, a later change refreshes it.
CREATE TABLE fiche_salarie_update (
    id             uuid        PRIMARY KEY,
    fiche_id       uuid        NOT NULL REFERENCES fiche_salarie (id) ON DELETE CASCADE,
    status         varchar(10) NOT NULL CHECK (status IN ('NEW', 'SENT', 'PROCESSED', 'REJECTED')),
    reason         varchar(32) NOT NULL,
    asp_file       varchar(27),
    asp_line       int,
    asp_code       varchar(4),
    asp_label      text,
    sent_line      text,
    returned_line  text,
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL
);
CREATE UNIQUE INDEX fiche_salarie_update_one_new ON fiche_salarie_update (fiche_id) WHERE status = 'NEW';
CREATE INDEX fiche_salarie_update_pending ON fiche_salarie_update (updated_at, id) WHERE status = 'NEW';

-- Upload files (PARTNERS §1.3). A file is PREPARED (content and lines decided) before it is written to ASP, SENT once
-- the write succeeded: after a crash in between, the next run writes the same file again instead of building another
-- one with the same lines.
CREATE TABLE asp_upload (
    id           uuid        PRIMARY KEY,
    name         varchar(27) NOT NULL UNIQUE CHECK (name ~ '^RIAE_FS_[0-9]{14}\.json$'),
    movement     char(1)     NOT NULL CHECK (movement IN ('C', 'M')),
    status       varchar(10) NOT NULL CHECK (status IN ('PREPARED', 'SENT')),
    lines        int         NOT NULL,
    content      bytea       NOT NULL,
    sha256       char(64)    NOT NULL,
    prepared_at  timestamptz NOT NULL,
    sent_at      timestamptz,
    exchange_id  uuid REFERENCES exchange (id)
);
CREATE INDEX asp_upload_prepared ON asp_upload (prepared_at) WHERE status = 'PREPARED';

-- The line of each record in its upload file: a return line is matched by (file, numLigne).
CREATE TABLE asp_upload_line (
    upload_id   uuid    NOT NULL REFERENCES asp_upload (id) ON DELETE CASCADE,
    num_ligne   int     NOT NULL,
    fiche_id    uuid    NOT NULL,
    update_id   uuid,                                       -- set for an M line
    line        text    NOT NULL,
    PRIMARY KEY (upload_id, num_ligne)
);
CREATE INDEX asp_upload_line_fiche ON asp_upload_line (fiche_id);

-- Return files applied (PARTNERS §1.7); with the exchange journal's checksum, a re-delivery has no second effect.
CREATE TABLE asp_return (
    name         varchar(50) PRIMARY KEY,
    upload_id    uuid        NOT NULL REFERENCES asp_upload (id),
    sha256       char(64)    NOT NULL,
    applied_at   timestamptz NOT NULL,
    exchange_id  uuid        NOT NULL REFERENCES exchange (id)
);
