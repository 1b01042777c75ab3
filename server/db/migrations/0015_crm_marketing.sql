-- CRM and marketing: campaigns and their costs, leads (by hand, import, public intake), touches
-- between leads/customers and campaigns, opportunities with stage history, and the read
-- models of the funnel and of multi-touch attribution (SPEC §2.7, DOMAIN §7).
--
-- Money is integer fen (CNY). Business dates are calendar days in Asia/Shanghai.

-- Settings stored as data (DOMAIN: "configurable" values are data, editable by an admin).
-- One row; a backup restores it like a reference table.
CREATE TABLE marketing_settings (
  id                        boolean PRIMARY KEY DEFAULT true CHECK (id),
  -- Attribution: touches dated in (order date − lookback, order date] count.
  attribution_lookback_days integer NOT NULL DEFAULT 180 CHECK (attribution_lookback_days BETWEEN 1 AND 1095),
  -- Time decay: a touch's weight halves every this many days.
  time_decay_half_life_days integer NOT NULL DEFAULT 7 CHECK (time_decay_half_life_days BETWEEN 1 AND 365),
  -- LTV: yearly churn in basis points; NULL = measured from the orders.
  yearly_churn_bp           integer CHECK (yearly_churn_bp BETWEEN 1 AND 10000),
  -- Public lead intake: at most this many submissions per IP address per window.
  intake_max_per_ip         integer NOT NULL DEFAULT 10 CHECK (intake_max_per_ip BETWEEN 1 AND 10000),
  intake_window_minutes     integer NOT NULL DEFAULT 10 CHECK (intake_window_minutes BETWEEN 1 AND 1440),
  -- A form sent back sooner than this after it was handed out was filled by a machine.
  intake_min_fill_seconds   integer NOT NULL DEFAULT 3 CHECK (intake_min_fill_seconds BETWEEN 0 AND 600),
  -- Key that signs the intake form tokens; created by the first server that needs it.
  intake_secret             text,
  version                   integer NOT NULL DEFAULT 1,
  updated_at                timestamptz NOT NULL DEFAULT now()
);
INSERT INTO marketing_settings (id) VALUES (true);

-- ---------------------------------------------------------------------------------------
-- Campaigns and what they cost

CREATE TABLE campaigns (
  id            bigserial PRIMARY KEY,
  code          text NOT NULL UNIQUE,
  name          text NOT NULL,
  type          text NOT NULL CHECK (type IN ('trade_show', 'academic_meeting', 'online_ad', 'distributor_promotion',
                                               'email')),
  channel       text NOT NULL CHECK (channel IN ('exhibition', 'academic', 'search', 'social', 'wechat', 'email',
                                                  'distributor', 'direct', 'referral')),
  -- NULL: a national campaign, visible to every user who may read campaigns.
  region_id     bigint REFERENCES regions(id),
  starts_on     date NOT NULL,
  ends_on       date NOT NULL,
  budget_fen    bigint NOT NULL DEFAULT 0 CHECK (budget_fen >= 0),
  utm_source    text,
  utm_medium    text,
  utm_campaign  text,
  owner_id      bigint REFERENCES users(id),
  note          text,
  version       integer NOT NULL DEFAULT 1,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  CHECK (ends_on >= starts_on)
);
-- The intake form finds the campaign by its utm_campaign identifier.
CREATE UNIQUE INDEX campaigns_utm_campaign_key ON campaigns (lower(utm_campaign)) WHERE utm_campaign IS NOT NULL;
CREATE INDEX campaigns_region_idx ON campaigns (region_id);

-- Actual costs, booked over time (a deposit months before a show, the invoice after it). A
-- negative amount is a refund or a correction.
CREATE TABLE campaign_costs (
  id           bigserial PRIMARY KEY,
  campaign_id  bigint NOT NULL REFERENCES campaigns(id),
  cost_date    date NOT NULL,
  category     text NOT NULL CHECK (category IN ('venue', 'booth', 'advertising', 'travel', 'sponsorship', 'samples',
                                                 'printing', 'agency', 'other')),
  amount_fen   bigint NOT NULL CHECK (amount_fen <> 0),
  note         text,
  created_by   bigint REFERENCES users(id),
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX campaign_costs_campaign_idx ON campaign_costs (campaign_id, cost_date);
CREATE INDEX campaign_costs_date_idx ON campaign_costs (cost_date);

-- Sales spend not tied to a campaign (field force travel, commissions): CAC counts marketing
-- and sales spend (DOMAIN §7).
CREATE TABLE sales_spend (
  id          bigserial PRIMARY KEY,
  spend_date  date NOT NULL,
  region_id   bigint REFERENCES regions(id),
  category    text NOT NULL CHECK (category IN ('salaries', 'travel', 'commission', 'entertainment', 'other')),
  amount_fen  bigint NOT NULL CHECK (amount_fen <> 0),
  note        text,
  created_by  bigint REFERENCES users(id),
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sales_spend_date_idx ON sales_spend (spend_date);

-- After-sales costs booked against an order (service tickets, replacements, extra logistics).
-- Campaign ROI deducts them, with the cost of returned units scrapped at inspection.
CREATE TABLE after_sales_costs (
  id          bigserial PRIMARY KEY,
  order_id    bigint NOT NULL REFERENCES sales_orders(id),
  cost_date   date NOT NULL,
  kind        text NOT NULL CHECK (kind IN ('service_ticket', 'replacement', 'logistics', 'other')),
  amount_fen  bigint NOT NULL CHECK (amount_fen > 0),
  note        text,
  created_by  bigint REFERENCES users(id),
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX after_sales_costs_order_idx ON after_sales_costs (order_id);

-- ---------------------------------------------------------------------------------------
-- Leads

CREATE TABLE leads (
  id                       bigserial PRIMARY KEY,
  code                     text NOT NULL UNIQUE,
  contact_name             text NOT NULL,
  organization             text,
  -- normalizeCustomerName(organization), for duplicate detection against leads and customers.
  organization_normalized  text,
  department               text,
  title                    text,
  phone                    text,
  -- Digits only, without the +86 country code.
  phone_normalized         text,
  email                    text,
  -- NULL until known (a web form without a province): only company-wide users see such a lead.
  region_id                bigint REFERENCES regions(id),
  owner_id                 bigint REFERENCES users(id),
  source                   text NOT NULL CHECK (source IN ('web_form', 'manual', 'import', 'event', 'referral')),
  campaign_id              bigint REFERENCES campaigns(id),
  channel                  text CHECK (channel IN ('exhibition', 'academic', 'search', 'social', 'wechat', 'email',
                                                   'distributor', 'direct', 'referral')),
  utm_source               text,
  utm_medium               text,
  utm_campaign             text,
  utm_term                 text,
  utm_content              text,
  interest                 text,
  status                   text NOT NULL DEFAULT 'new'
                             CHECK (status IN ('new', 'working', 'qualified', 'disqualified', 'converted')),
  rating                   text CHECK (rating IN ('hot', 'warm', 'cold')),
  estimated_value_fen      bigint CHECK (estimated_value_fen >= 0),
  qualification_note       text,
  disqualified_reason      text CHECK (disqualified_reason IN ('no_need', 'no_budget', 'competitor', 'unreachable',
                                                                'duplicate', 'spam', 'other')),
  -- Set when this lead turned out to be the same person as an earlier one.
  duplicate_of_lead_id     bigint REFERENCES leads(id),
  customer_id              bigint REFERENCES customers(id),
  converted_at             timestamptz,
  created_by               bigint REFERENCES users(id),
  version                  integer NOT NULL DEFAULT 1,
  created_at               timestamptz NOT NULL DEFAULT now(),
  updated_at               timestamptz NOT NULL DEFAULT now(),
  CHECK ((status = 'converted') = (customer_id IS NOT NULL AND converted_at IS NOT NULL)),
  CHECK ((status = 'disqualified') = (disqualified_reason IS NOT NULL))
);
CREATE INDEX leads_region_idx ON leads (region_id);
CREATE INDEX leads_owner_idx ON leads (owner_id) WHERE status IN ('new', 'working', 'qualified');
CREATE INDEX leads_campaign_idx ON leads (campaign_id);
CREATE INDEX leads_phone_idx ON leads (phone_normalized) WHERE phone_normalized IS NOT NULL;
CREATE INDEX leads_org_trgm_idx ON leads USING gin (organization_normalized gin_trgm_ops);
CREATE INDEX leads_created_idx ON leads (created_at);

-- Every submission of the public form, accepted or not: the per-IP rate limit counts them.
CREATE TABLE lead_intake_log (
  id       bigserial PRIMARY KEY,
  ip       text NOT NULL,
  at       timestamptz NOT NULL DEFAULT now(),
  outcome  text NOT NULL CHECK (outcome IN ('accepted', 'merged', 'honeypot', 'too_fast', 'bad_token',
                                            'rate_limited')),
  lead_id  bigint REFERENCES leads(id)
);
CREATE INDEX lead_intake_log_ip_idx ON lead_intake_log (ip, at);

-- ---------------------------------------------------------------------------------------
-- Touches: an interaction between a lead or customer and a campaign. A converted lead's
-- touches get its customer too, so attribution sees the whole history.

CREATE TABLE touches (
  id           bigserial PRIMARY KEY,
  lead_id      bigint REFERENCES leads(id),
  customer_id  bigint REFERENCES customers(id),
  campaign_id  bigint NOT NULL REFERENCES campaigns(id),
  kind         text NOT NULL CHECK (kind IN ('visit', 'form', 'attendance', 'call', 'sample')),
  channel      text NOT NULL CHECK (channel IN ('exhibition', 'academic', 'search', 'social', 'wechat', 'email',
                                                'distributor', 'direct', 'referral')),
  touched_at   timestamptz NOT NULL,
  -- The business date and time of day in the company's zone (attribution orders by them).
  touch_date   date NOT NULL,
  touch_time   text NOT NULL CHECK (touch_time ~ '^\d{2}:\d{2}:\d{2}$'),
  note         text,
  created_by   bigint REFERENCES users(id),
  created_at   timestamptz NOT NULL DEFAULT now(),
  CHECK (num_nonnulls(lead_id, customer_id) >= 1)
);
CREATE INDEX touches_customer_idx ON touches (customer_id, touch_date) WHERE customer_id IS NOT NULL;
CREATE INDEX touches_lead_idx ON touches (lead_id) WHERE lead_id IS NOT NULL;
CREATE INDEX touches_campaign_idx ON touches (campaign_id);

-- ---------------------------------------------------------------------------------------
-- Opportunities: lead → opportunity → quote → contract → won → paid, or lost.

CREATE TABLE opportunities (
  id                   bigserial PRIMARY KEY,
  number               text NOT NULL UNIQUE,
  name                 text NOT NULL,
  customer_id          bigint NOT NULL REFERENCES customers(id),
  -- The customer's region when the opportunity was opened: row-level scope filters on it.
  region_id            bigint NOT NULL REFERENCES regions(id),
  lead_id              bigint UNIQUE REFERENCES leads(id),
  owner_id             bigint REFERENCES users(id),
  campaign_id          bigint REFERENCES campaigns(id),
  channel              text CHECK (channel IN ('exhibition', 'academic', 'search', 'social', 'wechat', 'email',
                                               'distributor', 'direct', 'referral')),
  stage                text NOT NULL DEFAULT 'opportunity'
                         CHECK (stage IN ('opportunity', 'quote', 'contract', 'won', 'paid', 'lost')),
  -- The furthest funnel stage ever reached (a lost deal keeps it; the funnel counts it).
  furthest_stage       text NOT NULL DEFAULT 'opportunity'
                         CHECK (furthest_stage IN ('opportunity', 'quote', 'contract', 'won', 'paid')),
  lost_reason          text CHECK (lost_reason IN ('price', 'competitor', 'no_budget', 'tender_lost', 'timing',
                                                   'product_fit', 'no_decision', 'other')),
  lost_note            text,
  amount_fen           bigint NOT NULL DEFAULT 0 CHECK (amount_fen >= 0),
  expected_close_date  date,
  tender_number        text,
  tender_budget_fen    bigint CHECK (tender_budget_fen >= 0),
  tender_deadline      date,
  quote_id             bigint REFERENCES quotes(id),
  contract_id          bigint REFERENCES sales_contracts(id),
  order_id             bigint REFERENCES sales_orders(id),
  created_on           date NOT NULL,
  won_on               date,
  paid_on              date,
  lost_on              date,
  created_by           bigint REFERENCES users(id),
  version              integer NOT NULL DEFAULT 1,
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now(),
  CHECK ((stage = 'lost') = (lost_reason IS NOT NULL AND lost_on IS NOT NULL)),
  CHECK (stage NOT IN ('won', 'paid') OR (order_id IS NOT NULL AND won_on IS NOT NULL)),
  CHECK ((stage = 'paid') = (paid_on IS NOT NULL))
);
CREATE INDEX opportunities_region_idx ON opportunities (region_id);
CREATE INDEX opportunities_customer_idx ON opportunities (customer_id);
CREATE INDEX opportunities_owner_idx ON opportunities (owner_id);
CREATE INDEX opportunities_stage_idx ON opportunities (stage);
CREATE INDEX opportunities_order_idx ON opportunities (order_id) WHERE order_id IS NOT NULL;

CREATE TABLE opportunity_products (
  opportunity_id  bigint NOT NULL REFERENCES opportunities(id) ON DELETE CASCADE,
  product_id      bigint NOT NULL REFERENCES products(id),
  quantity        integer NOT NULL CHECK (quantity > 0),
  amount_fen      bigint NOT NULL DEFAULT 0 CHECK (amount_fen >= 0),
  PRIMARY KEY (opportunity_id, product_id)
);

-- Every stage an opportunity entered, with when and who. A converted lead's opportunity starts
-- with a 'lead' entry at the time the lead was created.
CREATE TABLE opportunity_stage_history (
  id              bigserial PRIMARY KEY,
  opportunity_id  bigint NOT NULL REFERENCES opportunities(id),
  stage           text NOT NULL CHECK (stage IN ('lead', 'opportunity', 'quote', 'contract', 'won', 'paid', 'lost')),
  entered_at      timestamptz NOT NULL,
  entered_on      date NOT NULL,
  lost_reason     text,
  note            text,
  changed_by      bigint REFERENCES users(id)
);
CREATE INDEX opportunity_stage_history_opp_idx ON opportunity_stage_history (opportunity_id, entered_at, id);

-- ---------------------------------------------------------------------------------------
-- Read model of the funnel: one row per deal. A deal is a lead (and the opportunity it was
-- converted into) or an opportunity opened without a lead. Its furthest stage is the funnel
-- stage it got to; DOMAIN §7 counts it as having reached every stage before.

CREATE VIEW crm_deals AS
SELECT l.id AS lead_id,
       o.id AS opportunity_id,
       coalesce(l.created_at, o.created_at) AS started_at,
       CASE WHEN l.id IS NOT NULL THEN (l.created_at AT TIME ZONE 'Asia/Shanghai')::date ELSE o.created_on END
         AS started_on,
       coalesce(o.region_id, l.region_id) AS region_id,
       coalesce(o.customer_id, l.customer_id) AS customer_id,
       coalesce(o.owner_id, l.owner_id) AS owner_id,
       coalesce(o.channel, l.channel) AS channel,
       coalesce(o.campaign_id, l.campaign_id) AS campaign_id,
       coalesce(o.furthest_stage, 'lead') AS furthest_stage,
       o.stage AS stage,
       o.amount_fen,
       o.created_on AS opportunity_created_on,
       o.won_on,
       o.lost_on,
       o.lost_reason
  FROM leads l
  FULL JOIN opportunities o ON o.lead_id = l.id
-- Duplicates and spam are not deals.
 WHERE o.id IS NOT NULL
    OR (l.duplicate_of_lead_id IS NULL AND coalesce(l.disqualified_reason, '') NOT IN ('duplicate', 'spam'));

-- Attribution reads each order's invoices (amounts, cost, payments) by order, in batches.
CREATE INDEX invoices_order_attribution_idx ON invoices (order_id);
