-- Conventionnement import, second part (DOMAIN EMP-22, EMP-32); V2 is released and stays as it was.

-- EMP-22: the delivered structure row that a convention followed from its previous structure id (moved before the
-- chunks, ConventionMoves); the row counts as applied even when nothing else of it changes.
ALTER TABLE conventions_staged_structure ADD COLUMN moved boolean NOT NULL DEFAULT false;

-- EMP-32: an employer is deleted after its grace period only when no hire points at it; without this index every
-- deleted employer would cost PostgreSQL's foreign-key check a full scan of hire.
CREATE INDEX hire_employer ON hire (employer_id);
