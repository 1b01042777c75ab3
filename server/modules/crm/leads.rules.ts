/** Pure rules about leads: normalising contact data for duplicate detection, and intake form tokens. */
import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * A phone number as digits only, without China's country code (+86 / 0086), so that
 * "+86 138-1234-5678", "13812345678" and "0086 13812345678" are the same number. Null when
 * fewer than 5 digits remain (an extension is not a phone number).
 */
export function normalizePhone(phone: string | null | undefined): string | null {
  if (!phone) return null;
  let digits = phone.replace(/\D/g, '');
  if (digits.startsWith('0086') && digits.length > 11) digits = digits.slice(4);
  else if (digits.startsWith('86') && digits.length === 13) digits = digits.slice(2);
  return digits.length >= 5 ? digits : null;
}

export function normalizeEmail(email: string | null | undefined): string | null {
  const trimmed = email?.trim().toLowerCase();
  return trimmed ? trimmed : null;
}

/** Form tokens are valid this long after they were handed out. */
export const FORM_TOKEN_MAX_AGE_SECONDS = 24 * 3600;

function signature(secret: string, issuedAtMs: number): string {
  return createHmac('sha256', secret).update(`lead-form:${issuedAtMs}`).digest('base64url');
}

/** `<issued at ms>.<HMAC>`: proves when our server handed the form out, without storing anything. */
export function signFormToken(secret: string, issuedAtMs: number): string {
  return `${issuedAtMs}.${signature(secret, issuedAtMs)}`;
}

export type FormTokenCheck = 'ok' | 'too_fast' | 'bad_token';

/**
 * A submission is spam when its token is missing, forged or stale, or when it comes back sooner
 * than a person can fill the form in (`minFillSeconds`).
 */
export function checkFormToken(
  secret: string,
  token: string,
  nowMs: number,
  minFillSeconds: number,
  maxAgeSeconds = FORM_TOKEN_MAX_AGE_SECONDS,
): FormTokenCheck {
  const match = /^(\d{10,16})\.([A-Za-z0-9_-]{20,100})$/.exec(token);
  if (!match) return 'bad_token';
  const issuedAtMs = Number(match[1]);
  const expected = Buffer.from(signature(secret, issuedAtMs));
  const given = Buffer.from(match[2]!);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'bad_token';
  const ageMs = nowMs - issuedAtMs;
  if (ageMs < 0 || ageMs > maxAgeSeconds * 1000) return 'bad_token';
  if (ageMs < minFillSeconds * 1000) return 'too_fast';
  return 'ok';
}

/** The marketing channel a UTM medium stands for, when it names one. */
export function channelFromUtmMedium(medium: string | null | undefined): string | null {
  const m = medium?.trim().toLowerCase();
  if (!m) return null;
  if (['cpc', 'ppc', 'sem', 'search', 'paid_search'].includes(m)) return 'search';
  if (['social', 'paid_social', 'weibo', 'douyin', 'xiaohongshu'].includes(m)) return 'social';
  if (['wechat', 'weixin'].includes(m)) return 'wechat';
  if (['email', 'edm', 'newsletter'].includes(m)) return 'email';
  if (['referral'].includes(m)) return 'referral';
  return null;
}

/** The touch a new lead of a campaign records: how the lead reached us. */
export function touchKindForLeadSource(source: string): 'form' | 'attendance' | 'call' {
  if (source === 'web_form' || source === 'import') return 'form';
  if (source === 'event') return 'attendance';
  return 'call';
}

/** a.b@example.com → a***@example.com */
export function maskEmail(email: string | null): string | null {
  if (!email) return email;
  const at = email.indexOf('@');
  if (at <= 0) return '***';
  return `${email[0]}***${email.slice(at)}`;
}
