/**
 * What an importable entity supplies: its fields (header synonyms, required, cell parser)
 * and an importer that checks batches of parsed rows against reference data and existing
 * records and writes them. Everything generic — files, mapping, problems, progress,
 * transactions — lives in the import service, so adding an entity is adding one definition.
 */
import type { ImportEntity, ImportProblemCode } from '../../../contracts/imports.ts';
import type { RequestContext } from '../../platform/auth-context.ts';
import type { Queryable } from '../../platform/db.ts';
import type { Permission } from '../../platform/permissions.ts';
import type { CellParser } from './cell-values.ts';
import type { MappableField } from './column-mapping.ts';
import type { SheetRow } from './file-reader.ts';

export interface FieldDefinition extends MappableField {
  labelZh: string;
  labelEn: string;
  parse: CellParser<unknown>;
}

/**
 * One row after each mapped cell went through its field's parser. `values` has a key for every
 * mapped field whose cell parsed (null when blank); fields that failed are absent and already
 * reported. Its keys are the entity's own field names, never headers, so no file can choose
 * them (and every row gets the same shape, which keeps a million of them cheap).
 */
export interface ParsedRow {
  rowNumber: number;
  values: Record<string, unknown>;
  cells: string[];
  /** Some cell did not parse (already reported): the row will not be written. */
  hasProblems: boolean;
}

export interface RowProblem {
  rowNumber: number;
  field: string | null;
  code: ImportProblemCode;
  value: string | null;
  en: string;
  zh: string;
}

export type ReportProblem = (problem: RowProblem) => void;

export interface ImportRun {
  ctx: RequestContext;
  /** Mapped fields → their column. Unmapped fields keep their defaults and are never compared. */
  columns: ReadonlyMap<string, number>;
}

export interface BatchCheck<Row> {
  /** Rows free of problems that do not exist yet. */
  toInsert: Row[];
  /** Rows whose record exists with identical data in every mapped field. */
  unchanged: number;
}

/**
 * Stateful for one run: it remembers keys seen earlier in the file (duplicates within the
 * file) and the rows a commit has staged (see StagingTable).
 */
export interface EntityImporter<Row> {
  checkBatch(db: Queryable, rows: ParsedRow[], report: ReportProblem): Promise<BatchCheck<Row>>;
  /** Keeps checked rows aside in the commit's transaction, one statement per batch. */
  stageBatch(tx: Queryable, rows: Row[]): Promise<void>;
  /** Writes every staged row to the entity's table; returns how many. */
  writeStaged(tx: Queryable, onProgress: (rowsWritten: number) => Promise<void>): Promise<number>;
}

export interface EntityDefinition {
  entity: ImportEntity;
  /** Besides imports:run, what the importing user needs to create these records at all. */
  writePermission: Permission;
  fields: readonly FieldDefinition[];
  createImporter(run: ImportRun): EntityImporter<unknown>;
}

/** The text of a mapped cell, for problem reports. */
export function cellOf(run: ImportRun, row: ParsedRow, field: string): string | null {
  const column = run.columns.get(field);
  if (column === undefined) return null;
  return (row.cells[column] ?? '').trim() || null;
}

export type FieldProblem = (field: string, code: ImportProblemCode, en: string, zh: string) => void;

/** Reports problems of one row's field, prefixed with the field's label and carrying the cell text. */
export function fieldProblems(
  run: ImportRun,
  fields: readonly FieldDefinition[],
  row: ParsedRow,
  report: ReportProblem,
): FieldProblem {
  return (field, code, en, zh) => {
    const label = fields.find((f) => f.name === field);
    report({
      rowNumber: row.rowNumber,
      field,
      code,
      value: cellOf(run, row, field),
      en: `${label?.labelEn ?? field}: ${en}`,
      zh: `${label?.labelZh ?? field}：${zh}`,
    });
  };
}

/** Turns cells into field values through each field's parser, reporting what does not parse. */
export function parseRows(
  sheetRows: readonly SheetRow[],
  fields: readonly FieldDefinition[],
  columns: ReadonlyMap<string, number>,
  report: ReportProblem,
): ParsedRow[] {
  return sheetRows.map(({ rowNumber, cells }) => {
    const values: Record<string, unknown> = {};
    let hasProblems = false;
    for (const field of fields) {
      const column = columns.get(field.name);
      if (column === undefined) continue;
      const text = (cells[column] ?? '').trim();
      if (text === '') {
        if (field.required) {
          hasProblems = true;
          report({
            rowNumber,
            field: field.name,
            code: 'REQUIRED_MISSING',
            value: null,
            en: `${field.labelEn} is required`,
            zh: `${field.labelZh}为必填项`,
          });
        } else {
          values[field.name] = null;
        }
        continue;
      }
      const parsed = field.parse(text);
      if (parsed.ok) values[field.name] = parsed.value;
      else {
        hasProblems = true;
        report({
          rowNumber,
          field: field.name,
          code: parsed.code,
          value: text,
          en: `${field.labelEn}: ${parsed.en}`,
          zh: `${field.labelZh}：${parsed.zh}`,
        });
      }
    }
    return { rowNumber, values, cells, hasProblems };
  });
}

/**
 * Remembers the first row of each key in the file, to report later rows with the same key.
 * Keys are Map keys, so any text is safe.
 */
export class FirstOccurrences {
  private readonly firstRow = new Map<string, number>();

  /** The row that had this key first, or undefined when this is the first. */
  claim(key: string, rowNumber: number): number | undefined {
    const first = this.firstRow.get(key);
    if (first !== undefined) return first;
    this.firstRow.set(key, rowNumber);
    return undefined;
  }
}
