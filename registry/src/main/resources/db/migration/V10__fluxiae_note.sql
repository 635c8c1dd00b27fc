-- PARTNERS §2.2: a delivery whose views have no FIN line is accepted, and its journal entry says so
ALTER TABLE conventions_import ADD COLUMN note text;
