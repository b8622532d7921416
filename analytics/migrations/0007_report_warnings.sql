-- 0007: what the extraction found wrong with a report's table (rows out of
-- order, twice or outside the catalog, where the table ends, missing rows),
-- stored with the report: seq orders them as found, line is 0 for the report
-- as a whole, page NULL for text input.
CREATE TABLE report_warnings (
    report  BIGINT NOT NULL,
    seq     INTEGER NOT NULL,
    line    INTEGER NOT NULL,
    page    INTEGER,
    message VARCHAR NOT NULL
);
