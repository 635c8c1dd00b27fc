-- ARCHITECTURE, scale-out: the France Travail dispatcher leads through a lease of the `lease` table, renewed during its
-- whole cycle and checked by the cycle's commits; its own lease, renewed only at the start of a cycle, is gone.
DROP TABLE ft_dispatch_lease;

-- The latest slot each schedule has run (asp-upload), whichever node ran it: a node whose check comes after the leader
-- gave its lease up finds the slot run and does not run it a second time.
CREATE TABLE schedule_slot (
    schedule text PRIMARY KEY,
    slot     timestamptz NOT NULL
);

-- The daily PASS file takes the history lines committed and in no file yet, and marks them with its name: a change
-- stamped before a file but committed after the file's selection goes into the next file, where a window on `at` lost it.
ALTER TABLE pass_history ADD COLUMN ft_file text;
-- what the files written so far covered with their windows is not sent again
UPDATE pass_history h SET ft_file = f.name FROM ft_pass_file f WHERE h.at > f.since AND h.at <= f.until;
CREATE INDEX pass_history_ft_file_pending ON pass_history (id) WHERE ft_file IS NULL;
ALTER TABLE ft_pass_file DROP COLUMN since;
