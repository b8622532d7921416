-- 0008: a report is identified by the sha256 of its normalised text
-- (ingest.TextHash: no BOM, LF line ends, no trailing white space; of a PDF
-- its bytes), so that a byte-different file with the same text is the same
-- report. '' for reports stored before: they are still found by the sha256 of
-- their file, and get their text hash when they are stored again.
ALTER TABLE reports ADD COLUMN text_sha256 VARCHAR DEFAULT '';
