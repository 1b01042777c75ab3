-- Master data: teams, customers and their qualifications, suppliers, product lines,
-- products, warehouses.

CREATE TABLE teams (
  id          bigserial PRIMARY KEY,
  name        text NOT NULL UNIQUE,
  region_id   bigint NOT NULL REFERENCES regions(id),
  leader_id   bigint REFERENCES users(id),
  version     integer NOT NULL DEFAULT 1,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE team_members (
  team_id  bigint NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
  user_id  bigint NOT NULL REFERENCES users(id),
  PRIMARY KEY (team_id, user_id)
);

CREATE TABLE customers (
  id                    bigserial PRIMARY KEY,
  code                  text NOT NULL UNIQUE,
  name                  text NOT NULL,
  -- Name without spaces, punctuation and administrative words, for duplicate detection.
  name_normalized       text NOT NULL,
  type                  text NOT NULL CHECK (type IN ('hospital', 'clinic', 'distributor', 'agent')),
  hospital_grade        text CHECK (hospital_grade IN ('3A', '3B', '3C', '2A', '2B', '2C', '1', 'ungraded')),
  distributor_level     smallint CHECK (distributor_level BETWEEN 1 AND 3),
  channel               text NOT NULL CHECK (channel IN ('direct', 'distributor', 'agent', 'tender')),
  tax_id                text,
  region_id             bigint NOT NULL REFERENCES regions(id),
  address               text,
  contact_name          text,
  contact_phone         text,
  owner_rep_id          bigint REFERENCES users(id),
  payment_terms_days    integer NOT NULL DEFAULT 30 CHECK (payment_terms_days BETWEEN 0 AND 365),
  min_shelf_life_days   integer NOT NULL DEFAULT 0 CHECK (min_shelf_life_days BETWEEN 0 AND 3650),
  is_target             boolean NOT NULL DEFAULT false,
  is_active             boolean NOT NULL DEFAULT true,
  version               integer NOT NULL DEFAULT 1,
  created_at            timestamptz NOT NULL DEFAULT now(),
  updated_at            timestamptz NOT NULL DEFAULT now(),
  CHECK ((type = 'hospital') OR hospital_grade IS NULL),
  CHECK ((type = 'distributor') = (distributor_level IS NOT NULL))
);
CREATE INDEX customers_region_idx ON customers(region_id);
CREATE INDEX customers_owner_idx ON customers(owner_rep_id);
CREATE INDEX customers_name_trgm_idx ON customers USING gin (name_normalized gin_trgm_ops);
CREATE UNIQUE INDEX customers_tax_id_key ON customers(tax_id) WHERE tax_id IS NOT NULL;

-- Deferrable: users and customers refer to each other, and a restore loads one before the other.
ALTER TABLE users ADD CONSTRAINT users_distributor_fk FOREIGN KEY (distributor_id) REFERENCES customers(id) DEFERRABLE;

CREATE TABLE customer_qualifications (
  id              bigserial PRIMARY KEY,
  customer_id     bigint NOT NULL REFERENCES customers(id),
  type            text NOT NULL CHECK (type IN ('business_licence', 'operating_licence', 'filing_certificate',
                                                 'medical_institution_licence')),
  number          text NOT NULL,
  covered_classes smallint[] NOT NULL DEFAULT '{}' CHECK (covered_classes <@ ARRAY[1, 2, 3]::smallint[]),
  scope           text,
  valid_from      date,
  valid_until     date,
  attachment_ref  text,
  version         integer NOT NULL DEFAULT 1,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  CHECK (valid_until IS NULL OR valid_from IS NULL OR valid_until >= valid_from),
  UNIQUE (customer_id, type, number)
);
CREATE INDEX customer_qualifications_customer_idx ON customer_qualifications(customer_id);
CREATE INDEX customer_qualifications_expiry_idx ON customer_qualifications(valid_until);

CREATE TABLE suppliers (
  id                    bigserial PRIMARY KEY,
  code                  text NOT NULL UNIQUE,
  name                  text NOT NULL,
  kind                  text NOT NULL CHECK (kind IN ('manufacturer', 'supplier', 'both')),
  country               text NOT NULL DEFAULT 'CN',
  tax_id                text,
  address               text,
  licence_number        text,
  licence_valid_until   date,
  contact_name          text,
  contact_phone         text,
  is_active             boolean NOT NULL DEFAULT true,
  version               integer NOT NULL DEFAULT 1,
  created_at            timestamptz NOT NULL DEFAULT now(),
  updated_at            timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE product_lines (
  id          bigserial PRIMARY KEY,
  code        text NOT NULL UNIQUE,
  name_zh     text NOT NULL,
  name_en     text NOT NULL,
  version     integer NOT NULL DEFAULT 1,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE products (
  id                   bigserial PRIMARY KEY,
  sku                  text NOT NULL UNIQUE,
  name_zh              text NOT NULL,
  name_en              text NOT NULL,
  model_spec           text NOT NULL,
  product_line_id      bigint NOT NULL REFERENCES product_lines(id),
  unit                 text NOT NULL,
  gtin                 text UNIQUE CHECK (gtin ~ '^[0-9]{14}$'),
  certificate_number   text NOT NULL,
  device_class         smallint NOT NULL CHECK (device_class BETWEEN 1 AND 3),
  certificate_expiry   date,
  manufacturer_id      bigint REFERENCES suppliers(id),
  storage_condition    text,
  cold_chain_min_c     numeric(4,1),
  cold_chain_max_c     numeric(4,1),
  shelf_life_days      integer CHECK (shelf_life_days > 0),
  standard_cost_fen    bigint NOT NULL CHECK (standard_cost_fen >= 0),
  list_price_fen       bigint NOT NULL CHECK (list_price_fen >= 0),
  floor_price_fen      bigint CHECK (floor_price_fen >= 0),
  vat_rate             numeric(5,4) NOT NULL DEFAULT 0.13 CHECK (vat_rate >= 0 AND vat_rate < 1),
  is_serial_tracked    boolean NOT NULL DEFAULT false,
  is_implant           boolean NOT NULL DEFAULT false,
  is_active            boolean NOT NULL DEFAULT true,
  version              integer NOT NULL DEFAULT 1,
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now(),
  CHECK (cold_chain_min_c IS NULL OR cold_chain_max_c IS NULL OR cold_chain_min_c <= cold_chain_max_c)
);
CREATE INDEX products_line_idx ON products(product_line_id);

CREATE TABLE warehouses (
  id             bigserial PRIMARY KEY,
  code           text NOT NULL UNIQUE,
  name           text NOT NULL,
  region_id      bigint NOT NULL REFERENCES regions(id),
  address        text,
  is_cold_chain  boolean NOT NULL DEFAULT false,
  is_active      boolean NOT NULL DEFAULT true,
  version        integer NOT NULL DEFAULT 1,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now()
);
