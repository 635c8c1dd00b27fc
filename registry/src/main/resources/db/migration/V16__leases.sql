-- ARCHITECTURE, scale-out: what one node holds at a time (an exchange being applied, a scheduled exchange's slot) is a
-- lease row, taken and renewed by compare-and-set. The token grows at every take-over: a node that paused past its
-- lease finds another token in place and must not commit (fencing). Rows are kept when released, so that the token
-- never goes back.
CREATE TABLE lease (
    name       text PRIMARY KEY,
    owner      text        NOT NULL,
    token      bigint      NOT NULL,
    expires_at timestamptz NOT NULL
);
