-- The SIRENE verifications are queued by the sirene package's reaction to the employer events
-- (SireneVerificationRequests), in the transaction of the change: one way for a domain to react to another.
DROP TRIGGER employer_registered_sirene ON employer;
DROP TRIGGER employer_siret_changed_sirene ON employer;
DROP FUNCTION sirene_verification_request();
