-- KPI alerts (server/modules/analytics/alerts). An alert stores a question for the semantic
-- layer (one measure, filters, a relative period) and a condition; the daily job evaluates it
-- as its owner — the owner's scope and measure permissions — and notifies when the condition
-- becomes true. The last state is kept so that a condition that stays true notifies once
-- (edge-triggered); it notifies again only after it was false in between.
CREATE TABLE kpi_alerts (
  id                 bigserial PRIMARY KEY,
  name               text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 120),
  owner_id           bigint NOT NULL REFERENCES users(id),
  measure            text NOT NULL,
  -- [{dimension, op, values}], the analytics query's filters.
  filters            jsonb NOT NULL DEFAULT '[]',
  period             text NOT NULL CHECK (period IN ('today', 'last_7_days', 'last_30_days', 'month_to_date',
                                                     'last_month', 'quarter_to_date', 'year_to_date')),
  operator           text NOT NULL CHECK (operator IN ('>', '>=', '<', '<=')),
  -- In the unit the analytics query returns: fen for money measures, a fraction for rates.
  threshold          numeric NOT NULL,
  -- Besides the owner, users holding any of these roles (who see at least what the owner sees).
  notify_roles       text[] NOT NULL DEFAULT '{}' CHECK (notify_roles <@ ARRAY['admin','sales_rep',
                       'regional_manager','sales_director','general_manager','finance','finance_director',
                       'warehouse','quality','marketing','legal','distributor']::text[]),
  is_active          boolean NOT NULL DEFAULT true,
  -- Last evaluation by the job: null state = not evaluated since the condition last changed.
  last_state         boolean,
  last_value         numeric,
  last_evaluated_at  timestamptz,
  last_error         text,
  last_fired_at      timestamptz,
  version            integer NOT NULL DEFAULT 1,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX kpi_alerts_owner_idx ON kpi_alerts (owner_id);
CREATE INDEX kpi_alerts_active_idx ON kpi_alerts (id) WHERE is_active;

-- Tasks created from a customer segment (customer value, "create tasks for the owner reps"):
-- one row per customer, so creating the tasks of a segment twice in a month adds none.
CREATE TABLE customer_segment_tasks (
  mode         text NOT NULL CHECK (mode IN ('fixed', 'quintile')),
  segment      text NOT NULL,
  -- First day of the month the segment was taken in.
  month        date NOT NULL CHECK (extract(day FROM month) = 1),
  customer_id  bigint NOT NULL REFERENCES customers(id),
  task_id      bigint NOT NULL REFERENCES workflow_tasks(id),
  created_by   bigint REFERENCES users(id),
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (mode, segment, month, customer_id)
);
