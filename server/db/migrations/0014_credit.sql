-- Credit management (SPEC §2.4, DOMAIN §4): the policy (scorecard configuration) as
-- versioned data, one credit profile per customer, every rating with its inputs, limit change
-- requests, and the credit decision taken when an order is confirmed.

-- The policy: weights, factor bands, grade bounds and multipliers, start limit and the ECL
-- loss matrix. Append-only: an edit adds a version; a rating records the version it used, so
-- any past score can be recomputed. Version 1 (DOMAIN's defaults) is written by the
-- application on start when the table is empty (a migration-seeded row would make a restore
-- into a fresh database refuse the non-empty table).
CREATE TABLE credit_policies (
  version     integer PRIMARY KEY CHECK (version > 0),
  config      jsonb NOT NULL,
  reason      text,
  created_by  bigint REFERENCES users(id),
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- One per customer, created by the first rating (scheduled or on first order). Ratings update
-- score, grade and recommendation; the limit changes only through an approved request (or the
-- first rating, which sets the start limit); status only by the finance director.
CREATE TABLE credit_profiles (
  customer_id              bigint PRIMARY KEY REFERENCES customers(id),
  score                    numeric(5, 2) NOT NULL CHECK (score BETWEEN 0 AND 100),
  grade                    text NOT NULL CHECK (grade IN ('A', 'B', 'C', 'D', 'E')),
  limit_fen                bigint NOT NULL CHECK (limit_fen >= 0),
  recommended_limit_fen    bigint NOT NULL CHECK (recommended_limit_fen >= 0),
  status                   text NOT NULL DEFAULT 'normal' CHECK (status IN ('normal', 'watch', 'hold')),
  status_reason            text,
  last_rating_id           bigint,
  last_rated_at            timestamptz NOT NULL,
  last_rated_on            date NOT NULL,
  version                  integer NOT NULL DEFAULT 1,
  created_at               timestamptz NOT NULL DEFAULT now(),
  updated_at               timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX credit_profiles_grade_idx ON credit_profiles (grade);

-- Every rating, with the inputs exactly as scored (recomputable with its policy version), the
-- facts shown beside them and the factor breakdown.
CREATE TABLE credit_ratings (
  id                     bigserial PRIMARY KEY,
  customer_id            bigint NOT NULL REFERENCES customers(id),
  as_of                  date NOT NULL,
  rated_at               timestamptz NOT NULL DEFAULT now(),
  trigger                text NOT NULL CHECK (trigger IN ('scheduled', 'event', 'manual', 'first_use', 'overdue_scan')),
  rated_by               bigint REFERENCES users(id),
  policy_version         integer NOT NULL REFERENCES credit_policies(version),
  score                  numeric(5, 2) NOT NULL CHECK (score BETWEEN 0 AND 100),
  grade                  text NOT NULL CHECK (grade IN ('A', 'B', 'C', 'D', 'E')),
  previous_grade         text CHECK (previous_grade IN ('A', 'B', 'C', 'D', 'E')),
  limit_fen              bigint NOT NULL,
  recommended_limit_fen  bigint NOT NULL,
  inputs                 jsonb NOT NULL,
  facts                  jsonb NOT NULL,
  factors                jsonb NOT NULL
);
CREATE INDEX credit_ratings_customer_idx ON credit_ratings (customer_id, rated_at DESC);

ALTER TABLE credit_profiles
  ADD CONSTRAINT credit_profiles_last_rating_fk FOREIGN KEY (last_rating_id) REFERENCES credit_ratings(id) DEFERRABLE;

-- A change of limit: requested with a reason, decided by someone else with credit:manage.
CREATE TABLE credit_limit_requests (
  id                   bigserial PRIMARY KEY,
  customer_id          bigint NOT NULL REFERENCES customers(id),
  current_limit_fen    bigint NOT NULL,
  requested_limit_fen  bigint NOT NULL CHECK (requested_limit_fen >= 0),
  recommended_limit_fen bigint,
  reason               text NOT NULL,
  status               text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
  requested_by         bigint NOT NULL REFERENCES users(id),
  requested_at         timestamptz NOT NULL DEFAULT now(),
  decided_by           bigint REFERENCES users(id),
  decided_at           timestamptz,
  decision_note        text,
  CONSTRAINT credit_limit_four_eyes CHECK (decided_by IS NULL OR decided_by <> requested_by),
  CHECK ((status = 'pending') = (decided_by IS NULL))
);
CREATE UNIQUE INDEX credit_limit_requests_one_pending ON credit_limit_requests (customer_id) WHERE status = 'pending';
CREATE INDEX credit_limit_requests_status_idx ON credit_limit_requests (status, requested_at);

-- The credit decision of each order confirmation, with the parts of the exposure it saw.
-- 'passed' commits with the order; 'refused' and 'pending' are written on a connection of their
-- own because the confirmation they belong to rolls back. For the same reason order_id has no
-- foreign key: the confirming transaction holds the order row locked (FOR UPDATE), and a
-- foreign key check from the other connection would wait for it forever.
CREATE TABLE credit_decisions (
  id                    bigserial PRIMARY KEY,
  order_id              bigint,
  customer_id           bigint NOT NULL REFERENCES customers(id),
  region_id             bigint NOT NULL REFERENCES regions(id),
  outcome               text NOT NULL CHECK (outcome IN ('approve', 'regional_manager', 'finance_director', 'reject')),
  rule                  text NOT NULL,
  status                text NOT NULL CHECK (status IN ('passed', 'refused', 'pending', 'approved', 'rejected')),
  order_fen             bigint NOT NULL,
  open_receivables_fen  bigint NOT NULL,
  open_orders_fen       bigint NOT NULL,
  exposure_fen          bigint NOT NULL,
  limit_fen             bigint NOT NULL,
  grade                 text NOT NULL CHECK (grade IN ('A', 'B', 'C', 'D', 'E')),
  profile_status        text NOT NULL CHECK (profile_status IN ('normal', 'watch', 'hold')),
  worst_days_past_due   integer NOT NULL,
  requested_by          bigint REFERENCES users(id),
  requested_at          timestamptz NOT NULL DEFAULT now(),
  decided_by            bigint REFERENCES users(id),
  decided_at            timestamptz,
  decision_note         text,
  -- The level of the approver (1 regional manager, 2 finance director): a finance director's
  -- approval also covers a later requirement of the higher level.
  approved_rank         smallint,
  used_at               timestamptz,
  CONSTRAINT credit_decision_four_eyes CHECK (decided_by IS NULL OR requested_by IS NULL OR decided_by <> requested_by),
  CHECK ((status IN ('approved', 'rejected')) = (decided_by IS NOT NULL)),
  CHECK (status <> 'pending' OR order_id IS NOT NULL),
  CHECK ((outcome = 'approve') = (status = 'passed'))
);
CREATE UNIQUE INDEX credit_decisions_one_pending ON credit_decisions (order_id) WHERE status = 'pending';
CREATE INDEX credit_decisions_order_idx ON credit_decisions (order_id) WHERE order_id IS NOT NULL;
CREATE INDEX credit_decisions_customer_idx ON credit_decisions (customer_id, requested_at DESC);
CREATE INDEX credit_decisions_pending_idx ON credit_decisions (requested_at) WHERE status = 'pending';
