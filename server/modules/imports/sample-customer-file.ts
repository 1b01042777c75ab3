/**
 * Deterministic customer files for tests and the benchmark: realistic Chinese rows from a
 * seeded generator, optionally with planted problems whose rows and codes are known.
 */
import type { ImportProblemCode } from '../../../contracts/imports.ts';
import { computeUsccCheckChar } from '../parties/parties.rules.ts';

export const SAMPLE_HEADERS = [
  '客户编码',
  '客户名称',
  '客户类型',
  '医院等级',
  '经销商级别',
  '渠道',
  '统一社会信用代码',
  '区域',
  '地址',
  '联系人',
  '联系电话',
  '负责销售',
  '账期(天)',
  '最短效期(天)',
  '目标医院',
];
const COLUMN = Object.fromEntries(SAMPLE_HEADERS.map((h, i) => [h, i])) as Record<string, number>;

export interface SampleRegion {
  code: string;
  nameZh: string;
  nameEn: string;
}

/** An existing customer the planted problems collide with. */
export interface ExistingSample {
  code: string;
  name: string;
  taxId: string | null;
}

export interface PlantedProblem {
  /** Spreadsheet row number (header is row 1). */
  rowNumber: number;
  code: ImportProblemCode;
}

export interface SampleOptions {
  rows: number;
  seed: number;
  regions: readonly SampleRegion[];
  ownerReps?: readonly string[];
  /** Plant one problem in each of these many rows (see PLANTS), colliding with `existing`. */
  planted?: { existing: readonly ExistingSample[]; nearDuplicateNames: readonly string[] };
}

export interface SampleFile {
  headers: string[];
  rows: string[][];
  planted: PlantedProblem[];
}

/** mulberry32: tiny, fast, and the same everywhere. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Characters that customer-name normalisation keeps (no 省/市/有限公司 parts), so names stay distinct.
const NAME_CHARS = '康仁德华安和泰福瑞祥济民同春惠宁博爱协光明新正阳永长青松林江海山南东西北中金玉龙凤';
const USCC_BODY = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CITIES = [
  '北京',
  '上海',
  '广州',
  '深圳',
  '杭州',
  '南京',
  '成都',
  '武汉',
  '西安',
  '天津',
  '苏州',
  '郑州',
];
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';

function encode(n: number, alphabet: string, length: number): string {
  let text = '';
  for (let i = 0; i < length; i++) {
    text = alphabet[n % alphabet.length]! + text;
    n = Math.floor(n / alphabet.length);
  }
  return text;
}

export function sampleTaxId(n: number): string {
  const first17 = `91110105${encode(n, USCC_BODY, 9)}`;
  return first17 + computeUsccCheckChar(first17);
}

function set(row: string[], header: string, value: string) {
  row[COLUMN[header]!] = value;
}

function cell(row: string[], header: string): string {
  return row[COLUMN[header]!] ?? '';
}

function cleanRow(i: number, random: () => number, options: SampleOptions): string[] {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const roll = random();
  const type = roll < 0.6 ? 'hospital' : roll < 0.8 ? 'clinic' : roll < 0.95 ? 'distributor' : 'agent';
  const distinct = encode(i, NAME_CHARS, 4);
  const suffix = {
    hospital: '医院',
    clinic: '诊所',
    distributor: '医疗器械有限公司',
    agent: '医药代理有限公司',
  }[type];
  const region = pick(options.regions);
  const row = new Array<string>(SAMPLE_HEADERS.length).fill('');
  set(row, '客户编码', `C${String(i + 1).padStart(7, '0')}`);
  set(row, '客户名称', `${pick(CITIES)}${distinct}${suffix}`);
  const typeWords = { hospital: '医院', clinic: '诊所', distributor: '经销商', agent: 'agent' };
  set(row, '客户类型', typeWords[type]);
  if (type === 'hospital') set(row, '医院等级', pick(['三级甲等', '3B', '二级甲等', '2A', '一级']));
  if (type === 'distributor') set(row, '经销商级别', pick(['一级', '2', '3']));
  set(row, '渠道', type === 'hospital' ? pick(['直销', '', 'tender']) : '');
  if (random() < 0.5) set(row, '统一社会信用代码', sampleTaxId(i));
  set(row, '区域', pick([region.code, region.nameZh, region.nameEn]));
  const city = pick(CITIES);
  const district = pick(['东城', '西湖', '天河', '武侯']);
  set(row, '地址', `${city}${district}区${1 + Math.floor(random() * 999)}号`);
  set(row, '联系人', `${pick([...SURNAMES])}${pick(['医生', '主任', '经理', '老师'])}`);
  set(row, '联系电话', `13${String(Math.floor(random() * 1e9)).padStart(9, '0')}`);
  if (options.ownerReps && options.ownerReps.length > 0 && random() < 0.7) {
    set(row, '负责销售', pick(options.ownerReps));
  }
  set(row, '账期(天)', pick(['30', '60', '90', '']));
  set(row, '最短效期(天)', pick(['0', '180', '']));
  set(row, '目标医院', type === 'hospital' ? pick(['是', '否', '']) : '');
  return row;
}

type Plant = (row: string[], context: { rows: string[][]; index: number; options: SampleOptions }) => void;

/** One way to break a row each; the code is what the dry run must report for it. */
const PLANTS: [ImportProblemCode, Plant][] = [
  ['REQUIRED_MISSING', (row) => set(row, '客户名称', '')],
  ['REQUIRED_MISSING', (row) => set(row, '客户名称', '   ')],
  ['REQUIRED_MISSING', (row) => set(row, '客户编码', '')],
  [
    'REQUIRED_MISSING',
    (row) => {
      set(row, '客户类型', '经销商');
      set(row, '医院等级', '');
      set(row, '经销商级别', '');
      set(row, '目标医院', '');
    },
  ],
  ['BAD_FORMAT', (row) => set(row, '账期(天)', '三十')],
  ['BAD_FORMAT', (row) => set(row, '账期(天)', '400')],
  ['BAD_FORMAT', (row) => set(row, '最短效期(天)', '-5')],
  ['BAD_FORMAT', (row) => set(row, '客户名称', `${'很长的名称'.repeat(41)}医院`)],
  ['BAD_FORMAT', (row) => set(row, '联系电话', '1'.repeat(41))],
  ['BAD_ENUM', (row) => set(row, '客户类型', '医生')],
  [
    'BAD_ENUM',
    (row) => {
      set(row, '客户类型', '医院');
      set(row, '经销商级别', '');
      set(row, '医院等级', '特等');
    },
  ],
  [
    'BAD_ENUM',
    (row) => {
      set(row, '客户类型', '医院');
      set(row, '经销商级别', '');
      set(row, '目标医院', '也许');
    },
  ],
  ['BAD_ENUM', (row) => set(row, '渠道', '网购')],
  ['INVALID_TAX_ID', (row, { index }) => set(row, '统一社会信用代码', `${sampleTaxId(index).slice(0, 17)}I`)],
  ['INVALID_TAX_ID', (row) => set(row, '统一社会信用代码', '91110105MA0')],
  [
    'INVALID_TAX_ID',
    (row, { index }) => set(row, '统一社会信用代码', withWrongCheckChar(sampleTaxId(index))),
  ],
  ['INVALID_TAX_ID', (row) => set(row, '统一社会信用代码', 'not-a-tax-id')],
  ['UNKNOWN_REFERENCE', (row) => set(row, '区域', 'ATLANTIS')],
  ['UNKNOWN_REFERENCE', (row) => set(row, '区域', '火星')],
  ['UNKNOWN_REFERENCE', (row) => set(row, '负责销售', 'nobody.here')],
  ['UNKNOWN_REFERENCE', (row) => set(row, '负责销售', '不存在的人')],
  ['DUPLICATE_IN_FILE', (row, { rows, index }) => set(row, '客户编码', cell(rows[index - 3]!, '客户编码'))],
  ['DUPLICATE_IN_FILE', (row, { rows, index }) => set(row, '客户编码', cell(rows[index - 7]!, '客户编码'))],
  ['DUPLICATE_IN_FILE', (row, { rows, index }) => set(row, '统一社会信用代码', earlierTaxId(rows, index))],
  ['DUPLICATE_IN_FILE', (row, { rows, index }) => set(row, '统一社会信用代码', earlierTaxId(rows, index))],
  // The same name as an earlier row, written with 市 and spaces: the same customer.
  [
    'DUPLICATE_IN_FILE',
    (row, { rows, index }) => set(row, '客户名称', restyle(cell(rows[index - 2]!, '客户名称'))),
  ],
  [
    'DUPLICATE_IN_FILE',
    (row, { rows, index }) => set(row, '客户名称', restyle(cell(rows[index - 5]!, '客户名称'))),
  ],
  ['DUPLICATE_EXISTING', (row, { options }) => set(row, '客户编码', options.planted!.existing[0]!.code)],
  ['DUPLICATE_EXISTING', (row, { options }) => set(row, '客户编码', options.planted!.existing[1]!.code)],
  ['DUPLICATE_EXISTING', (row, { options }) => set(row, '统一社会信用代码', existingTaxId(options, 0))],
  ['DUPLICATE_EXISTING', (row, { options }) => set(row, '统一社会信用代码', existingTaxId(options, 1))],
  [
    'NEAR_DUPLICATE_EXISTING',
    (row, { options }) => set(row, '客户名称', options.planted!.nearDuplicateNames[0]!),
  ],
  [
    'NEAR_DUPLICATE_EXISTING',
    (row, { options }) => set(row, '客户名称', options.planted!.nearDuplicateNames[1]!),
  ],
  [
    'NEAR_DUPLICATE_EXISTING',
    (row, { options }) => set(row, '客户名称', options.planted!.nearDuplicateNames[2]!),
  ],
  [
    'NEAR_DUPLICATE_EXISTING',
    (row, { options }) => set(row, '客户名称', options.planted!.nearDuplicateNames[3]!),
  ],
  [
    'NOT_APPLICABLE',
    (row) => {
      set(row, '客户类型', '诊所');
      set(row, '经销商级别', '');
      set(row, '医院等级', '二级甲等');
    },
  ],
  [
    'NOT_APPLICABLE',
    (row) => {
      set(row, '客户类型', '医院');
      set(row, '医院等级', '');
      set(row, '经销商级别', '一级');
    },
  ],
];

/** 37 problems, one per row: the number the import's acceptance test plants. */
export const PLANTED_PROBLEM_COUNT = PLANTS.length;

function restyle(name: string): string {
  return `${name.slice(0, 2)}市 ${name.slice(2)}`;
}

function withWrongCheckChar(taxId: string): string {
  return taxId.slice(0, 17) + (taxId[17] === '0' ? '1' : '0');
}

/** The tax id of the row just above, given one if it has none (it stays a clean row). */
function earlierTaxId(rows: string[][], index: number): string {
  const above = rows[index - 1]!;
  if (!cell(above, '统一社会信用代码')) set(above, '统一社会信用代码', sampleTaxId(index - 1));
  return cell(above, '统一社会信用代码');
}

function existingTaxId(options: SampleOptions, n: number): string {
  const withTaxId = options.planted!.existing.filter((e) => e.taxId);
  return withTaxId[n]!.taxId!;
}

export function generateCustomerFile(options: SampleOptions): SampleFile {
  const random = seededRandom(options.seed);
  const rows: string[][] = [];
  for (let i = 0; i < options.rows; i++) rows.push(cleanRow(i, random, options));
  const planted: PlantedProblem[] = [];
  if (options.planted) {
    // Spread over the file, at least 10 rows apart: some plants copy from the rows just above,
    // which must stay clean.
    const plantRandom = seededRandom(options.seed + 1);
    const used: number[] = [];
    for (const [code, plant] of PLANTS) {
      let index: number;
      do index = 10 + Math.floor(plantRandom() * (options.rows - 10));
      while (used.some((other) => Math.abs(other - index) <= 10));
      used.push(index);
      planted.push({ rowNumber: index + 2, code });
      plant(rows[index]!, { rows, index, options });
    }
  }
  return { headers: [...SAMPLE_HEADERS], rows, planted: planted.sort((a, b) => a.rowNumber - b.rowNumber) };
}

/** CSV text as Excel writes it: CRLF, quotes only where needed. */
export function toCsvText(headers: readonly string[], rows: readonly string[][]): string {
  const quote = (cell: string) => (/[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell);
  return [headers, ...rows].map((row) => row.map(quote).join(',')).join('\r\n');
}
