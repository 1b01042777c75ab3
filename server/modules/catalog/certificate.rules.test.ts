import { describe, expect, it } from 'vitest';
import {
  type CertificateNumber,
  type CertificateParseResult,
  classMatches,
  PROVINCE_ABBREVIATIONS,
  parseCertificateNumber,
} from './certificate.rules.ts';

function certificate(text: string): CertificateNumber {
  const result = parseCertificateNumber(text);
  if (!result.ok) throw new Error(`expected "${text}" to be valid: ${result.message}`);
  const { ok: _ok, ...value } = result;
  return value;
}

function rejection(text: string): CertificateParseResult {
  const result = parseCertificateNumber(text);
  expect(result).toMatchObject({ ok: false, code: 'BAD_CERTIFICATE_FORMAT' });
  if (!result.ok) expect(result.message.length).toBeGreaterThan(0);
  return result;
}

describe('parseCertificateNumber — registrations', () => {
  it('reads the DOMAIN example 国械注准20193140123 as a 2019 national Class III registration', () => {
    expect(certificate('国械注准20193140123')).toEqual({
      kind: 'registration',
      authority: 'national',
      origin: '准',
      year: 2019,
      deviceClass: 3,
      category: '14',
      serial: '0123',
      number: '国械注准20193140123',
    });
  });

  it('reads imported and Hong Kong/Macao/Taiwan registrations of Class II and III', () => {
    expect(certificate('国械注进20172064521')).toMatchObject({
      origin: '进',
      deviceClass: 2,
      category: '06',
    });
    expect(certificate('国械注进20203220011')).toMatchObject({
      origin: '进',
      deviceClass: 3,
      category: '22',
    });
    expect(certificate('国械注许20183400008')).toMatchObject({
      origin: '许',
      deviceClass: 3,
      category: '40',
    });
  });

  it('reads a provincial Class II registration and remembers the province', () => {
    expect(certificate('粤械注准20172220235')).toEqual({
      kind: 'registration',
      authority: 'provincial',
      origin: '准',
      year: 2017,
      deviceClass: 2,
      category: '22',
      serial: '0235',
      province: '粤',
      number: '粤械注准20172220235',
    });
  });

  it('accepts every one of the 31 mainland province abbreviations', () => {
    expect([...PROVINCE_ABBREVIATIONS]).toHaveLength(31);
    for (const province of PROVINCE_ABBREVIATIONS) {
      expect(certificate(`${province}械注准20212140001`)).toMatchObject({ province, deviceClass: 2 });
    }
  });

  it('ignores surrounding spaces and a trailing 号', () => {
    expect(certificate(' 国械注准20193140123号 ').number).toBe('国械注准20193140123');
  });

  it('rejects a provincial registration claiming Class III', () => {
    expect(rejection('苏械注准20193140123')).toMatchObject({ ok: false });
  });

  it('rejects a provincial registration of an imported device', () => {
    rejection('沪械注进20172064521');
  });

  it('rejects a national domestic registration below Class III, since provinces register Class II', () => {
    rejection('国械注准20192140123');
  });

  it('rejects a registration claiming Class I or a class that does not exist', () => {
    rejection('国械注进20191140123');
    rejection('国械注准20194140123');
    rejection('国械注准20190140123');
  });

  it('rejects wrong digit counts, unknown issuers and other shapes', () => {
    rejection('国械注准2019314012');
    rejection('国械注准201931401234');
    rejection('港械注准20192140123');
    rejection('国械注字20193140123');
    rejection('国食药监械(准)字2012第3400123号');
    rejection('国械注准2019314O123');
    rejection('');
    rejection('   ');
  });
});

describe('parseCertificateNumber — Class I filings', () => {
  it('reads a provincial filing as Class I', () => {
    expect(certificate('京械备20150012')).toEqual({
      kind: 'filing',
      authority: 'provincial',
      year: 2015,
      deviceClass: 1,
      serial: '0012',
      province: '京',
      number: '京械备20150012',
    });
  });

  it('reads a city filing and keeps the city abbreviation', () => {
    expect(certificate('苏苏械备20190123号')).toEqual({
      kind: 'filing',
      authority: 'provincial',
      year: 2019,
      deviceClass: 1,
      serial: '0123',
      province: '苏',
      city: '苏',
      number: '苏苏械备20190123',
    });
  });

  it('reads 国械备 as a national filing of an imported Class I device', () => {
    expect(certificate('国械备20160045')).toMatchObject({
      kind: 'filing',
      authority: 'national',
      deviceClass: 1,
    });
  });

  it('rejects filings with the wrong number of digits or no province', () => {
    rejection('京械备2015012');
    rejection('京械备201500123');
    rejection('械备20150012');
    rejection('港械备20150012');
    rejection('京ABC械备20150012');
  });
});

describe('classMatches', () => {
  it('matches a certificate only with its own management class', () => {
    const classThree = certificate('国械注准20193140123');
    expect(classMatches(classThree, 3)).toBe(true);
    expect(classMatches(classThree, 2)).toBe(false);
  });

  it('treats a filing as covering Class I only', () => {
    const filing = certificate('京械备20150012');
    expect(classMatches(filing, 1)).toBe(true);
    expect(classMatches(filing, 2)).toBe(false);
    expect(classMatches(filing, 3)).toBe(false);
  });
});
