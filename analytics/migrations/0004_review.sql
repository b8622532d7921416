-- 0004: the review queue, decisions and the audit log.

-- One row per extracted figure (observation with source 'extracted'): how it
-- was matched, and its review state. state is the figure as it stands now and
-- original as extracted (both JSON of peil.FigureState); the observation row
-- holds the state too, except that a rejected figure has no indicator there.
CREATE TABLE figure_review (
    observation  BIGINT NOT NULL,
    report       BIGINT NOT NULL,
    seq          INTEGER NOT NULL,   -- 1 for the first figure with this sentence and text in the report, 2 for the next
    score        DOUBLE NOT NULL,    -- 0..1
    reason       VARCHAR NOT NULL,
    alternatives VARCHAR NOT NULL,   -- JSON array of peil.Alternative
    matched      VARCHAR NOT NULL,   -- status as matched: auto or open
    status       VARCHAR NOT NULL,   -- auto, open, confirmed, corrected, rejected
    version      INTEGER NOT NULL,   -- 1 at ingest, one more per decision or undo
    decision     BIGINT,             -- the decision in force
    reviewer     VARCHAR NOT NULL,
    decided_at   TIMESTAMP,
    original     VARCHAR NOT NULL,
    state        VARCHAR NOT NULL,
    page         INTEGER             -- PDF page of the number; NULL for text input
);

-- Review decisions, keyed by what the figure is: the report's content hash,
-- the sentence and the text as written (and seq), so that they survive
-- re-ingest. before and after are JSON of peil.FigureState.
CREATE TABLE decisions (
    id            BIGINT NOT NULL,
    "at"          TIMESTAMP NOT NULL,
    actor         VARCHAR NOT NULL,
    action        VARCHAR NOT NULL,
    report_sha256 VARCHAR NOT NULL,
    sentence      VARCHAR NOT NULL,
    text          VARCHAR NOT NULL,
    seq           INTEGER NOT NULL,
    status        VARCHAR NOT NULL,
    before        VARCHAR NOT NULL,
    after         VARCHAR NOT NULL,
    why           VARCHAR NOT NULL,
    cues_added    VARCHAR[] NOT NULL,
    created       VARCHAR,           -- the indicator new-indicator created
    undone_at     TIMESTAMP,
    undone_by     VARCHAR
);

-- Append-only record of every change to the catalog and every decision (and,
-- later, of accounts and sessions): who, when, what, and the subject before
-- and after as JSON ('' when there was none).
CREATE TABLE audit_log (
    id          BIGINT NOT NULL,
    "at"        TIMESTAMP NOT NULL,
    actor       VARCHAR NOT NULL,
    action      VARCHAR NOT NULL,
    subject     VARCHAR NOT NULL,
    before_json VARCHAR NOT NULL,
    after_json  VARCHAR NOT NULL
);

-- Figures stored before review existed: open when they have no indicator,
-- auto otherwise, with the score unknown (1 or 0) and no alternatives.
INSERT INTO figure_review
SELECT o.id, o.report,
       row_number() OVER (PARTITION BY o.report, o.sentence, o.text ORDER BY o.line, o.id),
       CASE WHEN o.indicator IS NULL THEN 0 ELSE 1 END,
       'van voor de beoordeling: score onbekend', '[]',
       CASE WHEN o.indicator IS NULL THEN 'open' ELSE 'auto' END,
       CASE WHEN o.indicator IS NULL THEN 'open' ELSE 'auto' END,
       1, NULL, '', NULL, s.state, s.state, NULL
FROM observations o,
     LATERAL (SELECT json_object('measure', o.measure, 'indicator', o.indicator, 'value', o.value,
                     'qualifier', o.qualifier, 'kind', o.kind,
                     'period_start', CAST(o.period_start AS VARCHAR), 'period_end', CAST(o.period_end AS VARCHAR),
                     'lower', o.lower, 'upper', o.upper)::VARCHAR AS state) s
WHERE o.source = 'extracted' AND o.report IS NOT NULL;
