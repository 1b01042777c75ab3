/**
 * Customers as an importable entity: the checks of each batch against regions, users and
 * existing customers (columns and cell parsing: customers.import-fields.ts). The rules are the ones the
 * customer API applies (parties module): valid unified social credit code, grade only for
 * hospitals, a level exactly for distributors, region inside the user's scope, and no second
 * customer with the same normalised name.
 */

import type { Queryable } from '../../platform/db.ts';
import { isInScope } from '../../platform/scope.ts';
import { normalizeCustomerName } from '../parties/index.ts';
import { NEAR_DUPLICATE_SIMILARITY } from '../parties/parties.rules.ts';
import { customerFields } from './customers.import-fields.ts';
import {
  customerColumnValues,
  customerStaging,
  type ExistingCustomer,
  findCustomersByCodeOrTaxId,
  findSimilarNames,
  findUsersByName,
  listRegionRefs,
  type NewCustomer,
  type SimilarName,
  type UserRef,
} from './customers.import-store.ts';
import {
  type BatchCheck,
  type EntityDefinition,
  type EntityImporter,
  FirstOccurrences,
  fieldProblems,
  type ImportRun,
  type ParsedRow,
  type ReportProblem,
} from './import-entity.ts';
import { buildRegionIndex, type RegionIndex } from './region-index.ts';

const defaultChannel: Record<string, string> = {
  hospital: 'direct',
  clinic: 'direct',
  distributor: 'distributor',
  agent: 'agent',
};

/** Mapped field → the column of the customer it sets, for "identical to the existing record". */
const comparedColumn: Record<string, keyof NewCustomer & keyof ExistingCustomer> = {
  name: 'name',
  type: 'type',
  hospitalGrade: 'hospitalGrade',
  distributorLevel: 'distributorLevel',
  channel: 'channel',
  taxId: 'taxId',
  region: 'regionId',
  address: 'address',
  contactName: 'contactName',
  contactPhone: 'contactPhone',
  ownerRep: 'ownerRepId',
  paymentTermsDays: 'paymentTermsDays',
  minShelfLifeDays: 'minShelfLifeDays',
  isTarget: 'isTarget',
  isActive: 'isActive',
};

interface Draft {
  row: ParsedRow;
  code: string | null;
  taxId: string | null;
  nameNormalized: string | null;
  /** Null when a required value is missing or did not resolve. */
  customer: NewCustomer | null;
}

class CustomerImporter implements EntityImporter<NewCustomer> {
  private regions: RegionIndex | null = null;
  private readonly usersByText = new Map<string, UserRef[]>();
  private readonly seenCodes = new FirstOccurrences();
  private readonly seenTaxIds = new FirstOccurrences();
  private readonly seenNames = new FirstOccurrences();
  private readonly staging = customerStaging();

  constructor(private readonly run: ImportRun) {}

  async checkBatch(
    db: Queryable,
    rows: ParsedRow[],
    report: ReportProblem,
  ): Promise<BatchCheck<NewCustomer>> {
    this.regions ??= buildRegionIndex(await listRegionRefs(db));
    await this.loadOwnerReps(db, rows);
    const rowsWithProblems = new Set(rows.filter((r) => r.hasProblems).map((r) => r.rowNumber));
    const flag: ReportProblem = (problem) => {
      rowsWithProblems.add(problem.rowNumber);
      report(problem);
    };
    const drafts = rows.map((row) => this.draft(row, this.regions!, flag));

    const existing = await findCustomersByCodeOrTaxId(
      db,
      drafts.flatMap((d) => (d.code ? [d.code] : [])),
      drafts.flatMap((d) => (d.taxId ? [d.taxId] : [])),
    );
    const byCode = new Map(existing.map((c) => [c.code, c]));
    const byTaxId = new Map(existing.flatMap((c) => (c.taxId ? [[c.taxId, c] as const] : [])));
    const unchanged = new Set<Draft>();
    const newNames: Draft[] = [];
    for (const draft of drafts) {
      const problem = this.reporter(draft.row, flag);
      const sameCode = draft.code ? byCode.get(draft.code) : undefined;
      if (sameCode) {
        if (draft.customer && this.isIdentical(draft.customer, sameCode)) unchanged.add(draft);
        else if (draft.customer) {
          problem(
            'code',
            'DUPLICATE_EXISTING',
            'a customer with this code exists with other data',
            '已存在该编码的客户，且数据不同',
          );
        }
        continue;
      }
      const sameTaxId = draft.taxId ? byTaxId.get(draft.taxId) : undefined;
      if (sameTaxId) {
        const [en, zh] = this.describe(sameTaxId);
        problem('taxId', 'DUPLICATE_EXISTING', `already the tax id of ${en}`, `已是${zh}的统一社会信用代码`);
      }
      if (draft.nameNormalized) newNames.push(draft);
    }

    const similar = await findSimilarNames(
      db,
      newNames.map((d) => d.nameNormalized!),
      NEAR_DUPLICATE_SIMILARITY,
    );
    const closest = new Map<number, SimilarName>();
    for (const match of similar) {
      const current = closest.get(match.index);
      const closer =
        !current ||
        match.similarity > current.similarity ||
        (match.similarity === current.similarity && match.code < current.code);
      if (closer) closest.set(match.index, match);
    }
    for (const [index, match] of closest) {
      const [en, zh] = this.describe(match);
      this.reporter(newNames[index]!.row, flag)(
        'name',
        'NEAR_DUPLICATE_EXISTING',
        `very like existing ${en} (similarity ${match.similarity.toFixed(2)})`,
        `与已有${zh}高度相似（相似度 ${match.similarity.toFixed(2)}）`,
      );
    }

    const toInsert = drafts.flatMap((d) =>
      d.customer && !unchanged.has(d) && !rowsWithProblems.has(d.row.rowNumber) ? [d.customer] : [],
    );
    return { toInsert, unchanged: unchanged.size };
  }

  async stageBatch(tx: Queryable, customers: NewCustomer[]): Promise<void> {
    await this.staging.append(tx, customerColumnValues(customers));
  }

  writeStaged(tx: Queryable, onProgress: (rowsWritten: number) => Promise<void>): Promise<number> {
    return this.staging.writeAll(tx, onProgress);
  }

  private reporter(row: ParsedRow, flag: ReportProblem) {
    return fieldProblems(this.run, customerFields, row, flag);
  }

  /** Names an existing customer only when the user may see it: scope covers existence too. */
  private describe(customer: { code: string; name: string; regionId: number }): [string, string] {
    if (!isInScope(this.run.ctx, customer.regionId)) {
      return ['a customer outside your regions', '您负责区域以外的客户'];
    }
    return [`customer ${customer.code} “${customer.name}”`, `客户 ${customer.code}“${customer.name}”`];
  }

  private async loadOwnerReps(db: Queryable, rows: ParsedRow[]): Promise<void> {
    const wanted = new Set<string>();
    for (const row of rows) {
      const text = row.values.ownerRep;
      if (typeof text === 'string' && !this.usersByText.has(text)) wanted.add(text);
    }
    if (wanted.size === 0) return;
    const users = await findUsersByName(db, [...wanted]);
    for (const text of wanted) {
      const byUsername = users.filter((u) => u.username.toLowerCase() === text.toLowerCase());
      this.usersByText.set(
        text,
        byUsername.length > 0 ? byUsername : users.filter((u) => u.displayName === text),
      );
    }
  }

  private draft(row: ParsedRow, regions: RegionIndex, flag: ReportProblem): Draft {
    const values = row.values;
    const problem = this.reporter(row, flag);
    const text = (field: string) => (typeof values[field] === 'string' ? (values[field] as string) : null);
    const code = text('code');
    const name = text('name');
    const type = text('type');
    const taxId = text('taxId');
    const nameNormalized = name === null ? null : normalizeCustomerName(name) || null;

    let regionId: number | null = null;
    const regionText = text('region');
    if (regionText !== null) {
      const found = regions.resolve(regionText);
      if (found.kind === 'unknown') {
        problem('region', 'UNKNOWN_REFERENCE', 'no region has this code or name', '没有该编码或名称的区域');
      } else if (found.kind === 'ambiguous') {
        problem(
          'region',
          'UNKNOWN_REFERENCE',
          'several regions have this name; use the code',
          '多个区域同名，请使用区域编码',
        );
      } else if (!isInScope(this.run.ctx, found.id)) {
        problem(
          'region',
          'OUT_OF_SCOPE',
          'outside the regions you are responsible for',
          '不在您负责的区域范围内',
        );
      } else regionId = found.id;
    }

    let ownerRepId: number | null = null;
    const repText = text('ownerRep');
    if (repText !== null) {
      const users = this.usersByText.get(repText) ?? [];
      if (users.length === 1) ownerRepId = users[0]!.id;
      else if (users.length === 0) problem('ownerRep', 'UNKNOWN_REFERENCE', 'no such user', '没有该用户');
      else
        problem(
          'ownerRep',
          'UNKNOWN_REFERENCE',
          'several users have this name; use the username',
          '多个用户同名，请使用用户名',
        );
    }

    const grade = text('hospitalGrade');
    const level = typeof values.distributorLevel === 'number' ? values.distributorLevel : null;
    const levelFailed =
      this.run.columns.has('distributorLevel') && !Object.hasOwn(values, 'distributorLevel');
    if (type !== null) {
      if (grade !== null && type !== 'hospital') {
        problem('hospitalGrade', 'NOT_APPLICABLE', 'only hospitals have a grade', '只有医院有等级');
      }
      if (type === 'distributor' && level === null && !levelFailed) {
        flag({
          rowNumber: row.rowNumber,
          field: 'distributorLevel',
          code: 'REQUIRED_MISSING',
          value: null,
          en: 'Distributor level: a distributor needs a level (1–3)',
          zh: '经销商级别：经销商必须填写级别（1–3）',
        });
      } else if (type !== 'distributor' && level !== null) {
        problem('distributorLevel', 'NOT_APPLICABLE', 'only distributors have a level', '只有经销商有级别');
      }
    }

    if (code !== null) {
      const first = this.seenCodes.claim(code, row.rowNumber);
      if (first !== undefined)
        problem('code', 'DUPLICATE_IN_FILE', `the same code as row ${first}`, `与第 ${first} 行编码相同`);
    }
    if (taxId !== null) {
      const first = this.seenTaxIds.claim(taxId, row.rowNumber);
      if (first !== undefined)
        problem(
          'taxId',
          'DUPLICATE_IN_FILE',
          `the same tax id as row ${first}`,
          `与第 ${first} 行统一社会信用代码相同`,
        );
    }
    if (nameNormalized !== null) {
      const first = this.seenNames.claim(nameNormalized, row.rowNumber);
      if (first !== undefined)
        problem(
          'name',
          'DUPLICATE_IN_FILE',
          `the same customer as row ${first}`,
          `与第 ${first} 行为同一客户`,
        );
    }

    const customer: NewCustomer | null =
      code !== null && name !== null && nameNormalized !== null && type !== null && regionId !== null
        ? {
            code,
            name,
            nameNormalized,
            type,
            hospitalGrade: grade,
            distributorLevel: level,
            channel: text('channel') ?? defaultChannel[type]!,
            taxId,
            regionId,
            address: text('address'),
            contactName: text('contactName'),
            contactPhone: text('contactPhone'),
            ownerRepId,
            paymentTermsDays: typeof values.paymentTermsDays === 'number' ? values.paymentTermsDays : 30,
            minShelfLifeDays: typeof values.minShelfLifeDays === 'number' ? values.minShelfLifeDays : 0,
            isTarget: values.isTarget === true,
            isActive: values.isActive !== false,
          }
        : null;
    return { row, code, taxId, nameNormalized, customer };
  }

  private isIdentical(customer: NewCustomer, existing: ExistingCustomer): boolean {
    for (const field of this.run.columns.keys()) {
      const column = comparedColumn[field];
      if (column && customer[column] !== existing[column]) return false;
    }
    return true;
  }
}

export const customersImport: EntityDefinition = {
  entity: 'customers',
  writePermission: 'customers:write',
  fields: customerFields,
  createImporter: (run) => new CustomerImporter(run),
};
