-- 0006: a sentence is stored once and observations refer to it. Before, every
-- figure stored its whole sentence, so a sentence with many figures (a table of
-- numbers read as one "sentence") multiplied the database. A sentence belongs
-- to one report (report NULL: an imported observation's) and goes with it;
-- observations.sentence_id is NULL when there is no sentence. The table is
-- rebuilt: DuckDB does not commit an UPDATE and a DROP COLUMN of one table in
-- one transaction.
CREATE TABLE sentences (
    id     BIGINT NOT NULL,
    report BIGINT,
    text   VARCHAR NOT NULL
);

INSERT INTO sentences
SELECT row_number() OVER (ORDER BY report NULLS FIRST, sentence), report, sentence
FROM (SELECT DISTINCT report, sentence FROM observations WHERE sentence <> '');

CREATE TABLE observations_0006 (
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
    line         INTEGER NOT NULL,
    source       VARCHAR NOT NULL,
    derivation   VARCHAR NOT NULL,
    citation     VARCHAR NOT NULL,
    note         VARCHAR NOT NULL,
    expected     BOOLEAN DEFAULT false,
    page         INTEGER,
    sentence_id  BIGINT
);

INSERT INTO observations_0006
SELECT o.id, o.report, o.report_date, o.measure, o.indicator, o.value, o.text, o.qualifier, o.lower, o.upper,
       o.kind, o.unit, o.period_start, o.period_end, o.line, o.source, o.derivation, o.citation, o.note,
       o.expected, o.page, s.id
FROM observations o
LEFT JOIN sentences s ON s.report IS NOT DISTINCT FROM o.report AND s.text = o.sentence
ORDER BY o.id;

DROP TABLE observations;
ALTER TABLE observations_0006 RENAME TO observations;
