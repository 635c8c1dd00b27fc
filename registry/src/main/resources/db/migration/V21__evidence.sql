-- Evidence journal (issue 20), first part: a leaf for every unit the exchange journal records, written in the same
-- statement as its journal row; a sealer that gives the leaves contiguous positions in an RFC 6962 Merkle tree and
-- signs a checkpoint of it. Leaves, positions, keys and checkpoints are insert-only.

CREATE TABLE evidence_leaf (
    id           bigserial   PRIMARY KEY,
    exchange_id  uuid        NOT NULL UNIQUE REFERENCES exchange (id),
    body         bytea       NOT NULL,                    -- canonical leaf, versioned (EvidenceLeaf)
    leaf_hash    bytea       NOT NULL CHECK (length(leaf_hash) = 32),
    created_at   timestamptz NOT NULL DEFAULT now()
);

-- Leaves not sealed yet: the sealer's queue, the only evidence table rows leave.
CREATE TABLE evidence_unsealed (
    leaf_id  bigint PRIMARY KEY REFERENCES evidence_leaf (id)
);

CREATE TABLE evidence_position (
    position  bigint PRIMARY KEY CHECK (position >= 0),
    leaf_id   bigint NOT NULL UNIQUE REFERENCES evidence_leaf (id)
);

CREATE TABLE evidence_key (
    key_id      char(64) PRIMARY KEY,                     -- SHA-256 of the public key, hex
    public_key  bytea    NOT NULL,                        -- X.509 SubjectPublicKeyInfo, Ed25519
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE evidence_checkpoint (
    size        bigint      PRIMARY KEY CHECK (size > 0),
    root        bytea       NOT NULL CHECK (length(root) = 32),
    -- the roots of the perfect subtrees along the tree's right border, largest first: the next seal extends the
    -- tree from them without reading the earlier leaves
    border      bytea       NOT NULL,
    -- RFC 6962 consistency proof from the previous checkpoint to this one; null for the first
    consistency bytea,
    note        text        NOT NULL,                     -- the signed text: origin, size, root (base64)
    key_id      char(64)    NOT NULL REFERENCES evidence_key (key_id),
    signature   bytea       NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE FUNCTION evidence_insert_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'evidence is insert-only: % on % refused', TG_OP, TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END
$$;

DO $$
DECLARE
    evidence text;
BEGIN
    FOREACH evidence IN ARRAY ARRAY['evidence_leaf', 'evidence_position', 'evidence_key', 'evidence_checkpoint'] LOOP
        EXECUTE format('CREATE TRIGGER %I BEFORE UPDATE OR DELETE ON %I FOR EACH ROW EXECUTE FUNCTION evidence_insert_only()',
                       evidence || '_insert_only', evidence);
        EXECUTE format('CREATE TRIGGER %I BEFORE TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION evidence_insert_only()',
                       evidence || '_no_truncate', evidence);
    END LOOP;
END
$$;
