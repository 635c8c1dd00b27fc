-- Fewer writes per leaf (issue 20: what the evidence costs an issuance). The rows that name a leaf by its id are
-- written by the statement that inserts the leaf (evidence_unsealed, evidence_leaf_pass) or by the sealer from the
-- leaves it has just read (evidence_position): their foreign keys only read the new leaf again and lock it, one more
-- WAL record each. A position whose leaf is missing still breaks the verifier's recount of the tree (a gap).
ALTER TABLE evidence_unsealed DROP CONSTRAINT evidence_unsealed_leaf_id_fkey;
ALTER TABLE evidence_leaf_pass DROP CONSTRAINT evidence_leaf_pass_leaf_id_fkey;
ALTER TABLE evidence_position DROP CONSTRAINT evidence_position_leaf_id_fkey;

-- A request's leaf has no journal row: only the leaves of files are indexed by it, still once each.
ALTER TABLE evidence_leaf DROP CONSTRAINT evidence_leaf_exchange_id_key;
CREATE UNIQUE INDEX evidence_leaf_exchange ON evidence_leaf (exchange_id) WHERE exchange_id IS NOT NULL;
