-- The daily PASS file in two steps, as the fiches salarié uploads: its changes are taken and its bytes kept in one
-- commit (PREPARED), then the file is written and said WRITTEN. A node that dies in between leaves a PREPARED file,
-- written again with the same name and bytes by the next run: every change is in exactly one file, whatever the crash.
ALTER TABLE ft_pass_file ADD COLUMN content bytea;
ALTER TABLE ft_pass_file ADD COLUMN status varchar(8) NOT NULL DEFAULT 'WRITTEN' CHECK (status IN ('PREPARED', 'WRITTEN'));
