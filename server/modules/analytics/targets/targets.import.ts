/**
 * A targets file: one row per target, with the columns month (月份), region code (大区) and/or
 * rep username (销售代表), and the target in yuan (目标（元）). A row with a rep is that rep's
 * quota (counted in the region given, or else the one sales region the rep works in); a row
 * with a region only is the region's own target. Reading and checking are separate from
 * writing: the service writes only when no row has a problem.
 */
import type { TargetImportProblem } from '../../../../contracts/targets.ts';
import { AppError, localized } from '../../../platform/errors.ts';
import {
  type CellParser,
  detectEncoding,
  detectFormat,
  type ImportLimits,
  invalid,
  openSheet,
  type Parsed,
  parseYuanToFen,
  valid,
} from '../../imports/index.ts';
import type { RepRow, SalesRegionRow, TargetWrite } from './targets.repository.ts';

/** Targets are a few rows per region and rep and month; more than this is not a targets file. */
export const MAX_TARGET_ROWS = 20_000;

type Column = 'month' | 'region' | 'rep' | 'target';

/** Accepted headers, compared without case, width or spaces. */
const headerWords: Record<Column, readonly string[]> = {
  month: ['month', '月份', '月', '年月'],
  region: ['region', 'regioncode', 'salesregion', '大区', '大区编码', '区域', '区域编码'],
  rep: ['rep', 'username', 'salesrep', '销售代表', '代表', '用户名', '代表用户名'],
  target: [
    'target',
    'target(yuan)',
    'targetyuan',
    'amount',
    '目标',
    '目标(元)',
    '指标',
    '指标(元)',
    '销售指标',
  ],
};

const normalizeHeader = (text: string) => text.normalize('NFKC').toLowerCase().replace(/\s+/g, '');

export interface TargetFileRow {
  rowNumber: number;
  month: string;
  region: string;
  rep: string;
  target: string;
}

/** Reads the file into rows of cell text by column; a missing column or too many rows is an error. */
export async function readTargetFile(content: Buffer, limits: ImportLimits): Promise<TargetFileRow[]> {
  const format = detectFormat(content);
  const sheet = await openSheet(
    content,
    { format, encoding: format === 'csv' ? detectEncoding(content) : null },
    {
      batchSize: 1000,
      zip: { maxUnzippedBytes: limits.maxUnzippedBytes, maxEntries: limits.maxZipEntries },
    },
  );
  const index = {} as Record<Column, number>;
  const headers = sheet.headers.map(normalizeHeader);
  for (const column of Object.keys(headerWords) as Column[]) {
    const words = new Set(headerWords[column].map(normalizeHeader));
    index[column] = headers.findIndex((h) => words.has(h));
  }
  const missing = (['month', 'target'] as const).filter((c) => index[c] < 0);
  if (missing.length > 0 || (index.region < 0 && index.rep < 0)) {
    throw new AppError('IMPORT_INVALID_MAPPING', {
      detail: localized(
        'the file needs the columns month, target (yuan) and region code and/or rep username',
        '文件需要以下列：月份、目标（元），以及大区编码和/或销售代表用户名',
      ),
    });
  }
  const rows: TargetFileRow[] = [];
  const cell = (cells: string[], column: Column) =>
    index[column] < 0 ? '' : (cells[index[column]] ?? '').trim();
  for await (const batch of sheet.batches) {
    for (const row of batch) {
      rows.push({
        rowNumber: row.rowNumber,
        month: cell(row.cells, 'month'),
        region: cell(row.cells, 'region'),
        rep: cell(row.cells, 'rep'),
        target: cell(row.cells, 'target'),
      });
      if (rows.length > MAX_TARGET_ROWS) throw new AppError('IMPORT_TOO_MANY_ROWS', { max: MAX_TARGET_ROWS });
    }
  }
  return rows;
}

/** A month as YYYY-MM from 2026-01, 2026/1, 2026年1月, 202601, or a date in it (Excel turns 2026-01 into 2026-01-01). */
export const parseMonth: CellParser<string> = (text) => {
  const match =
    /^(\d{4})[-/.年](\d{1,2})月?(?:[-/.](\d{1,2})日?)?$/.exec(text) ??
    /^(\d{4})[-/.年](\d{1,2})月(\d{1,2})日$/.exec(text) ??
    /^(\d{4})(\d{2})$/.exec(text);
  if (!match) return invalid('BAD_FORMAT', 'expected a month such as 2026-01', '应为月份，如 2026-01');
  const month = Number(match[2]);
  if (month < 1 || month > 12) return invalid('BAD_FORMAT', 'no such month', '月份不存在');
  return valid(`${match[1]}-${String(month).padStart(2, '0')}`);
};

interface ResolveContext {
  regions: readonly SalesRegionRow[];
  reps: readonly RepRow[];
  canEdit: (regionId: number) => boolean;
  lang: 'zh' | 'en';
}

export interface ResolvedTarget extends TargetWrite {
  rowNumber: number;
}

/**
 * Checks every row and resolves codes and usernames to ids. Regions and reps outside the
 * caller's scope are unknown to them (UNKNOWN_REFERENCE: they must not learn they exist).
 */
export function resolveTargetRows(
  rows: readonly TargetFileRow[],
  ctx: ResolveContext,
): { targets: ResolvedTarget[]; problems: TargetImportProblem[] } {
  const problems: TargetImportProblem[] = [];
  const targets: ResolvedTarget[] = [];
  const regionByCode = new Map(ctx.regions.map((r) => [r.code.toUpperCase(), r]));
  const repByUsername = new Map(ctx.reps.map((r) => [r.username.toLowerCase(), r]));
  const firstRowOfKey = new Map<string, number>();
  const say = (en: string, zh: string) => (ctx.lang === 'en' ? en : zh);

  for (const row of rows) {
    const before = problems.length;
    const problem = (column: string | null, code: TargetImportProblem['code'], en: string, zh: string) =>
      problems.push({ rowNumber: row.rowNumber, column, code, message: say(en, zh) });
    const check = <T>(column: string, text: string, parse: CellParser<T>): T | null => {
      if (text === '') {
        problem(column, 'REQUIRED_MISSING', 'required', '必填');
        return null;
      }
      const parsed: Parsed<T> = parse(text);
      if (parsed.ok) return parsed.value;
      problem(column, parsed.code, parsed.en, parsed.zh);
      return null;
    };
    const month = check('month', row.month, parseMonth);
    const amountFen = check('target', row.target, parseYuanToFen);

    let regionId: number | null = null;
    if (row.region !== '') {
      const region = regionByCode.get(row.region.toUpperCase());
      if (!region) problem('region', 'UNKNOWN_REFERENCE', 'no such sales region', '没有该大区');
      else regionId = region.id;
    }
    let repId: number | null = null;
    if (row.rep !== '') {
      const rep = repByUsername.get(row.rep.toLowerCase());
      if (!rep) problem('rep', 'UNKNOWN_REFERENCE', 'no such sales rep', '没有该销售代表');
      else {
        repId = rep.id;
        if (regionId !== null && !rep.regionIds.includes(regionId)) {
          problem('region', 'NOT_APPLICABLE', 'the rep does not work in this region', '该代表不在此大区工作');
        } else if (row.region === '') {
          const own = rep.regionIds.filter((id) => ctx.regions.some((r) => r.id === id));
          if (own.length === 1) regionId = own[0]!;
          else
            problem(
              'region',
              'REQUIRED_MISSING',
              'the rep works in several regions: name the region',
              '该代表在多个大区工作，请填写大区',
            );
        }
      }
    } else if (row.region === '') {
      problem(
        'region',
        'REQUIRED_MISSING',
        'a region code or a rep username is required',
        '大区编码或销售代表必填其一',
      );
    }
    if (regionId !== null && !ctx.canEdit(regionId)) {
      problem('region', 'OUT_OF_SCOPE', 'you may not set targets for this region', '您无权设定该大区的指标');
    }

    if (month !== null && (regionId !== null || repId !== null)) {
      const key = repId !== null ? `rep:${repId}:${month}` : `region:${regionId}:${month}`;
      const first = firstRowOfKey.get(key);
      if (first !== undefined) {
        problem(null, 'DUPLICATE_IN_FILE', `the same target as row ${first}`, `与第 ${first} 行的指标重复`);
      } else firstRowOfKey.set(key, row.rowNumber);
    }
    if (problems.length === before && month !== null && amountFen !== null && regionId !== null) {
      targets.push({ rowNumber: row.rowNumber, month, regionId, repId, amountFen });
    }
  }
  return { targets, problems };
}
