-- PARTNERS §3.4: the identity look-up searches by birth name, which the hub knows only from the NOM_NAISS_BENE of the
-- person's linked agréments; read for every notification due and every failed look-up at each dispatch cycle.
CREATE INDEX ft_agrement_person ON ft_agrement (person_id) WHERE status = 'LINKED';
