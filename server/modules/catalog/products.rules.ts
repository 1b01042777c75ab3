/** Pure rules for product master data (DOMAIN §1, SPEC §2.1): no I/O. */
import { classMatches, parseCertificateNumber } from './certificate.rules.ts';
import { computeGs1CheckDigit, isValidGtin, normaliseGtin14 } from './gtin.rules.ts';

export interface ProductDraft {
  gtin: string | null;
  certificateNumber: string;
  deviceClass: 1 | 2 | 3;
  coldChainMinC: number | null;
  coldChainMaxC: number | null;
  listPriceFen: number;
  floorPriceFen: number | null;
}

export type ProductRule =
  | 'INVALID_GTIN'
  | 'BAD_CERTIFICATE_FORMAT'
  | 'CERTIFICATE_CLASS_MISMATCH'
  | 'COLD_CHAIN_RANGE'
  | 'FLOOR_ABOVE_LIST_PRICE';

export interface ProductProblem {
  /** The request field the client should highlight. */
  field: keyof ProductDraft;
  /** Every field the rule reads: an update that touches none of them cannot break it. */
  involves: readonly (keyof ProductDraft)[];
  rule: ProductRule;
  en: string;
  zh: string;
}

export interface ProductCheck {
  /** Empty when the product may be stored. */
  problems: ProductProblem[];
  /** GTIN-14 when valid (as given otherwise; null when blank). */
  gtin: string | null;
  /** Trimmed, without a trailing 号, when the shape is valid (as given otherwise). */
  certificateNumber: string;
}

const CLASS_NAMES = { 1: 'I', 2: 'II', 3: 'III' } as const;
const CLASS_NAMES_ZH = { 1: '一', 2: '二', 3: '三' } as const;

function gtinProblem(gtin: string): ProductProblem {
  const hasGtinShape = /^[0-9]+$/.test(gtin) && [8, 12, 13, 14].includes(gtin.length);
  const expected = hasGtinShape ? computeGs1CheckDigit(gtin.slice(0, -1)) : null;
  return {
    field: 'gtin',
    involves: ['gtin'],
    rule: 'INVALID_GTIN',
    en:
      expected === null
        ? `"${gtin}" is not a GTIN: expected 8, 12, 13 or 14 digits`
        : `"${gtin}" is not a valid GTIN: the check digit should be ${expected}`,
    zh:
      expected === null
        ? `“${gtin}”不是有效的 GTIN：应为 8、12、13 或 14 位数字`
        : `“${gtin}”不是有效的 GTIN：校验位应为 ${expected}`,
  };
}

/**
 * Checks a product as it would be stored and returns the normalised codes: GTIN-14 and the
 * certificate number without a trailing 号. Lists every problem, so an import can report
 * them all at once.
 */
export function checkProduct(draft: ProductDraft): ProductCheck {
  const problems: ProductProblem[] = [];
  let gtin: string | null = null;
  if (draft.gtin !== null && draft.gtin !== '') {
    if (isValidGtin(draft.gtin)) {
      gtin = normaliseGtin14(draft.gtin);
    } else {
      gtin = draft.gtin;
      problems.push(gtinProblem(draft.gtin));
    }
  }

  let certificateNumber = draft.certificateNumber.trim();
  const certificate = parseCertificateNumber(draft.certificateNumber);
  if (!certificate.ok) {
    problems.push({
      field: 'certificateNumber',
      involves: ['certificateNumber'],
      rule: 'BAD_CERTIFICATE_FORMAT',
      en: certificate.message,
      zh: `“${certificateNumber}”不是有效的注册证编号（如 国械注准20193140123）或备案编号（如 京械备20150012）`,
    });
  } else {
    certificateNumber = certificate.number;
    if (!classMatches(certificate, draft.deviceClass)) {
      const found = certificate.deviceClass;
      problems.push({
        field: 'certificateNumber',
        involves: ['certificateNumber', 'deviceClass'],
        rule: 'CERTIFICATE_CLASS_MISMATCH',
        en: `${certificate.number} is for a Class ${CLASS_NAMES[found]} device, but the product is Class ${CLASS_NAMES[draft.deviceClass]}`,
        zh: `${certificate.number} 对应第${CLASS_NAMES_ZH[found]}类医疗器械，但产品为第${CLASS_NAMES_ZH[draft.deviceClass]}类`,
      });
    }
  }

  if (
    draft.coldChainMinC !== null &&
    draft.coldChainMaxC !== null &&
    draft.coldChainMinC > draft.coldChainMaxC
  ) {
    problems.push({
      field: 'coldChainMaxC',
      involves: ['coldChainMinC', 'coldChainMaxC'],
      rule: 'COLD_CHAIN_RANGE',
      en: `The storage range ${draft.coldChainMinC}–${draft.coldChainMaxC} °C has its minimum above its maximum`,
      zh: `储存温度范围 ${draft.coldChainMinC}–${draft.coldChainMaxC} °C 的下限高于上限`,
    });
  }

  if (draft.floorPriceFen !== null && draft.floorPriceFen > draft.listPriceFen) {
    problems.push({
      field: 'floorPriceFen',
      involves: ['floorPriceFen', 'listPriceFen'],
      rule: 'FLOOR_ABOVE_LIST_PRICE',
      en: 'The floor price is above the list price',
      zh: '最低价高于目录价',
    });
  }

  return { problems, gtin, certificateNumber };
}
