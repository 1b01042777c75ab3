-- invoice_lines_invoice_idx (invoice_id, migration 0009) repeats the first column of the unique
-- index on (invoice_id, line_no), which serves every lookup of an invoice's lines as well: the
-- second index only cost each insert (and the demo load's index builds, issue #5) its upkeep.
DROP INDEX invoice_lines_invoice_idx;
