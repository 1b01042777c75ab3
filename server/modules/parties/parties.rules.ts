/** Pure rules about customers and their qualifications (DOMAIN §2). */
import { daysBetween } from '../../platform/dates.ts';

/**
 * Normalises a customer name for duplicate detection: full-width to half-width, no spaces or
 * punctuation, and without the administrative words that people add or drop at will
 * (北京协和医院 = 北京协和医院␠ = 北京市协和医院).
 */
export function normalizeCustomerName(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]+/gu, '')
    .replace(/(省|市|自治区|特别行政区|有限责任公司|股份有限公司|有限公司)/g, '');
}

/**
 * Trigram similarity of normalised names from which two customers are probably the same.
 * Chinese names are short and every character counts as a letter, so one changed character in
 * a 15-character name already drops similarity to about 0.68: 0.6 catches typos and small
 * additions (北京协和医院 / 北京协和医院东院 = 0.6) without pairing unrelated hospitals.
 */
export const NEAR_DUPLICATE_SIMILARITY = 0.6;

const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** 统一社会信用代码 (GB 32100-2015): 18 characters with a check character computed mod 31. */
export function isValidUnifiedSocialCreditCode(code: string): boolean {
  if (!/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(code)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_CHARS.indexOf(code[i]!) * USCC_WEIGHTS[i]!;
  const check = USCC_CHARS[(31 - (sum % 31)) % 31];
  return code[17] === check;
}

export function computeUsccCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_CHARS.indexOf(first17[i]!) * USCC_WEIGHTS[i]!;
  return USCC_CHARS[(31 - (sum % 31)) % 31]!;
}

export type QualificationStatus = 'valid' | 'expiring' | 'expired' | 'not_yet_valid';

/** A qualification expiring within this many days is flagged (DOMAIN §4 uses 30 days). */
export const EXPIRING_WITHIN_DAYS = 30;

export function qualificationStatus(
  validity: { validFrom: string | null; validUntil: string | null },
  today: string,
): QualificationStatus {
  if (validity.validFrom && today < validity.validFrom) return 'not_yet_valid';
  if (validity.validUntil === null) return 'valid';
  if (today > validity.validUntil) return 'expired';
  return daysBetween(today, validity.validUntil) <= EXPIRING_WITHIN_DAYS ? 'expiring' : 'valid';
}

export type QualificationType =
  | 'business_licence'
  | 'operating_licence'
  | 'filing_certificate'
  | 'medical_institution_licence';

export interface ComplianceCustomer {
  type: 'hospital' | 'clinic' | 'distributor' | 'agent';
  isActive: boolean;
}

export interface ComplianceQualification {
  type: QualificationType;
  number: string;
  coveredClasses: number[];
  validFrom: string | null;
  validUntil: string | null;
}

export interface ComplianceProduct {
  deviceClass: 1 | 2 | 3;
  certificateNumber: string;
  certificateExpiry: string | null;
  isActive: boolean;
}

export type ComplianceReasonCode =
  | 'CUSTOMER_INACTIVE'
  | 'PRODUCT_INACTIVE'
  | 'CERTIFICATE_EXPIRED'
  | 'QUALIFICATION_MISSING'
  | 'QUALIFICATION_EXPIRED'
  | 'QUALIFICATION_NOT_COVERING';

export interface ComplianceReason {
  code: ComplianceReasonCode;
  en: string;
  zh: string;
}

export interface ComplianceResult {
  allowed: boolean;
  reasons: ComplianceReason[];
}

/**
 * May this customer buy this product on this date? Fails closed: any missing or expired
 * document blocks the sale, with every reason listed.
 *
 * - The product's registration certificate (or filing) must not be past its expiry.
 * - Class II needs the buyer's filing certificate (备案凭证) or operating licence covering
 *   Class II; Class III needs an operating licence (经营许可证) covering Class III.
 * - Hospitals and clinics buy for their own use: their medical-institution licence
 *   (医疗机构执业许可证) takes the place of a distribution qualification.
 */
export function checkSaleCompliance(
  customer: ComplianceCustomer,
  qualifications: readonly ComplianceQualification[],
  product: ComplianceProduct,
  date: string,
): ComplianceResult {
  const reasons: ComplianceReason[] = [];
  if (!customer.isActive) {
    reasons.push({ code: 'CUSTOMER_INACTIVE', en: 'The customer is inactive', zh: '客户已停用' });
  }
  if (!product.isActive) {
    reasons.push({ code: 'PRODUCT_INACTIVE', en: 'The product is inactive', zh: '产品已停用' });
  }
  if (product.certificateExpiry !== null && date > product.certificateExpiry) {
    reasons.push({
      code: 'CERTIFICATE_EXPIRED',
      en: `Registration certificate ${product.certificateNumber} expired on ${product.certificateExpiry}`,
      zh: `注册证 ${product.certificateNumber} 已于 ${product.certificateExpiry} 过期`,
    });
  }
  const deviceClass = product.deviceClass;
  if (deviceClass >= 2) {
    const isInstitution = customer.type === 'hospital' || customer.type === 'clinic';
    const acceptable: QualificationType[] = isInstitution
      ? ['medical_institution_licence']
      : deviceClass === 3
        ? ['operating_licence']
        : ['filing_certificate', 'operating_licence'];
    const candidates = qualifications.filter((q) => acceptable.includes(q.type));
    const covering = isInstitution
      ? candidates
      : candidates.filter((q) => q.coveredClasses.includes(deviceClass));
    const valid = covering.filter(
      (q) => qualificationStatus(q, date) !== 'expired' && qualificationStatus(q, date) !== 'not_yet_valid',
    );
    const className = deviceClass === 3 ? 'III' : 'II';
    const documentZh = isInstitution
      ? '医疗机构执业许可证'
      : deviceClass === 3
        ? '医疗器械经营许可证'
        : '第二类医疗器械经营备案凭证';
    const documentEn = isInstitution
      ? 'medical institution licence'
      : deviceClass === 3
        ? 'medical device operating licence'
        : 'Class II filing certificate';
    if (valid.length === 0) {
      if (candidates.length === 0) {
        reasons.push({
          code: 'QUALIFICATION_MISSING',
          en: `Selling a Class ${className} device needs the customer's ${documentEn}, which is missing`,
          zh: `销售第${className === 'III' ? '三' : '二'}类医疗器械需要客户的${documentZh}，但缺失`,
        });
      } else if (covering.length === 0) {
        reasons.push({
          code: 'QUALIFICATION_NOT_COVERING',
          en: `The customer's ${documentEn} does not cover Class ${className}`,
          zh: `客户的${documentZh}经营范围不含第${className === 'III' ? '三' : '二'}类`,
        });
      } else {
        const latest = [...covering].sort((a, b) =>
          (b.validUntil ?? '').localeCompare(a.validUntil ?? ''),
        )[0]!;
        reasons.push({
          code: 'QUALIFICATION_EXPIRED',
          en: `The customer's ${documentEn} ${latest.number} expired on ${latest.validUntil}`,
          zh: `客户的${documentZh} ${latest.number} 已于 ${latest.validUntil} 过期`,
        });
      }
    }
  }
  return { allowed: reasons.length === 0, reasons };
}
