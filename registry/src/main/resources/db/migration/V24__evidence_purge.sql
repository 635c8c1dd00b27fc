-- Evidence journal (issue 20), retention: a kept file whose partner's retention has ended is removed from the store
-- (EvidenceStore.purgeExpired). Its leaf and its evidence_object row stay, and say what the bytes were; this row says
-- when they went, so that neither the verifier nor an auditor's export takes the removal for a loss.
CREATE TABLE evidence_purge (
    sha256     char(64)    PRIMARY KEY REFERENCES evidence_object (sha256),
    purged_at  timestamptz NOT NULL
);

SELECT evidence_insert_only_triggers('evidence_purge');
