-- 0009: a measure first seen in a report (a row numbered outside the
-- catalog) records that report, and is not part of the catalog that reading
-- later reports uses: a row that a broken table numbered 99 had become
-- catalog measure 99, and a later report's "99 ..." line a row without a
-- warning. NULL for the catalog's measures, and for every measure stored
-- before (which of those came from a report is not known).
ALTER TABLE measures ADD COLUMN first_report BIGINT;
