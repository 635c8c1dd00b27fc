-- Evidence journal (issue 20), second part: the files kept as exchanged (evidence_object); leaves for requests (a
-- REST call or a Kafka message that changes the registry, with the hub's answer), which have no exchange journal row;
-- the bytes of each request and answer, kept encrypted (they name persons); the PASS numbers each leaf concerns, for
-- the auditor's export by PASS.

-- sha256 and answer_sha256 repeat the leaf's own members (which the verifier checks), so that its kept bytes are
-- found by a join
ALTER TABLE evidence_leaf ALTER COLUMN exchange_id DROP NOT NULL,
    ADD COLUMN sha256 char(64), ADD COLUMN answer_sha256 char(64);

-- Exact wire bytes, content-addressed: the SHA-256 of the clear bytes, which the leaves name; AES-256-GCM under key_id.
CREATE TABLE evidence_body (
    sha256      char(64)    PRIMARY KEY,
    key_id      char(16)    NOT NULL,
    sealed      bytea       NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE evidence_leaf_pass (
    pass_number varchar(12) NOT NULL,
    leaf_id     bigint      NOT NULL REFERENCES evidence_leaf (id),
    PRIMARY KEY (pass_number, leaf_id)
);

-- The insert-only triggers of V21, once for every evidence table made from here on.
CREATE FUNCTION evidence_insert_only_triggers(evidence text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('CREATE TRIGGER %I BEFORE UPDATE OR DELETE ON %I FOR EACH ROW EXECUTE FUNCTION evidence_insert_only()',
                   evidence || '_insert_only', evidence);
    EXECUTE format('CREATE TRIGGER %I BEFORE TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION evidence_insert_only()',
                   evidence || '_no_truncate', evidence);
END
$$;

-- The files kept as exchanged (EvidenceStore): one row per object of the store, named by its SHA-256, kept until its
-- partner's retention ends.
CREATE TABLE evidence_object (
    sha256      char(64)    PRIMARY KEY,
    size        bigint      NOT NULL,
    sealed      boolean     NOT NULL,
    key_id      char(16),
    partner     text        NOT NULL,
    kept_at     timestamptz NOT NULL,
    kept_until  timestamptz NOT NULL
);

SELECT evidence_insert_only_triggers(evidence)
FROM unnest(ARRAY['evidence_body', 'evidence_leaf_pass', 'evidence_object']) evidence;
