/** Business dates are calendar days in the company's time zone (DOMAIN: default Asia/Shanghai). */
export const COMPANY_TIME_ZONE = 'Asia/Shanghai';

// Building a formatter costs far more than using one, and hot paths ask for today's date often.
const formatters = new Map<string, Intl.DateTimeFormat>();
// Even using one shows in profiles: remember the last answer per zone for its UTC minute. Zone
// offsets have been whole minutes everywhere since 1972, so every instant of a UTC minute since
// then falls on the same local day.
const WHOLE_MINUTE_OFFSETS_SINCE = Date.UTC(1980, 0, 1);
const lastAnswers = new Map<string, { minute: number; date: string }>();

/** The calendar date of an instant in the company's zone, as YYYY-MM-DD. */
export function businessDate(at: Date = new Date(), timeZone = COMPANY_TIME_ZONE): string {
  const minute = Math.floor(at.getTime() / 60_000);
  const last = lastAnswers.get(timeZone);
  if (last?.minute === minute) return last.date;
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  const date = formatter.format(at);
  if (at.getTime() >= WHOLE_MINUTE_OFFSETS_SINCE) lastAnswers.set(timeZone, { minute, date });
  return date;
}

/** Whole calendar days from a to b (b − a), both YYYY-MM-DD. */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

export function isIsoDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const parsed = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === text;
}
