/**
 * Shape of Chinese medical-device registration certificate and Class I filing numbers
 * (DOMAIN §1; 《医疗器械注册与备案管理办法》):
 * - registration `×1械注×2 YYYY C NN SSSS`: ×1 is 国 (NMPA) or a province abbreviation,
 *   ×2 is 准 (domestic), 进 (imported) or 许 (Hong Kong, Macao, Taiwan), then year, management
 *   class, 2-digit classification category and 4-digit serial;
 * - filing `×1械备 YYYY SSSS`: ×1 is 国 for imported Class I devices, otherwise the province
 *   abbreviation followed by the filing city's abbreviation where the city files.
 * Pre-2014 numbers (国食药监械(准)字…) are not accepted: certificates last five years, so
 * none of them can still be valid for sale.
 */

export type DeviceClass = 1 | 2 | 3;

/** The 31 mainland provincial-level divisions, by their one-character abbreviation. */
export const PROVINCE_ABBREVIATIONS = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼';

export interface RegistrationCertificate {
  kind: 'registration';
  authority: 'national' | 'provincial';
  origin: '准' | '进' | '许';
  year: number;
  deviceClass: 2 | 3;
  category: string;
  serial: string;
  province?: string;
  /** The number as it should be stored: trimmed, without a trailing 号. */
  number: string;
}

/** Class I filings carry no classification category in their number. */
export interface FilingCertificate {
  kind: 'filing';
  authority: 'national' | 'provincial';
  year: number;
  deviceClass: 1;
  serial: string;
  province?: string;
  /** Abbreviation of the filing city (e.g. 苏 in 苏苏械备), when the city filed it. */
  city?: string;
  number: string;
}

export type CertificateNumber = RegistrationCertificate | FilingCertificate;

export type CertificateParseResult =
  | ({ ok: true } & CertificateNumber)
  | { ok: false; code: 'BAD_CERTIFICATE_FORMAT'; message: string };

const PROVINCE = `[${PROVINCE_ABBREVIATIONS}]`;
const REGISTRATION = new RegExp(`^(国|${PROVINCE})械注([准进许])(\\d{4})(\\d)(\\d{2})(\\d{4})$`);
const NATIONAL_FILING = /^国械备(\d{4})(\d{4})$/;
// City abbreviations are one character in practice; two are allowed for the odd district.
const PROVINCIAL_FILING = new RegExp(`^(${PROVINCE})([\\u4e00-\\u9fff]{0,2}?)械备(\\d{4})(\\d{4})$`);

function invalid(message: string): CertificateParseResult {
  return { ok: false, code: 'BAD_CERTIFICATE_FORMAT', message };
}

/** Validates the shape of a registration or filing number and reads its parts. */
export function parseCertificateNumber(text: string): CertificateParseResult {
  const number = text.trim().replace(/号$/, '');
  if (number === '') return invalid('The certificate number is empty');

  const registration = REGISTRATION.exec(number);
  if (registration) {
    const [, issuer = '', origin = '', year = '', classDigit = '', category = '', serial = ''] = registration;
    return readRegistration(number, issuer, origin as RegistrationCertificate['origin'], {
      year: Number(year),
      deviceClass: Number(classDigit),
      category,
      serial,
    });
  }

  const nationalFiling = NATIONAL_FILING.exec(number);
  if (nationalFiling) {
    const [, year = '', serial = ''] = nationalFiling;
    return {
      ok: true,
      kind: 'filing',
      authority: 'national',
      year: Number(year),
      deviceClass: 1,
      serial,
      number,
    };
  }

  const provincialFiling = PROVINCIAL_FILING.exec(number);
  if (provincialFiling) {
    const [, province = '', city = '', year = '', serial = ''] = provincialFiling;
    return {
      ok: true,
      kind: 'filing',
      authority: 'provincial',
      year: Number(year),
      deviceClass: 1,
      serial,
      province,
      ...(city === '' ? {} : { city }),
      number,
    };
  }

  return invalid(
    `"${number}" is neither a registration number (国械注准20193140123) nor a filing number (京械备20150012)`,
  );
}

function readRegistration(
  number: string,
  issuer: string,
  origin: RegistrationCertificate['origin'],
  digits: { year: number; deviceClass: number; category: string; serial: string },
): CertificateParseResult {
  const { year, deviceClass, category, serial } = digits;
  if (deviceClass !== 2 && deviceClass !== 3) {
    return invalid(`Management class ${deviceClass} cannot be registered: Class I devices are filed (械备)`);
  }
  if (issuer !== '国') {
    // Provinces register domestic Class II devices only; imports and Class III go to NMPA.
    if (origin !== '准') return invalid(`A provincial registration is always 械注准, not 械注${origin}`);
    if (deviceClass !== 2) return invalid('A provincial registration can only be for a Class II device');
    return {
      ok: true,
      kind: 'registration',
      authority: 'provincial',
      origin,
      year,
      deviceClass,
      category,
      serial,
      province: issuer,
      number,
    };
  }
  // Domestic Class II is registered by the provinces, so a national 准 number is Class III.
  if (origin === '准' && deviceClass !== 3) {
    return invalid('A national domestic registration (国械注准) can only be for a Class III device');
  }
  return {
    ok: true,
    kind: 'registration',
    authority: 'national',
    origin,
    year,
    deviceClass,
    category,
    serial,
    number,
  };
}

/** True when the certificate covers a device of the given management class. */
export function classMatches(certificate: CertificateNumber, deviceClass: DeviceClass): boolean {
  return certificate.deviceClass === deviceClass;
}
