-- Optional credit inputs (issue #6): external agency ratings and financial-statement ratios per
-- customer, entered by credit staff (or imported). They are shown beside the score on the
-- customer's credit page; DOMAIN §4's scorecard does not read them. Each table keeps the full
-- history; the latest is the one with the newest rating date / period end.

CREATE TABLE credit_external_ratings (
  id          bigserial PRIMARY KEY,
  customer_id bigint NOT NULL REFERENCES customers(id),
  agency      text NOT NULL CHECK (length(agency) BETWEEN 1 AND 100),
  rating      text NOT NULL CHECK (length(rating) BETWEEN 1 AND 20),
  outlook     text CHECK (outlook IN ('positive', 'stable', 'negative', 'developing')),
  rated_on    date NOT NULL,
  note        text CHECK (length(note) <= 2000),
  entered_by  bigint NOT NULL REFERENCES users(id),
  entered_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX credit_external_ratings_customer_idx ON credit_external_ratings (customer_id, rated_on DESC, id DESC);

-- Ratios are fractions (0.25 = 25 %); a statement may lack some of them, but not all.
CREATE TABLE credit_financial_ratios (
  id                   bigserial PRIMARY KEY,
  customer_id          bigint NOT NULL REFERENCES customers(id),
  period_end           date NOT NULL,
  current_ratio        numeric(10, 4) CHECK (current_ratio BETWEEN 0 AND 1000),
  -- Quick assets are part of current assets, so the quick ratio never exceeds the current ratio.
  quick_ratio          numeric(10, 4) CHECK (quick_ratio BETWEEN 0 AND 1000),
  debt_to_asset_ratio  numeric(10, 4) CHECK (debt_to_asset_ratio BETWEEN 0 AND 100),
  net_margin           numeric(10, 4) CHECK (net_margin BETWEEN -100 AND 1),
  revenue_fen          bigint CHECK (revenue_fen >= 0),
  source_note          text CHECK (length(source_note) <= 2000),
  entered_by           bigint NOT NULL REFERENCES users(id),
  entered_at           timestamptz NOT NULL DEFAULT now(),
  CHECK (quick_ratio IS NULL OR current_ratio IS NULL OR quick_ratio <= current_ratio),
  CHECK (num_nonnulls(current_ratio, quick_ratio, debt_to_asset_ratio, net_margin, revenue_fen) > 0)
);
CREATE INDEX credit_financial_ratios_customer_idx ON credit_financial_ratios (customer_id, period_end DESC, id DESC);
