/**
 * Instant feedback while typing a product. The server validates the same things and has the
 * last word; these only save a round trip and explain what is expected.
 */

export type GtinCheck =
  | { ok: true }
  | { ok: false; reason: 'digits' }
  | { ok: false; reason: 'checkDigit'; expected: number };

/** GS1 mod-10 check digit of the data digits: weights 3,1,3,1… from the right. */
export function gs1CheckDigit(data: string): number {
  let sum = 0;
  let weight = 3;
  for (let i = data.length - 1; i >= 0; i--) {
    sum += (data.charCodeAt(i) - 48) * weight;
    weight = 4 - weight;
  }
  return (10 - (sum % 10)) % 10;
}

export function checkGtin(text: string): GtinCheck {
  const code = text.trim();
  if (!/^\d+$/.test(code) || ![8, 12, 13, 14].includes(code.length)) return { ok: false, reason: 'digits' };
  const expected = gs1CheckDigit(code.slice(0, -1));
  return code.endsWith(String(expected)) ? { ok: true } : { ok: false, reason: 'checkDigit', expected };
}

const PROVINCES = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼';
const REGISTRATION = new RegExp(`^(?:国|[${PROVINCES}])械注[准进许]\\d{4}([23])\\d{2}\\d{4}$`);
const FILING = new RegExp(`^(?:国|[${PROVINCES}][\\u4e00-\\u9fff]{0,2}?)械备\\d{4}\\d{4}$`);

/**
 * The device class a registration (国械注准20193140123 → III) or filing (苏苏械备20200001 → I)
 * number stands for; null when the number does not have either shape.
 */
export function deviceClassOfCertificate(text: string): 1 | 2 | 3 | null {
  const number = text.trim().replace(/号$/, '');
  const registration = REGISTRATION.exec(number);
  if (registration) return registration[1] === '3' ? 3 : 2;
  return FILING.test(number) ? 1 : null;
}
