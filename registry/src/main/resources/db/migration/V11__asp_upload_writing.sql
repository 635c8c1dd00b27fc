-- PARTNERS §1.2: a file is written to ASP under its final name and nothing may be listed afterwards. WRITING marks a
-- write begun: after a crash, a WRITING file may or may not be at ASP, so it is never written again (ASP must not get
-- the same lines twice); ASP's return file for it proves it arrived.
ALTER TABLE asp_upload DROP CONSTRAINT asp_upload_status_check;
ALTER TABLE asp_upload ADD CONSTRAINT asp_upload_status_check CHECK (status IN ('PREPARED', 'WRITING', 'SENT'));
ALTER TABLE asp_upload ADD COLUMN writing_at timestamptz;
CREATE INDEX asp_upload_writing ON asp_upload (writing_at) WHERE status = 'WRITING';
