import { describe, expect, it } from 'vitest';
import {
  type ComplianceQualification,
  checkSaleCompliance,
  computeUsccCheckChar,
  isValidUnifiedSocialCreditCode,
  normalizeCustomerName,
  qualificationStatus,
} from './parties.rules.ts';

describe('customer names for duplicate detection', () => {
  it('treats spacing, full-width characters and 市 as the same name', () => {
    const canonical = normalizeCustomerName('北京协和医院');
    expect(normalizeCustomerName('北京协和医院 ')).toBe(canonical);
    expect(normalizeCustomerName('北京市协和医院')).toBe(canonical);
    expect(normalizeCustomerName('北京（协和）医院')).toBe(canonical);
    expect(normalizeCustomerName('上海瑞金医院')).not.toBe(canonical);
  });
});

describe('unified social credit code', () => {
  it('accepts a code whose check character matches and refuses a changed one', () => {
    const code = `91110108${'MA01ABCD'}X`.slice(0, 17);
    const valid = code + computeUsccCheckChar(code);
    expect(isValidUnifiedSocialCreditCode(valid)).toBe(true);
    const wrongCheck = valid.slice(0, 17) + (valid[17] === '0' ? '1' : '0');
    expect(isValidUnifiedSocialCreditCode(wrongCheck)).toBe(false);
    expect(isValidUnifiedSocialCreditCode('123')).toBe(false);
  });

  it('accepts a published real-world code', () => {
    // 91350100M000100Y43 is the standard's worked example.
    expect(isValidUnifiedSocialCreditCode('91350100M000100Y43')).toBe(true);
  });
});

describe('qualification status', () => {
  it('is expiring within 30 days, expired the day after valid-until, valid on the last day', () => {
    // 30 days before valid-until is expiring; 31 days before is still valid.
    expect(qualificationStatus({ validFrom: null, validUntil: '2026-12-31' }, '2026-12-01')).toBe('expiring');
    expect(qualificationStatus({ validFrom: null, validUntil: '2026-12-31' }, '2026-11-30')).toBe('valid');
    expect(qualificationStatus({ validFrom: null, validUntil: '2026-12-31' }, '2026-12-31')).toBe('expiring');
    expect(qualificationStatus({ validFrom: null, validUntil: '2026-12-31' }, '2027-01-01')).toBe('expired');
    expect(qualificationStatus({ validFrom: null, validUntil: '2027-06-30' }, '2026-11-30')).toBe('valid');
    expect(qualificationStatus({ validFrom: '2027-01-01', validUntil: null }, '2026-11-30')).toBe(
      'not_yet_valid',
    );
  });
});

describe('sale compliance (DOMAIN §2)', () => {
  const distributor = { type: 'distributor' as const, isActive: true };
  const classIII = {
    deviceClass: 3 as const,
    certificateNumber: '国械注准20193140123',
    certificateExpiry: '2029-05-01',
    isActive: true,
  };
  const classII = { ...classIII, deviceClass: 2 as const, certificateNumber: '苏械注准20192140001' };
  const licence = (over: Partial<ComplianceQualification> = {}): ComplianceQualification => ({
    type: 'operating_licence',
    number: '苏食药监械经营许20210001号',
    coveredClasses: [2, 3],
    validFrom: '2021-01-01',
    validUntil: '2026-12-31',
    ...over,
  });

  it('allows a Class III sale to a distributor with a valid operating licence covering Class III', () => {
    expect(checkSaleCompliance(distributor, [licence()], classIII, '2026-11-23')).toEqual({
      allowed: true,
      reasons: [],
    });
  });

  it('blocks a Class III sale when the operating licence is missing', () => {
    const result = checkSaleCompliance(distributor, [], classIII, '2026-11-23');
    expect(result.allowed).toBe(false);
    expect(result.reasons.map((r) => r.code)).toEqual(['QUALIFICATION_MISSING']);
  });

  it('blocks a Class III sale the day after the licence expired', () => {
    const result = checkSaleCompliance(distributor, [licence()], classIII, '2027-01-01');
    expect(result.reasons.map((r) => r.code)).toEqual(['QUALIFICATION_EXPIRED']);
    expect(result.reasons[0]!.zh).toContain('2026-12-31');
  });

  it('blocks a Class III sale when the licence covers only Class II', () => {
    const result = checkSaleCompliance(
      distributor,
      [licence({ coveredClasses: [2] })],
      classIII,
      '2026-11-23',
    );
    expect(result.reasons.map((r) => r.code)).toEqual(['QUALIFICATION_NOT_COVERING']);
  });

  it('accepts a Class II filing certificate for Class II but not for Class III', () => {
    const filing = licence({ type: 'filing_certificate', coveredClasses: [2], validUntil: null });
    expect(checkSaleCompliance(distributor, [filing], classII, '2026-11-23').allowed).toBe(true);
    expect(checkSaleCompliance(distributor, [filing], classIII, '2026-11-23').allowed).toBe(false);
  });

  it('needs no buyer qualification for Class I', () => {
    const classI = { ...classIII, deviceClass: 1 as const, certificateNumber: '京械备20150012' };
    expect(checkSaleCompliance(distributor, [], classI, '2026-11-23').allowed).toBe(true);
  });

  it('lets a hospital buy with its medical-institution licence', () => {
    const hospital = { type: 'hospital' as const, isActive: true };
    const institution = licence({
      type: 'medical_institution_licence',
      coveredClasses: [],
      validUntil: '2030-01-01',
    });
    expect(checkSaleCompliance(hospital, [institution], classIII, '2026-11-23').allowed).toBe(true);
    expect(checkSaleCompliance(hospital, [licence()], classIII, '2026-11-23').reasons[0]!.code).toBe(
      'QUALIFICATION_MISSING',
    );
  });

  it('blocks any sale after the product certificate’s expiry, listing every reason', () => {
    const result = checkSaleCompliance(
      distributor,
      [],
      { ...classIII, certificateExpiry: '2026-11-22' },
      '2026-11-23',
    );
    expect(result.reasons.map((r) => r.code)).toEqual(['CERTIFICATE_EXPIRED', 'QUALIFICATION_MISSING']);
  });
});
