-- Failures in a row of one delivered file (its flow, name and size), shared by every node: after a few, the file is
-- moved to quarantine/ instead of being downloaded and failed at every poll for ever (FILE-03).
CREATE TABLE file_failure (
    flow        varchar(32) NOT NULL,
    name        text        NOT NULL,
    size        bigint      NOT NULL,
    failures    integer     NOT NULL,
    last_error  text,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (flow, name, size)
);
