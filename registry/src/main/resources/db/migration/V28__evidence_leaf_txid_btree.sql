-- The sealer's window by transaction (V27) read through a B-tree, not a BRIN (issue 20). A BRIN range summarises only
-- once a vacuum or brin_summarize_new_values() has run over it: the pages added since the last vacuum are read and
-- rechecked in full by every seal. Under the issuance benchmark each seal read 2,769 pages (19,584 rows rechecked,
-- none to seal) in 67 ms, every 5 s, and that tail grows with the table (autovacuum comes after 20 % more rows). The
-- B-tree is appended to at its right edge like the primary key, and gives the leaves of a window in the order they
-- are sealed in (txid, id), so a seal reads only what it seals.
DROP INDEX evidence_leaf_txid;
CREATE INDEX evidence_leaf_txid ON evidence_leaf (txid, id);
