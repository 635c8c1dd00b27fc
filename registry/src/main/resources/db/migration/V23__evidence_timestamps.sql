-- Evidence journal (issue 20), RFC 3161 part: the latest checkpoint is timestamped by an authority every minute or so;
-- a token over a checkpoint's note also dates every earlier checkpoint, which the later one extends. Insert-only, as
-- the rest of the evidence.

-- The certificates a token is verified with: the authority's TSA certificate first, its root last (PEM). One row per
-- chain, however many tokens it signs.
CREATE TABLE evidence_tsa_chain (
    chain_id    char(64)    PRIMARY KEY,                  -- SHA-256 of pem (UTF-8), hex
    pem         text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE evidence_timestamp (
    checkpoint_size  bigint      PRIMARY KEY REFERENCES evidence_checkpoint (size),
    -- RFC 3161 TimeStampToken (CMS SignedData, DER) over the SHA-256 of the checkpoint's note (UTF-8)
    token            bytea       NOT NULL,
    chain_id         char(64)    NOT NULL REFERENCES evidence_tsa_chain (chain_id),
    -- read from the token when it was stored, for the ops view: its genTime and its TSA certificate's subject
    stamped_at       timestamptz NOT NULL,
    authority        text        NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now()
);

SELECT evidence_insert_only_triggers(evidence) FROM unnest(ARRAY['evidence_tsa_chain', 'evidence_timestamp']) evidence;
