-- Saved reports of the report builder (server/modules/analytics/reports). A report stores what to
-- ask the semantic layer, never figures: each run goes through the analytics query with the
-- caller's own scope, so a report shared by the director shows a rep only the rep's regions.
--   query  {filters, period, comparison}: period is {kind:'relative', period:'this_year'|…} or
--          {kind:'fixed', from, to}; resolved to dates on every run (contracts/saved-reports.ts).
--   layout {rows, columns, values}: dimensions laid out as rows and columns, measures as values;
--          the analytics query's dimensions are rows then columns, its measures the values.
CREATE TABLE saved_reports (
  id                 bigserial PRIMARY KEY,
  name               text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 120),
  owner_id           bigint NOT NULL REFERENCES users(id),
  query              jsonb NOT NULL,
  layout             jsonb NOT NULL,
  chart_kind         text NOT NULL CHECK (chart_kind IN ('table', 'pivot', 'bar', 'line', 'pie', 'funnel', 'scatter')),
  -- Users holding any of these roles may open and run the report (only the owner changes it).
  shared_with_roles  text[] NOT NULL DEFAULT '{}' CHECK (shared_with_roles <@ ARRAY['admin','sales_rep',
                       'regional_manager','sales_director','general_manager','finance','finance_director',
                       'warehouse','quality','marketing','legal','distributor']::text[]),
  version            integer NOT NULL DEFAULT 1,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT saved_reports_owner_name_key UNIQUE (owner_id, name)
);

-- "Shared with any of my roles" is an array overlap (&&).
CREATE INDEX saved_reports_shared_with_roles_idx ON saved_reports USING gin (shared_with_roles);
