-- 0005: where a statement stands in its report, for citations. page is the
-- 1-based PDF page (NULL for text input and imports); kamerstuk and url come
-- from the manifest ('' when it gives none).
ALTER TABLE observations ADD COLUMN page INTEGER;
ALTER TABLE events ADD COLUMN page INTEGER;
ALTER TABLE measure_status ADD COLUMN page INTEGER;
ALTER TABLE reports ADD COLUMN kamerstuk VARCHAR DEFAULT '';
ALTER TABLE reports ADD COLUMN url VARCHAR DEFAULT '';
