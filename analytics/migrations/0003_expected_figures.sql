-- 0003: a figure stated in the future tense ("zal ... zijn bezocht") is an
-- expectation, not a value reached: pages and exports mark it and never show
-- it as the latest value. Existing rows get false (DuckDB takes no NOT NULL
-- in ADD COLUMN; every write gives the column a value).
ALTER TABLE observations ADD COLUMN expected BOOLEAN DEFAULT false;
