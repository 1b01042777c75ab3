/**
 * The columns of the two optional credit-input files (issue #6) — external agency ratings and
 * financial-statement ratios — and how each cell is read. Ranges are those of a value entered
 * by hand (contracts/credit-inputs.ts); cross-field rules, lookups and duplicates are in
 * credit-inputs.import.ts.
 */
import type { ratingOutlooks } from '../../../contracts/credit-inputs.ts';
import {
  type CellParser,
  invalid,
  parseDate,
  parseEnum,
  parseText,
  parseYuanToFen,
  valid,
} from './cell-values.ts';
import type { FieldDefinition } from './import-entity.ts';

const outlookAliases: Record<(typeof ratingOutlooks)[number], string[]> = {
  positive: ['正面', '积极', '乐观'],
  stable: ['稳定'],
  negative: ['负面', '消极'],
  developing: ['观察', '发展中', '待定'],
};

/**
 * A ratio as an exact decimal string with at most four decimals (the column is numeric(10, 4)),
 * so PostgreSQL receives what the file says. With `percent`, "12.5%" reads as 0.125; a plain
 * number is the fraction itself.
 */
export function parseRatio(
  min: number,
  max: number,
  options: { percent?: boolean } = {},
): CellParser<string> {
  return (text) => {
    const cleaned = text.replace(/[,，\s]/g, '');
    const match = /^(-?)(\d+)(?:\.(\d+))?(%?)$/.exec(cleaned);
    if (!match || (match[4] === '%' && !options.percent)) {
      return invalid(
        'BAD_FORMAT',
        options.percent
          ? 'expected a number such as 1.25, or a percentage'
          : 'expected a number such as 1.25',
        options.percent ? '应为数字（如 1.25）或百分比' : '应为数字，如 1.25',
      );
    }
    const [, sign, whole, decimals = '', percent] = match;
    // A percentage moves the decimal point two places left, by string arithmetic.
    const digits = `${whole}${decimals}`.replace(/^0+(?=\d)/, '');
    const scale = decimals.length + (percent ? 2 : 0);
    const padded = digits.padStart(scale + 1, '0');
    const intPart = padded.slice(0, padded.length - scale).replace(/^0+(?=\d)/, '');
    const fraction = padded.slice(padded.length - scale).replace(/0+$/, '');
    if (fraction.length > 4) return invalid('BAD_FORMAT', 'at most four decimals', '最多四位小数');
    const value = `${sign}${intPart}${fraction ? `.${fraction}` : ''}`;
    const number = Number(value);
    if (number < min || number > max) {
      return invalid(
        'BAD_FORMAT',
        `expected a value from ${min} to ${max}`,
        `应为 ${min} 至 ${max} 之间的数`,
      );
    }
    return valid(number === 0 ? '0' : value);
  };
}

const field = (
  name: string,
  labelZh: string,
  labelEn: string,
  required: boolean,
  synonyms: string[],
  parse: FieldDefinition['parse'],
): FieldDefinition => ({ name, labelZh, labelEn, required, synonyms, parse });

const customerCode = field(
  'customerCode',
  '客户编码',
  'Customer code',
  true,
  ['客户编码', '客户代码', '客户', 'customer', 'customer code'],
  parseText(40),
);

export const externalRatingFields: readonly FieldDefinition[] = [
  customerCode,
  field(
    'agency',
    '评级机构',
    'Agency',
    true,
    ['评级机构', '机构', '评级公司', 'agency', 'rating agency'],
    parseText(100),
  ),
  field('rating', '评级', 'Rating', true, ['评级', '信用评级', '等级', 'rating', 'grade'], parseText(20)),
  field(
    'outlook',
    '展望',
    'Outlook',
    false,
    ['展望', '评级展望', 'outlook'],
    parseEnum(outlookAliases, (key) => key),
  ),
  field(
    'ratedOn',
    '评级日期',
    'Rated on',
    true,
    ['评级日期', '日期', 'rated on', 'rating date', 'date'],
    parseDate,
  ),
  field('note', '备注', 'Note', false, ['备注', '说明', 'note', 'notes', 'comment'], parseText(2000)),
];

export const financialRatioFields: readonly FieldDefinition[] = [
  customerCode,
  field(
    'periodEnd',
    '报表期末',
    'Period end',
    true,
    ['报表期末', '期末', '报告期', '报表日期', 'period end', 'period', 'statement date'],
    parseDate,
  ),
  field(
    'currentRatio',
    '流动比率',
    'Current ratio',
    false,
    ['流动比率', 'current ratio'],
    parseRatio(0, 1000),
  ),
  field('quickRatio', '速动比率', 'Quick ratio', false, ['速动比率', 'quick ratio'], parseRatio(0, 1000)),
  field(
    'debtToAssetRatio',
    '资产负债率',
    'Debt-to-asset ratio',
    false,
    ['资产负债率', 'debt to asset', 'debt-to-asset ratio', 'debt ratio'],
    parseRatio(0, 100, { percent: true }),
  ),
  field(
    'netMargin',
    '净利率',
    'Net margin',
    false,
    ['净利率', '销售净利率', 'net margin', 'net profit margin'],
    parseRatio(-100, 1, { percent: true }),
  ),
  field(
    'revenue',
    '营业收入（元）',
    'Revenue (yuan)',
    false,
    ['营业收入', '营业收入（元）', '收入', 'revenue', 'revenue (yuan)'],
    parseYuanToFen,
  ),
  field(
    'sourceNote',
    '来源说明',
    'Source',
    false,
    ['来源说明', '来源', '备注', 'source', 'note'],
    parseText(2000),
  ),
];
