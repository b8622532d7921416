-- 0001: the initial schema. Ids are handed out by the one writer (max + 1,
-- counted in memory), so a replaced report's rows get new ids.

-- Reference data from the catalog (data/), loaded at open.
CREATE TABLE clusters (
    id            VARCHAR PRIMARY KEY,
    name          VARCHAR NOT NULL,
    name_en       VARCHAR NOT NULL,
    first_measure INTEGER NOT NULL,
    last_measure  INTEGER NOT NULL
);

-- Measures of the programme: the catalog's, plus any first seen in a report.
CREATE TABLE measures (
    nr      INTEGER PRIMARY KEY,
    title   VARCHAR NOT NULL,
    cluster VARCHAR
);

-- Indicators: the catalog's (from_catalog) plus ids first seen in a report.
CREATE TABLE indicators (
    id           VARCHAR PRIMARY KEY,
    measure      INTEGER NOT NULL,
    label        VARCHAR NOT NULL,
    label_en     VARCHAR NOT NULL,
    unit         VARCHAR NOT NULL,
    kind         VARCHAR NOT NULL,
    key          BOOLEAN NOT NULL,
    cues         VARCHAR[] NOT NULL,
    from_catalog BOOLEAN NOT NULL,
    first_report BIGINT
);

-- One row per ingested report.
CREATE TABLE reports (
    id           BIGINT PRIMARY KEY,
    file         VARCHAR NOT NULL,
    title        VARCHAR NOT NULL,
    sha256       VARCHAR NOT NULL,
    report_date  DATE NOT NULL,
    period_start DATE,
    ingested_at  TIMESTAMP NOT NULL
);

-- The status text of each measure in each report.
CREATE TABLE measure_status (
    report  BIGINT NOT NULL,
    measure INTEGER NOT NULL,
    title   VARCHAR NOT NULL,
    status  VARCHAR NOT NULL,
    line    INTEGER NOT NULL
);

-- Every value of an indicator: extracted from a report, derived, or imported.
-- indicator is NULL for figures that matched no indicator.
CREATE TABLE observations (
    id           BIGINT NOT NULL,
    report       BIGINT,
    report_date  DATE,
    measure      INTEGER NOT NULL,
    indicator    VARCHAR,
    value        DOUBLE NOT NULL,
    text         VARCHAR NOT NULL,
    qualifier    VARCHAR NOT NULL,
    lower        DOUBLE,
    upper        DOUBLE,
    kind         VARCHAR NOT NULL,
    unit         VARCHAR NOT NULL,
    period_start DATE,
    period_end   DATE NOT NULL,
    sentence     VARCHAR NOT NULL,
    line         INTEGER NOT NULL,
    source       VARCHAR NOT NULL,
    derivation   VARCHAR NOT NULL,
    citation     VARCHAR NOT NULL,
    note         VARCHAR NOT NULL
);

-- Dated milestones of measures, as reports state them.
CREATE TABLE events (
    id        BIGINT NOT NULL,
    report    BIGINT NOT NULL,
    measure   INTEGER NOT NULL,
    date      DATE NOT NULL,
    precision VARCHAR NOT NULL,
    type      VARCHAR NOT NULL,
    label     VARCHAR NOT NULL,
    sentence  VARCHAR NOT NULL,
    line      INTEGER NOT NULL
);
