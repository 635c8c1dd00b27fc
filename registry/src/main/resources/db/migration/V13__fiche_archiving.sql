-- PARTNERS §1.8: archiving drops the kept proof, the lines sent and returned, which hold the NIR; an upload file's line
-- goes with it, and the file's bytes once none of its lines is left
ALTER TABLE asp_upload_line ALTER COLUMN line DROP NOT NULL;
