-- The indexes from a move or a journal to the document it comes from were keyed by the kind of
-- document first (stock_moves: reference_type, reference_id; journals: source_type, source_id).
-- A handful of kinds against a near-unique id: every comparison while building or inserting
-- compared the repeated text first, and a lookup by the document's id alone (the stock move
-- list's referenceId filter) could not use the index. Keyed by the id first, the same lookups by
-- kind and id are served, by id alone too, and building the index takes about 2.5 times less
-- (stock_moves at demo scale 3, 566,000 rows: 960 ms → 388 ms; issue #5).
DROP INDEX stock_moves_reference_idx;
CREATE INDEX stock_moves_reference_idx ON stock_moves (reference_id, reference_type);
DROP INDEX journals_source_idx;
CREATE INDEX journals_source_idx ON journals (source_id, source_type);
