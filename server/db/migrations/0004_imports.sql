-- Imports: uploaded files, their column mapping, the problems a dry run found, and saved
-- mapping templates.

CREATE TABLE import_jobs (
  id                   bigserial PRIMARY KEY,
  entity               text NOT NULL CHECK (entity IN ('customers', 'products')),
  file_name            text NOT NULL,
  file_sha256          text NOT NULL CHECK (file_sha256 ~ '^[0-9a-f]{64}$'),
  size_bytes           bigint NOT NULL CHECK (size_bytes >= 0),
  format               text NOT NULL CHECK (format IN ('csv', 'xlsx')),
  -- Detected text encoding of a CSV file; an .xlsx file has none.
  encoding             text CHECK (encoding IN ('utf-8', 'gbk', 'utf-16le')),
  status               text NOT NULL DEFAULT 'uploaded'
                         CHECK (status IN ('uploaded', 'validating', 'validated', 'committing', 'committed', 'failed')),
  headers              text[] NOT NULL,
  -- The first rows as arrays of cell text (never objects keyed by header: headers are user input).
  sample_rows          jsonb NOT NULL DEFAULT '[]',
  -- Field name → header name.
  mapping              jsonb NOT NULL DEFAULT '{}',
  total_rows           integer NOT NULL CHECK (total_rows >= 0),
  progress_rows        integer NOT NULL DEFAULT 0,
  problem_count        integer,
  problem_counts       jsonb,
  created_count        integer,
  unchanged_count      integer,
  -- A re-upload of a file that was already committed for the same entity.
  duplicate_of_job_id  bigint REFERENCES import_jobs(id),
  failure              text,
  created_by           bigint REFERENCES users(id),
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now(),
  validated_at         timestamptz,
  committed_at         timestamptz
);
CREATE INDEX import_jobs_creator_idx ON import_jobs (created_by, id DESC);
-- Idempotency: a committed file is recognised by its hash.
CREATE INDEX import_jobs_committed_file_idx ON import_jobs (entity, file_sha256) WHERE status = 'committed';

-- The uploaded bytes, in parts so that no single value nears PostgreSQL's 1 GB limit and a
-- reader can stream them. Stored uncompressed: .xlsx is already compressed, and CSV parts are
-- read back whole, where decompressing would cost more than the disk it saves.
CREATE TABLE import_files (
  job_id   bigint NOT NULL REFERENCES import_jobs(id) ON DELETE CASCADE,
  part     integer NOT NULL,
  content  bytea NOT NULL,
  PRIMARY KEY (job_id, part)
);
ALTER TABLE import_files ALTER COLUMN content SET STORAGE EXTERNAL;

CREATE TABLE import_problems (
  job_id         bigint NOT NULL REFERENCES import_jobs(id) ON DELETE CASCADE,
  seq            integer NOT NULL,
  -- Spreadsheet row number: the header is row 1.
  row_number     integer NOT NULL,
  field          text,
  column_header  text,
  code           text NOT NULL,
  value          text,
  message_en     text NOT NULL,
  message_zh     text NOT NULL,
  PRIMARY KEY (job_id, seq)
);
CREATE INDEX import_problems_row_idx ON import_problems (job_id, row_number, seq);

CREATE TABLE import_templates (
  id          bigserial PRIMARY KEY,
  entity      text NOT NULL CHECK (entity IN ('customers', 'products')),
  name        text NOT NULL,
  mapping     jsonb NOT NULL,
  created_by  bigint REFERENCES users(id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (entity, name)
);
