-- Platform: regions, users and their access, sessions, API keys, the audit trail,
-- the transactional outbox and the job queue.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Region tree: country → sales region (大区) → province → city.
CREATE TABLE regions (
  id          bigserial PRIMARY KEY,
  parent_id   bigint REFERENCES regions(id) DEFERRABLE,
  level       text NOT NULL CHECK (level IN ('country', 'sales_region', 'province', 'city')),
  code        text NOT NULL UNIQUE,
  name_zh     text NOT NULL,
  name_en     text NOT NULL,
  version     integer NOT NULL DEFAULT 1,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  CHECK ((level = 'country') = (parent_id IS NULL))
);
CREATE INDEX regions_parent_idx ON regions(parent_id);

CREATE TABLE users (
  id              bigserial PRIMARY KEY,
  username        text NOT NULL,
  display_name    text NOT NULL,
  password_hash   text NOT NULL,
  roles           text[] NOT NULL DEFAULT '{}' CHECK (roles <@ ARRAY['admin','sales_rep','regional_manager',
                    'sales_director','general_manager','finance','finance_director','warehouse','quality',
                    'marketing','legal','distributor']::text[]),
  language        text CHECK (language IN ('zh-CN', 'en')),
  -- A distributor user is bound to one customer; the FK is added with the customers table.
  distributor_id  bigint,
  manager_id      bigint REFERENCES users(id) DEFERRABLE,
  email           text,
  phone           text,
  is_active       boolean NOT NULL DEFAULT true,
  must_change_password boolean NOT NULL DEFAULT false,
  version         integer NOT NULL DEFAULT 1,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  CHECK (('distributor' = ANY(roles)) = (distributor_id IS NOT NULL))
);
CREATE UNIQUE INDEX users_username_key ON users (lower(username));

CREATE TABLE user_regions (
  user_id    bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  region_id  bigint NOT NULL REFERENCES regions(id),
  PRIMARY KEY (user_id, region_id)
);
CREATE INDEX user_regions_region_idx ON user_regions(region_id);

-- Sessions live in the database so that any server behind a load balancer can serve any
-- request. Only a hash of the token is stored.
CREATE TABLE sessions (
  token_hash    text PRIMARY KEY,
  user_id       bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at    timestamptz NOT NULL DEFAULT now(),
  last_seen_at  timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz NOT NULL,
  revoked_at    timestamptz,
  ip            text,
  user_agent    text
);
CREATE INDEX sessions_user_idx ON sessions(user_id);

CREATE TABLE login_attempts (
  id          bigserial PRIMARY KEY,
  username    text NOT NULL,
  ip          text NOT NULL,
  succeeded   boolean NOT NULL,
  at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_attempts_username_idx ON login_attempts (username, at);
CREATE INDEX login_attempts_ip_idx ON login_attempts (ip, at);

CREATE TABLE api_keys (
  id            bigserial PRIMARY KEY,
  user_id       bigint NOT NULL REFERENCES users(id),
  name          text NOT NULL,
  prefix        text NOT NULL UNIQUE,
  key_hash      text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  last_used_at  timestamptz,
  revoked_at    timestamptz
);

-- Audit trail: append-only and hash-chained. seq has no gaps (assigned under a lock from the
-- last committed entry), each entry stores the hash of its predecessor, and the hash covers
-- every field, so an edited or deleted entry breaks the chain that `pulse audit verify` walks.
CREATE TABLE audit_log (
  seq         bigint PRIMARY KEY,
  at          timestamptz NOT NULL,
  actor_id    bigint,
  actor_name  text,
  action      text NOT NULL,
  entity      text NOT NULL,
  entity_id   text,
  before      jsonb,
  after       jsonb,
  reason      text,
  ip          text,
  prev_hash   text NOT NULL,
  hash        text NOT NULL
);
CREATE INDEX audit_log_entity_idx ON audit_log (entity, entity_id);
CREATE INDEX audit_log_actor_idx ON audit_log (actor_id, at);

CREATE FUNCTION audit_digest(
  p_prev text, p_seq bigint, p_at timestamptz, p_actor_id bigint, p_actor_name text, p_action text,
  p_entity text, p_entity_id text, p_before jsonb, p_after jsonb, p_reason text, p_ip text
) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT encode(sha256(convert_to(p_prev || jsonb_build_array(
    p_seq, to_char(p_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), p_actor_id, p_actor_name,
    p_action, p_entity, p_entity_id, p_before, p_after, p_reason, p_ip)::text, 'UTF8')), 'hex')
$$;

CREATE FUNCTION audit_append(
  p_actor_id bigint, p_actor_name text, p_action text, p_entity text, p_entity_id text,
  p_before jsonb, p_after jsonb, p_reason text, p_ip text
) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  v_last audit_log%ROWTYPE;
  v_seq bigint;
  v_prev text;
  v_at timestamptz := clock_timestamp();
BEGIN
  -- Serialise appends until commit so that every entry chains to the one before it.
  PERFORM pg_advisory_xact_lock(7401002);
  SELECT * INTO v_last FROM audit_log ORDER BY seq DESC LIMIT 1;
  v_seq := coalesce(v_last.seq, 0) + 1;
  v_prev := coalesce(v_last.hash, repeat('0', 64));
  INSERT INTO audit_log (seq, at, actor_id, actor_name, action, entity, entity_id, before, after, reason, ip,
                         prev_hash, hash)
  VALUES (v_seq, v_at, p_actor_id, p_actor_name, p_action, p_entity, p_entity_id, p_before, p_after, p_reason,
          p_ip, v_prev,
          audit_digest(v_prev, v_seq, v_at, p_actor_id, p_actor_name, p_action, p_entity, p_entity_id, p_before,
                       p_after, p_reason, p_ip));
  RETURN v_seq;
END;
$$;

CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();

-- Transactional outbox: domain events are written in the business transaction and
-- dispatched to handlers after commit.
CREATE TABLE outbox_events (
  id             bigserial PRIMARY KEY,
  type           text NOT NULL,
  payload        jsonb NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  available_at   timestamptz NOT NULL DEFAULT now(),
  dispatched_at  timestamptz,
  attempts       integer NOT NULL DEFAULT 0,
  last_error     text
);
CREATE INDEX outbox_pending_idx ON outbox_events (available_at) WHERE dispatched_at IS NULL;

-- Job queue for scheduled and background work, claimed with FOR UPDATE SKIP LOCKED.
CREATE TABLE jobs (
  id            bigserial PRIMARY KEY,
  kind          text NOT NULL,
  payload       jsonb NOT NULL DEFAULT '{}',
  run_at        timestamptz NOT NULL DEFAULT now(),
  status        text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
  attempts      integer NOT NULL DEFAULT 0,
  max_attempts  integer NOT NULL DEFAULT 5,
  locked_until  timestamptz,
  last_error    text,
  -- Recurring jobs enqueue their next run under a key, so two servers never schedule twice.
  unique_key    text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  finished_at   timestamptz
);
CREATE INDEX jobs_due_idx ON jobs (run_at) WHERE status IN ('queued', 'running');
CREATE UNIQUE INDEX jobs_unique_key_idx ON jobs (unique_key) WHERE status IN ('queued', 'running');

-- Idempotency keys for document-creating POSTs (used from order to cash on).
CREATE TABLE idempotency_keys (
  key            text NOT NULL,
  user_id        bigint NOT NULL,
  request_hash   text NOT NULL,
  status_code    integer,
  response_body  jsonb,
  created_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, key)
);
