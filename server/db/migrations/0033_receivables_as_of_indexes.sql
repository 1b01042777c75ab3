-- Receivables as of a day (the analytics source `receivables`, semantic.sources.ts) read only the
-- invoices that can be open then: open now (invoices_open_idx), or settled after the day. These
-- find the settlements after a day without reading the whole history.
CREATE INDEX allocations_allocated_on_idx ON allocations (allocated_on);
CREATE INDEX write_offs_written_off_on_idx ON write_offs (written_off_on) WHERE status = 'approved';
CREATE INDEX invoices_open_id_idx ON invoices (id) WHERE open_amount > 0;
