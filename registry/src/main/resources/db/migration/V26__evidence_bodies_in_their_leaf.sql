-- The bytes of a request, its answer and a published message are kept sealed in their own leaf's row, no longer in
-- evidence_body rows of their own (issue 20: what the evidence costs an issuance). Each of those rows added a random
-- key of 64 characters to evidence_body's index, three per PASS issued. evidence_body keeps the bytes of the leaves
-- written before; the verifier and the export read both. Content addressing is kept by the leaf itself: its sha256
-- and answer_sha256 name the clear bytes that these columns seal.
ALTER TABLE evidence_leaf
    ADD COLUMN body_key_id    char(16),
    ADD COLUMN request_sealed bytea,
    ADD COLUMN answer_sealed  bytea;
