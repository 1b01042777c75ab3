/**
 * The optional credit inputs (issue #6) as two importable entities: external agency ratings
 * (`credit_ratings`) and financial-statement ratios (`financial_ratios`); columns and cell
 * parsing in credit-inputs.import-fields.ts. The rules are those of a value entered by hand
 * (credit inputs.service.ts): the customer by its code and inside the user's scope, no date in
 * the future, a statement with at least one figure and a quick ratio not above the current one.
 * A rating is identified by customer, agency and date, a statement by customer and period end:
 * the same key twice in a file is refused, an identical one already recorded is left as it is,
 * a different one already recorded is refused (correct it by hand, not by a second file).
 */

import { businessDate } from '../../platform/dates.ts';
import type { Queryable } from '../../platform/db.ts';
import { isInScope } from '../../platform/scope.ts';
import { externalRatingFields, financialRatioFields } from './credit-inputs.import-fields.ts';
import {
  findRecordedRatings,
  findRecordedRatios,
  type NewImportedRating,
  type NewImportedRatios,
  ratingColumnValues,
  ratingStaging,
  ratioColumnValues,
  ratioStaging,
  writeStagedRatings,
  writeStagedRatios,
} from './credit-inputs.import-store.ts';
import {
  type BatchCheck,
  type EntityDefinition,
  type EntityImporter,
  type FieldDefinition,
  FirstOccurrences,
  fieldProblems,
  type ImportRun,
  type ParsedRow,
  type ReportProblem,
} from './import-entity.ts';
import { findCustomersByCode, type TouchedCustomer } from './touches.import-store.ts';

const textOf = (values: Record<string, unknown>, field: string) =>
  typeof values[field] === 'string' ? (values[field] as string) : null;

/** What both kinds share: the customer lookup and scope, dates not in the future, the batch flow. */
abstract class CreditInputImporter<Row extends { customerId: number }> implements EntityImporter<Row> {
  private readonly customersByCode = new Map<string, TouchedCustomer | null>();
  protected readonly seen = new FirstOccurrences();
  protected staged = 0;
  protected readonly today = businessDate();

  constructor(
    protected readonly run: ImportRun,
    private readonly fields: readonly FieldDefinition[],
  ) {}

  /** The row's value, or null after reporting its problems. */
  protected abstract draft(row: ParsedRow, customerId: number, problem: ProblemOf): Row | null;
  protected abstract keyOf(row: Row): string;
  protected abstract findRecorded(db: Queryable, rows: Row[]): Promise<Row[]>;
  protected abstract isSame(row: Row, recorded: Row): boolean;
  /** The field a duplicate is reported on. */
  protected abstract readonly keyField: string;

  async checkBatch(db: Queryable, rows: ParsedRow[], report: ReportProblem): Promise<BatchCheck<Row>> {
    if (this.run.ctx.userId <= 0) {
      // Every credit input records who entered it; the command line runs as no one.
      for (const row of rows) {
        report({
          rowNumber: row.rowNumber,
          field: null,
          code: 'NOT_APPLICABLE',
          value: null,
          en: 'Credit inputs record who entered them: import them signed in, in the web app or through the API',
          zh: '信用补充资料需记录录入人：请登录后在网页或通过 API 导入',
        });
      }
      return { toInsert: [], unchanged: 0 };
    }
    await this.loadCustomers(db, rows);
    const rowsWithProblems = new Set(rows.filter((r) => r.hasProblems).map((r) => r.rowNumber));
    const flag: ReportProblem = (problem) => {
      rowsWithProblems.add(problem.rowNumber);
      report(problem);
    };
    const drafts: { row: ParsedRow; value: Row }[] = [];
    for (const row of rows) {
      const problem = fieldProblems(this.run, this.fields, row, flag);
      const customerId = this.resolveCustomer(row, problem);
      const value = customerId === null ? null : this.draft(row, customerId, problem);
      if (value === null) continue;
      const first = this.seen.claim(this.keyOf(value), row.rowNumber);
      if (first !== undefined) {
        problem(this.keyField, 'DUPLICATE_IN_FILE', `the same as row ${first}`, `与第 ${first} 行相同`);
        continue;
      }
      drafts.push({ row, value });
    }

    const recorded = new Map(
      (
        await this.findRecorded(
          db,
          drafts.map((d) => d.value),
        )
      ).map((r) => [this.keyOf(r), r]),
    );
    let unchanged = 0;
    const toInsert: Row[] = [];
    for (const { row, value } of drafts) {
      const same = recorded.get(this.keyOf(value));
      if (same && this.isSame(value, same)) {
        unchanged++;
        continue;
      }
      if (same) {
        fieldProblems(this.run, this.fields, row, flag)(
          this.keyField,
          'DUPLICATE_EXISTING',
          'already recorded for this customer with other values',
          '该客户已有此记录，且内容不同',
        );
        continue;
      }
      if (!rowsWithProblems.has(row.rowNumber)) toInsert.push(value);
    }
    return { toInsert, unchanged };
  }

  abstract stageBatch(tx: Queryable, rows: Row[]): Promise<void>;
  abstract writeStaged(tx: Queryable, onProgress: (rowsWritten: number) => Promise<void>): Promise<number>;

  /** A date after today, reported as a problem (as the hand-entry path refuses it). */
  protected isInFuture(date: string, field: string, problem: ProblemOf): boolean {
    if (date <= this.today) return false;
    problem(field, 'BAD_FORMAT', 'cannot be in the future', '不能晚于今天');
    return true;
  }

  private resolveCustomer(row: ParsedRow, problem: ProblemOf): number | null {
    const code = textOf(row.values, 'customerCode');
    if (code === null) return null;
    const customer = this.customersByCode.get(code) ?? null;
    if (!customer) {
      problem('customerCode', 'UNKNOWN_REFERENCE', 'no customer has this code', '没有该编码的客户');
      return null;
    }
    if (!isInScope(this.run.ctx, customer.regionId, customer.id)) {
      // As in the touch import: the file names the cause, so that it can be fixed.
      problem('customerCode', 'OUT_OF_SCOPE', 'a customer outside your regions', '不在您负责区域内的客户');
      return null;
    }
    return customer.id;
  }

  /** One lookup per batch, for the codes not seen in earlier batches. */
  private async loadCustomers(db: Queryable, rows: ParsedRow[]): Promise<void> {
    const codes = new Set<string>();
    for (const row of rows) {
      const code = textOf(row.values, 'customerCode');
      if (code !== null && !this.customersByCode.has(code)) codes.add(code);
    }
    if (codes.size === 0) return;
    const customers = await findCustomersByCode(db, [...codes]);
    for (const code of codes) this.customersByCode.set(code, customers.find((c) => c.code === code) ?? null);
  }
}

type ProblemOf = ReturnType<typeof fieldProblems>;

class ExternalRatingImporter extends CreditInputImporter<NewImportedRating> {
  private readonly staging = ratingStaging();
  protected readonly keyField = 'ratedOn';

  constructor(run: ImportRun) {
    super(run, externalRatingFields);
  }

  protected draft(row: ParsedRow, customerId: number, problem: ProblemOf): NewImportedRating | null {
    const text = (field: string) => textOf(row.values, field);
    const [agency, rating, ratedOn] = [text('agency'), text('rating'), text('ratedOn')];
    if (agency === null || rating === null || ratedOn === null) return null;
    if (this.isInFuture(ratedOn, 'ratedOn', problem)) return null;
    return { customerId, agency, rating, outlook: text('outlook'), ratedOn, note: text('note') };
  }

  protected keyOf(row: NewImportedRating): string {
    return `${row.customerId}|${row.agency.toLowerCase()}|${row.ratedOn}`;
  }

  protected findRecorded(db: Queryable, rows: NewImportedRating[]) {
    return findRecordedRatings(db, rows);
  }

  protected isSame(row: NewImportedRating, recorded: NewImportedRating): boolean {
    return row.rating === recorded.rating && row.outlook === recorded.outlook && row.note === recorded.note;
  }

  async stageBatch(tx: Queryable, rows: NewImportedRating[]): Promise<void> {
    await this.staging.append(tx, ratingColumnValues(rows, this.staged));
    this.staged += rows.length;
  }

  async writeStaged(tx: Queryable, onProgress: (rowsWritten: number) => Promise<void>): Promise<number> {
    if (this.staged === 0) return 0;
    const written = await writeStagedRatings(tx, this.run.ctx);
    await onProgress(written);
    return written;
  }
}

const ratioFieldNames = ['currentRatio', 'quickRatio', 'debtToAssetRatio', 'netMargin', 'revenue'] as const;
/** revenue_fen's bound in the hand-entry contract: one trillion yuan. */
const MAX_REVENUE_FEN = 100_000_000_000_000;

class FinancialRatioImporter extends CreditInputImporter<NewImportedRatios> {
  private readonly staging = ratioStaging();
  protected readonly keyField = 'periodEnd';

  constructor(run: ImportRun) {
    super(run, financialRatioFields);
  }

  protected draft(row: ParsedRow, customerId: number, problem: ProblemOf): NewImportedRatios | null {
    const values = row.values;
    const text = (field: string) => textOf(values, field);
    const periodEnd = text('periodEnd');
    if (periodEnd === null) return null;
    if (this.isInFuture(periodEnd, 'periodEnd', problem)) return null;
    // A cell that failed to parse is already reported; only a row whose figures are all blank
    // is missing them.
    const failed = ratioFieldNames.some((f) => this.run.columns.has(f) && !(f in values));
    const revenueFen = typeof values.revenue === 'number' ? values.revenue : null;
    const ratios: NewImportedRatios = {
      customerId,
      periodEnd,
      currentRatio: text('currentRatio'),
      quickRatio: text('quickRatio'),
      debtToAssetRatio: text('debtToAssetRatio'),
      netMargin: text('netMargin'),
      revenueFen,
      sourceNote: text('sourceNote'),
    };
    if (failed) return null;
    if (
      ratios.currentRatio === null &&
      ratios.quickRatio === null &&
      ratios.debtToAssetRatio === null &&
      ratios.netMargin === null &&
      revenueFen === null
    ) {
      problem(
        'currentRatio',
        'REQUIRED_MISSING',
        'at least one ratio or the revenue is needed',
        '至少需要填写一项比率或营业收入',
      );
      return null;
    }
    if (revenueFen !== null && revenueFen > MAX_REVENUE_FEN) {
      problem('revenue', 'BAD_FORMAT', 'the amount is too large', '金额过大');
      return null;
    }
    if (
      ratios.quickRatio !== null &&
      ratios.currentRatio !== null &&
      Number(ratios.quickRatio) > Number(ratios.currentRatio)
    ) {
      problem('quickRatio', 'BAD_FORMAT', 'cannot exceed the current ratio', '不能高于流动比率');
      return null;
    }
    return ratios;
  }

  protected keyOf(row: NewImportedRatios): string {
    return `${row.customerId}|${row.periodEnd}`;
  }

  protected findRecorded(db: Queryable, rows: NewImportedRatios[]) {
    return findRecordedRatios(db, rows);
  }

  protected isSame(row: NewImportedRatios, recorded: NewImportedRatios): boolean {
    return (
      row.currentRatio === recorded.currentRatio &&
      row.quickRatio === recorded.quickRatio &&
      row.debtToAssetRatio === recorded.debtToAssetRatio &&
      row.netMargin === recorded.netMargin &&
      row.revenueFen === recorded.revenueFen &&
      row.sourceNote === recorded.sourceNote
    );
  }

  async stageBatch(tx: Queryable, rows: NewImportedRatios[]): Promise<void> {
    await this.staging.append(tx, ratioColumnValues(rows, this.staged));
    this.staged += rows.length;
  }

  async writeStaged(tx: Queryable, onProgress: (rowsWritten: number) => Promise<void>): Promise<number> {
    if (this.staged === 0) return 0;
    const written = await writeStagedRatios(tx, this.run.ctx);
    await onProgress(written);
    return written;
  }
}

export const creditRatingsImport: EntityDefinition = {
  entity: 'credit_ratings',
  writePermission: 'credit:write',
  fields: externalRatingFields,
  createImporter: (run) => new ExternalRatingImporter(run),
};

export const financialRatiosImport: EntityDefinition = {
  entity: 'financial_ratios',
  writePermission: 'credit:write',
  fields: financialRatioFields,
  createImporter: (run) => new FinancialRatioImporter(run),
};
