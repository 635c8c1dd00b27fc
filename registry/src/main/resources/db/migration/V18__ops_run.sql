-- Runs of a flow started on demand (POST /ops/flows/{flow}/run). The node that runs one writes its state here, so
-- that GET /ops/runs/{id} answers the same on every node behind a load balancer.
CREATE TABLE ops_run (
    id           uuid        PRIMARY KEY,
    flow         varchar(32) NOT NULL,
    state        varchar(8)  NOT NULL CHECK (state IN ('RUNNING', 'DONE', 'FAILED')),
    started_at   timestamptz NOT NULL,
    finished_at  timestamptz,
    processed    bigint,
    rejected     bigint,
    error        text,
    node         text        NOT NULL
);
