-- Workflow (SPEC §2.6, DOMAIN §5): approval policies as versioned data, approvals with their
-- steps, slots and timeline, one task inbox per person, in-app notifications, out-of-office
-- delegations, automation rules and outgoing webhooks with a delivery log.
--
-- Documents are referred to by (document_type, document_id) without foreign keys: an approval
-- may belong to any module's document, and a module may start one from a connection of its own
-- while its own transaction still holds the document locked (see credit_decisions).
--
-- The default policies, rules and settings are written by the application on start when
-- missing (a migration-seeded row would make a restore into a fresh database refuse the
-- non-empty table).

CREATE TABLE workflow_settings (
  id                boolean PRIMARY KEY DEFAULT true CHECK (id),
  -- Tasks that are not approvals use these; an approval policy carries its own.
  reminder_hours    integer NOT NULL DEFAULT 24 CHECK (reminder_hours BETWEEN 1 AND 8760),
  escalation_hours  integer NOT NULL DEFAULT 48 CHECK (escalation_hours BETWEEN 1 AND 8760),
  version           integer NOT NULL DEFAULT 1,
  updated_at        timestamptz NOT NULL DEFAULT now()
);

-- Append-only: an edit adds a version; an approval records the version it started with.
CREATE TABLE workflow_policies (
  id             bigserial PRIMARY KEY,
  document_type  text NOT NULL CHECK (document_type IN ('contract', 'sales_order', 'discount', 'credit_limit_change',
                   'credit_decision', 'write_off', 'price_below_floor', 'purchase_order', 'replenishment',
                   'rebate_settlement')),
  version        integer NOT NULL CHECK (version > 0),
  definition     jsonb NOT NULL,
  note           text,
  created_by     bigint REFERENCES users(id),
  created_at     timestamptz NOT NULL DEFAULT now(),
  UNIQUE (document_type, version)
);

CREATE TABLE workflow_approvals (
  id             bigserial PRIMARY KEY,
  document_type  text NOT NULL,
  document_id    bigint NOT NULL,
  -- What people see: a contract or order number.
  document_ref   text NOT NULL,
  title          text,
  policy_id      bigint NOT NULL REFERENCES workflow_policies(id),
  rule_index     integer,
  rule_name      text,
  -- Amount including VAT in CNY fen (DOMAIN §5 routes on it).
  amount_fen     bigint CHECK (amount_fen >= 0),
  region_id      bigint REFERENCES regions(id),
  customer_id    bigint REFERENCES customers(id),
  -- Discount, credit grade, product classes, customer type, tags as the policy saw them.
  attributes     jsonb NOT NULL DEFAULT '{}',
  status         text NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'returned', 'withdrawn')),
  -- Null when the system started it (an automation rule).
  initiator_id   bigint REFERENCES users(id),
  round          integer NOT NULL DEFAULT 1 CHECK (round > 0),
  started_at     timestamptz NOT NULL,
  finished_at    timestamptz,
  version        integer NOT NULL DEFAULT 1,
  CHECK ((status = 'pending') = (finished_at IS NULL))
);
CREATE UNIQUE INDEX workflow_approvals_one_pending ON workflow_approvals (document_type, document_id)
  WHERE status = 'pending';
CREATE INDEX workflow_approvals_document_idx ON workflow_approvals (document_type, document_id, id);
CREATE INDEX workflow_approvals_initiator_idx ON workflow_approvals (initiator_id, started_at DESC);

CREATE TABLE workflow_approval_steps (
  id           bigserial PRIMARY KEY,
  approval_id  bigint NOT NULL REFERENCES workflow_approvals(id),
  position     integer NOT NULL CHECK (position >= 0),
  name         text,
  mode         text NOT NULL CHECK (mode IN ('single', 'all_of', 'any_of', 'n_of_m')),
  required     integer NOT NULL CHECK (required > 0),
  -- Set when someone added this step (加签) while the approval ran.
  added_by     bigint REFERENCES users(id),
  status       text NOT NULL CHECK (status IN ('waiting', 'active', 'approved', 'rejected', 'returned', 'cancelled')),
  activated_at timestamptz,
  finished_at  timestamptz,
  UNIQUE (approval_id, position) DEFERRABLE INITIALLY IMMEDIATE
);

-- One approver of a step: a role (resolved to people when the step starts) or a person.
CREATE TABLE workflow_approval_slots (
  id           bigserial PRIMARY KEY,
  step_id      bigint NOT NULL REFERENCES workflow_approval_steps(id),
  approval_id  bigint NOT NULL REFERENCES workflow_approvals(id),
  approver     jsonb NOT NULL,
  status       text NOT NULL CHECK (status IN ('open', 'approved', 'rejected', 'returned', 'cancelled')),
  decided_by   bigint REFERENCES users(id),
  -- The absent approver a delegate acted for.
  on_behalf_of bigint REFERENCES users(id),
  decided_at   timestamptz,
  comment      text,
  CHECK ((status IN ('approved', 'rejected', 'returned')) = (decided_by IS NOT NULL))
);
CREATE INDEX workflow_approval_slots_step_idx ON workflow_approval_slots (step_id);

-- The timeline: who did what, when, with which comment.
CREATE TABLE workflow_approval_events (
  id            bigserial PRIMARY KEY,
  approval_id   bigint NOT NULL REFERENCES workflow_approvals(id),
  step_id       bigint REFERENCES workflow_approval_steps(id),
  action        text NOT NULL CHECK (action IN ('start', 'approve', 'reject', 'return', 'withdraw', 'add_signer',
                                                'remind', 'escalate', 'complete', 'assign')),
  actor_id      bigint REFERENCES users(id),
  on_behalf_of  bigint REFERENCES users(id),
  target_id     bigint REFERENCES users(id),
  comment       text,
  at            timestamptz NOT NULL
);
CREATE INDEX workflow_approval_events_approval_idx ON workflow_approval_events (approval_id, id);

CREATE TABLE workflow_automation_rules (
  id          bigserial PRIMARY KEY,
  code        text NOT NULL UNIQUE,
  name_zh     text NOT NULL,
  name_en     text NOT NULL,
  trigger     jsonb NOT NULL,
  condition   jsonb NOT NULL DEFAULT '{}',
  action      jsonb NOT NULL,
  is_active   boolean NOT NULL DEFAULT true,
  is_default  boolean NOT NULL DEFAULT false,
  version     integer NOT NULL DEFAULT 1,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

-- What a rule did for which subject (a qualification, a price list item, a stock position): the
-- log shown to the admin, and the guard that one subject fires a rule once.
CREATE TABLE workflow_automation_runs (
  id           bigserial PRIMARY KEY,
  rule_id      bigint NOT NULL REFERENCES workflow_automation_rules(id),
  subject_key  text NOT NULL,
  outcome      text NOT NULL CHECK (outcome IN ('fired', 'failed')),
  detail       jsonb NOT NULL DEFAULT '{}',
  created_at   timestamptz NOT NULL DEFAULT now(),
  UNIQUE (rule_id, subject_key)
);
CREATE INDEX workflow_automation_runs_created_idx ON workflow_automation_runs (created_at DESC);

CREATE TABLE workflow_tasks (
  id              bigserial PRIMARY KEY,
  kind            text NOT NULL CHECK (kind IN ('approval', 'follow_up', 'collection', 'compliance', 'review')),
  assignee_id     bigint NOT NULL REFERENCES users(id),
  title_zh        text NOT NULL,
  title_en        text NOT NULL,
  detail_zh       text,
  detail_en       text,
  -- A path in the web app.
  link            text,
  document_type   text,
  document_id     bigint,
  document_ref    text,
  region_id       bigint REFERENCES regions(id),
  customer_id     bigint REFERENCES customers(id),
  approval_id     bigint REFERENCES workflow_approvals(id),
  slot_id         bigint REFERENCES workflow_approval_slots(id),
  -- The first task of an escalation chain; completing any task of a chain closes the others.
  origin_task_id  bigint REFERENCES workflow_tasks(id) DEFERRABLE,
  rule_id         bigint REFERENCES workflow_automation_rules(id),
  status          text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'cancelled')),
  due_at          timestamptz,
  remind_at       timestamptz,
  escalate_at     timestamptz,
  reminded_at     timestamptz,
  escalated_at    timestamptz,
  created_by      bigint REFERENCES users(id),
  created_at      timestamptz NOT NULL,
  completed_at    timestamptz,
  completed_by    bigint REFERENCES users(id),
  CHECK ((kind = 'approval') = (slot_id IS NOT NULL)),
  CHECK ((status = 'open') = (completed_at IS NULL))
);
CREATE UNIQUE INDEX workflow_tasks_slot_assignee ON workflow_tasks (slot_id, assignee_id) WHERE slot_id IS NOT NULL;
CREATE INDEX workflow_tasks_assignee_idx ON workflow_tasks (assignee_id, status, due_at);
CREATE INDEX workflow_tasks_remind_idx ON workflow_tasks (remind_at) WHERE status = 'open' AND reminded_at IS NULL;
CREATE INDEX workflow_tasks_escalate_idx ON workflow_tasks (escalate_at) WHERE status = 'open' AND escalated_at IS NULL;
CREATE INDEX workflow_tasks_approval_idx ON workflow_tasks (approval_id) WHERE approval_id IS NOT NULL;
CREATE INDEX workflow_tasks_origin_idx ON workflow_tasks (origin_task_id) WHERE origin_task_id IS NOT NULL;

CREATE TABLE workflow_notifications (
  id          bigserial PRIMARY KEY,
  user_id     bigint NOT NULL REFERENCES users(id),
  kind        text NOT NULL,
  title_zh    text NOT NULL,
  title_en    text NOT NULL,
  body_zh     text,
  body_en     text,
  link        text,
  created_at  timestamptz NOT NULL,
  read_at     timestamptz
);
CREATE INDEX workflow_notifications_user_idx ON workflow_notifications (user_id, id DESC);
CREATE INDEX workflow_notifications_unread_idx ON workflow_notifications (user_id) WHERE read_at IS NULL;

-- Out of office: the delegate may act on the user's approvals on these business dates.
CREATE TABLE workflow_delegations (
  id           bigserial PRIMARY KEY,
  user_id      bigint NOT NULL REFERENCES users(id),
  delegate_id  bigint NOT NULL REFERENCES users(id),
  starts_on    date NOT NULL,
  ends_on      date NOT NULL,
  reason       text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  revoked_at   timestamptz,
  CHECK (ends_on >= starts_on),
  CHECK (user_id <> delegate_id)
);
CREATE INDEX workflow_delegations_delegate_idx ON workflow_delegations (delegate_id, starts_on, ends_on)
  WHERE revoked_at IS NULL;
CREATE INDEX workflow_delegations_user_idx ON workflow_delegations (user_id) WHERE revoked_at IS NULL;

CREATE TABLE workflow_webhooks (
  id           bigserial PRIMARY KEY,
  name         text NOT NULL,
  url          text NOT NULL,
  -- The HMAC-SHA256 key; shown once when created or rotated, never in a list.
  secret       text NOT NULL,
  event_types  text[] NOT NULL CHECK (cardinality(event_types) > 0),
  is_active    boolean NOT NULL DEFAULT true,
  version      integer NOT NULL DEFAULT 1,
  created_by   bigint REFERENCES users(id),
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE workflow_webhook_deliveries (
  id               bigserial PRIMARY KEY,
  webhook_id       bigint NOT NULL REFERENCES workflow_webhooks(id) ON DELETE CASCADE,
  event_type       text NOT NULL,
  -- The outbox event delivered (null for a test ping or an automation call).
  event_id         bigint,
  payload          jsonb NOT NULL,
  status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts         integer NOT NULL DEFAULT 0,
  next_attempt_at  timestamptz,
  last_status      integer,
  last_error       text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  delivered_at     timestamptz
);
CREATE UNIQUE INDEX workflow_webhook_deliveries_event ON workflow_webhook_deliveries (webhook_id, event_id)
  WHERE event_id IS NOT NULL;
CREATE INDEX workflow_webhook_deliveries_webhook_idx ON workflow_webhook_deliveries (webhook_id, id DESC);

CREATE TABLE workflow_webhook_attempts (
  id            bigserial PRIMARY KEY,
  delivery_id   bigint NOT NULL REFERENCES workflow_webhook_deliveries(id) ON DELETE CASCADE,
  attempt       integer NOT NULL,
  at            timestamptz NOT NULL,
  status_code   integer,
  error         text,
  duration_ms   integer,
  UNIQUE (delivery_id, attempt)
);

-- Reorder points per warehouse and product (DOMAIN §9 computes them; set by purchasing or
-- planning): below it, the automation drafts a replenishment purchase order for approval.
CREATE TABLE reorder_points (
  warehouse_id    bigint NOT NULL REFERENCES warehouses(id),
  product_id      bigint NOT NULL REFERENCES products(id),
  reorder_point   integer NOT NULL CHECK (reorder_point >= 0),
  order_quantity  integer NOT NULL CHECK (order_quantity > 0),
  supplier_id     bigint NOT NULL REFERENCES suppliers(id),
  -- CNY fen per unit on the drafted order.
  unit_price_fen  bigint NOT NULL CHECK (unit_price_fen >= 0),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (warehouse_id, product_id)
);
