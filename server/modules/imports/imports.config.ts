/** Limits of the import module, from the environment, with defaults that suit a single server. */

export interface ImportLimits {
  /** Largest upload accepted (also the route's body limit). */
  maxFileBytes: number;
  maxRows: number;
  maxColumns: number;
  /** An .xlsx may unpack to at most this much (zip-bomb guard). */
  maxUnzippedBytes: number;
  maxZipEntries: number;
  /** Problems kept for listing and the error report; counting goes on past it. */
  maxStoredProblems: number;
  /** Rows checked and written per set-based statement. */
  batchSize: number;
  /** Uploaded files are stored in parts of this size (small parts keep each result message small). */
  filePartBytes: number;
  /** A dry run or commit showing no progress for this long is taken to have died. */
  staleRunSeconds: number;
}

function readInt(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0)
    throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
}

const MB = 1024 * 1024;

export function readImportLimits(env: NodeJS.ProcessEnv = process.env): ImportLimits {
  return {
    maxFileBytes: readInt(env, 'PULSE_IMPORT_MAX_BYTES', 50 * MB),
    maxRows: readInt(env, 'PULSE_IMPORT_MAX_ROWS', 1_000_000),
    maxColumns: 500,
    maxUnzippedBytes: readInt(env, 'PULSE_IMPORT_MAX_UNZIPPED_BYTES', 300 * MB),
    maxZipEntries: 10_000,
    maxStoredProblems: readInt(env, 'PULSE_IMPORT_MAX_STORED_PROBLEMS', 100_000),
    batchSize: 5000,
    filePartBytes: 2 * MB,
    staleRunSeconds: 300,
  };
}
