-- Data quality: the current snapshot of issues found by the rules, replaced on every run.
CREATE TABLE data_quality_issues (
  id           bigserial PRIMARY KEY,
  entity       text NOT NULL CHECK (entity IN ('customer', 'qualification', 'product', 'supplier')),
  entity_id    bigint NOT NULL,
  rule         text NOT NULL,
  severity     text NOT NULL CHECK (severity IN ('error', 'warning')),
  detail       jsonb NOT NULL DEFAULT '{}',
  detected_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX data_quality_issues_entity_idx ON data_quality_issues (entity, entity_id);
CREATE INDEX data_quality_issues_rule_idx ON data_quality_issues (rule);

CREATE TABLE data_quality_runs (
  id           bigserial PRIMARY KEY,
  started_at   timestamptz NOT NULL DEFAULT now(),
  finished_at  timestamptz,
  issues       integer,
  trigger      text NOT NULL
);
