-- The sealer finds the leaves to seal by the transaction that wrote them, no longer in a queue (issue 20: what the
-- evidence costs an issuance). Each evidence_unsealed row was one more insert and one more delete per leaf, and dead
-- rows for the vacuum, on every exchange's path.
--
-- txid is the writing transaction's id. A seal takes the lowest id of the transactions still running (its snapshot's
-- xmin): every leaf written by an earlier one is committed or gone, so the leaves whose txid lies between the previous
-- seal's horizon and this one are all there is to seal, each in exactly one seal. BRIN: the leaves are only ever
-- appended, in about the order of their transactions, so a summary of each range of pages finds a window cheaply and
-- costs an insert next to nothing.
--
-- The leaves written before this migration get txid 0: the first seal after it starts from 0 (no checkpoint has a
-- horizon yet) and seals those the queue still held, once; a leaf that has a position is never sealed again.
ALTER TABLE evidence_leaf ADD COLUMN txid bigint NOT NULL DEFAULT 0;
ALTER TABLE evidence_leaf ALTER COLUMN txid SET DEFAULT pg_current_xact_id()::text::bigint;
CREATE INDEX evidence_leaf_txid ON evidence_leaf USING brin (txid);

-- where the next seal starts: every leaf of a transaction below it has a position
ALTER TABLE evidence_checkpoint ADD COLUMN horizon bigint;

DROP TABLE evidence_unsealed;
