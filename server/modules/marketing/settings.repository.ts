import { randomBytes } from 'node:crypto';
import type { MarketingSettings, UpdateMarketingSettingsRequest } from '../../../contracts/marketing.ts';
import type { Queryable } from '../../platform/db.ts';
import { SqlParams } from '../../platform/sql.ts';

const columns = `attribution_lookback_days AS "attributionLookbackDays", time_decay_half_life_days AS "timeDecayHalfLifeDays",
  yearly_churn_bp AS "yearlyChurnBp", intake_max_per_ip AS "intakeMaxPerIp", intake_window_minutes AS "intakeWindowMinutes",
  intake_min_fill_seconds AS "intakeMinFillSeconds", version`;

export async function getSettings(db: Queryable): Promise<MarketingSettings> {
  const { rows } = await db.query<MarketingSettings>(`SELECT ${columns} FROM marketing_settings`);
  if (!rows[0]) throw new Error('marketing_settings has no row (migration 0015 inserts it)');
  return rows[0];
}

/** The key that signs intake form tokens; the first server that needs one creates it. */
export async function getIntakeSecret(db: Queryable): Promise<string> {
  const existing = await db.query<{ secret: string | null }>(
    'SELECT intake_secret AS secret FROM marketing_settings',
  );
  if (existing.rows[0]?.secret) return existing.rows[0].secret;
  const { rows } = await db.query<{ secret: string }>(
    `UPDATE marketing_settings SET intake_secret = coalesce(intake_secret, $1) RETURNING intake_secret AS secret`,
    [randomBytes(32).toString('base64url')],
  );
  return rows[0]!.secret;
}

const writable = {
  attributionLookbackDays: 'attribution_lookback_days',
  timeDecayHalfLifeDays: 'time_decay_half_life_days',
  yearlyChurnBp: 'yearly_churn_bp',
  intakeMaxPerIp: 'intake_max_per_ip',
  intakeWindowMinutes: 'intake_window_minutes',
  intakeMinFillSeconds: 'intake_min_fill_seconds',
} as const;

export async function updateSettings(db: Queryable, input: UpdateMarketingSettingsRequest): Promise<boolean> {
  const params = new SqlParams();
  const sets: string[] = [];
  for (const [key, column] of Object.entries(writable) as [keyof typeof writable, string][]) {
    if (input[key] !== undefined) sets.push(`${column} = ${params.add(input[key])}`);
  }
  const { rowCount } = await db.query(
    `UPDATE marketing_settings SET ${[...sets, 'version = version + 1', 'updated_at = now()'].join(', ')}
      WHERE version = ${params.add(input.version)}`,
    params.values,
  );
  return rowCount === 1;
}
