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
  return dayNumber(b) - dayNumber(a);
}

export function addDays(date: string, days: number): string {
  const day = dayNumber(date) + days;
  // Years 0–9999 print as YYYY; toISOString writes others with a sign and six digits.
  return day >= DAY_OF_YEAR_0 && day < DAY_OF_YEAR_10000
    ? civilDate(day)
    : new Date(day * 86_400_000).toISOString().slice(0, 10);
}

/*
 * Date arithmetic on day numbers (days since 1970-01-01) without Date objects: pricing, FEFO,
 * due dates and the demo's three years of history call these millions of times, and parsing a
 * template string with Date.parse cost more than the rest of those rules. The conversions are
 * Howard Hinnant's days_from_civil / civil_from_days (proleptic Gregorian, as Date is).
 */
const DAY_OF_YEAR_0 = -719_528;
const DAY_OF_YEAR_10000 = 2_932_897;

const CHAR_0 = 48;
function digitsAt(text: string, start: number, count: number): number {
  let value = 0;
  for (let i = start; i < start + count; i++) {
    const digit = text.charCodeAt(i) - CHAR_0;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/**
 * The day number of a YYYY-MM-DD date, exactly as Date.parse(`${date}T00:00:00Z`) / 86,400,000
 * would give it — including its leniency (February 30 is March 1) and NaN for what it refuses,
 * which goes through Date.parse itself.
 */
function dayNumber(date: string): number {
  if (date.length === 10 && date.charCodeAt(4) === 45 && date.charCodeAt(7) === 45) {
    const year = digitsAt(date, 0, 4);
    const month = digitsAt(date, 5, 2);
    const day = digitsAt(date, 8, 2);
    if (year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= 31) {
      return daysFromCivil(year, month, day);
    }
  }
  return Math.round(Date.parse(`${date}T00:00:00Z`) / 86_400_000);
}

function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

function civilDate(dayNumber: number): string {
  const z = dayNumber + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthIndex = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthIndex + 2) / 5) + 1;
  const month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return `${String(year).padStart(4, '0')}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
}

export function isIsoDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const parsed = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === text;
}
