-- Who sent each hire's application, for its fiche salarié's orienteur (PARTNERS §1.6): a reused PASS or a migrated
-- agrément is declared to ASP with its own hire's sender, not with the snapshot of the hire that issued the PASS (PASS-28).
ALTER TABLE hire
    ADD COLUMN sender                varchar(12) CHECK (sender IN ('JOB_SEEKER', 'PRESCRIBER', 'EMPLOYER')),
    ADD COLUMN prescriber_kind       text,
    ADD COLUMN prescriber_authorized boolean;

-- Hires declared before this version: only the one that issued its PASS has a known sender, the PASS's snapshot.
-- The others (reuses, migrated agréments) were never recorded and keep none.
UPDATE hire h
SET sender = p.origin_sender, prescriber_kind = p.origin_prescriber_kind,
    prescriber_authorized = p.origin_prescriber_authorized
FROM pass p
WHERE p.number = h.pass_number
  AND p.origin = 'ISSUED'
  AND h.id = (SELECT issuing.id FROM hire issuing
              WHERE issuing.pass_number = p.number AND issuing.siret = p.origin_siret AND issuing.kind = p.origin_kind
              ORDER BY issuing.accepted_at, issuing.id
              LIMIT 1);
