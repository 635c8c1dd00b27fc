-- LEG-07 at a hire: the person's agréments not linked yet (or overtaken by another PASS of theirs, tried again),
-- found by France Travail id + birth date (ID-61).
CREATE INDEX ft_agrement_pending_person ON ft_agrement (france_travail_id, birth_date)
    WHERE (status IN ('NEW', 'UNLINKED') OR reject_code = 'LEG_PASS_OVERLAP');

-- Rows of an agréments file folded into another row of the same root (LEG-04).
ALTER TABLE ft_agrement_run ADD COLUMN merged bigint NOT NULL DEFAULT 0;

-- What became of each record of a unit, by outcome, for flows whose records end in more ways than applied, unchanged
-- or rejected. json, not jsonb: the outcomes keep the order the flow gives them.
ALTER TABLE exchange ADD COLUMN outcomes json;
