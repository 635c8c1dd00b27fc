-- Records per flow and hour, for the dashboard's 24-hour chart. One row per (flow, hour), incremented by every
-- node: an hour bucket is small and bounded (flows × 24 rows a day), unlike a row per record.
CREATE TABLE flow_hour (
    flow       varchar(32) NOT NULL,
    hour       timestamptz NOT NULL,
    processed  bigint      NOT NULL DEFAULT 0,
    rejected   bigint      NOT NULL DEFAULT 0,
    failures   bigint      NOT NULL DEFAULT 0,
    PRIMARY KEY (flow, hour)
);
