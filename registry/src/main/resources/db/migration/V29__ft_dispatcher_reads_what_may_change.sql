-- The France Travail dispatcher prepares its queue every second (PARTNERS §3.6 steps 1 and 2, NotificationQueue). Two
-- of its statements read far more than what they may change, and grew with the registry (issue 15): under the
-- issuance benchmark, with 80,000 PASS, they took 40 % of PostgreSQL's time.
--
-- Step 1 reopens the failed look-ups, which pass_ft_open leaves out: it read every PASS (a sequential scan, 56 ms).
CREATE INDEX pass_ft_lookup_failed ON pass (person_id) WHERE ft_status = 'ERROR' AND ft_endpoint = 'rech_individu';
CREATE INDEX cancelled_pass_ft_lookup_failed ON cancelled_pass (person_id)
    WHERE ft_status = 'ERROR' AND ft_endpoint = 'rech_individu';

-- Step 2 names the pre-check that stops each PASS still PENDING: it joined every one with its person (257 ms). A PASS
-- that starts later can only be STARTS_IN_FUTURE; this index holds those not marked so yet (the new ones, those whose
-- dates changed), so that the others are not read until they start.
CREATE INDEX pass_ft_future_unmarked ON pass (start_date)
    WHERE ft_status = 'PENDING' AND ft_exit_code IS DISTINCT FROM 'STARTS_IN_FUTURE';
