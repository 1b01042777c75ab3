/**
 * Customers as an importable entity: the columns a file may have, how each cell is read, and
 * the checks against regions, users and existing customers. The rules are the ones the
 * customer API applies (parties module): valid unified social credit code, grade only for
 * hospitals, a level exactly for distributors, region inside the user's scope, and no second
 * customer with the same normalised name.
 */

import type { Queryable } from '../../platform/db.ts';
import { isInScope } from '../../platform/scope.ts';
import { normalizeCustomerName } from '../parties/index.ts';
import { isValidUnifiedSocialCreditCode, NEAR_DUPLICATE_SIMILARITY } from '../parties/parties.rules.ts';
import {
  invalid,
  type Parsed,
  parseBoolean,
  parseEnum,
  parseInteger,
  parseText,
  valid,
} from './cell-values.ts';
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
  type FieldDefinition,
  FirstOccurrences,
  fieldProblems,
  type ImportRun,
  type ParsedRow,
  type ReportProblem,
} from './import-entity.ts';
import { buildRegionIndex, type RegionIndex } from './region-index.ts';

const parseTaxId = (text: string): Parsed<string> => {
  const code = text.normalize('NFKC').toUpperCase().replace(/\s+/g, '');
  return isValidUnifiedSocialCreditCode(code)
    ? valid(code)
    : invalid('INVALID_TAX_ID', 'not a valid unified social credit code', '不是有效的统一社会信用代码');
};

const same = (key: string) => key;

export const customerFields: readonly FieldDefinition[] = [
  {
    name: 'code',
    labelZh: '客户编码',
    labelEn: 'Code',
    required: true,
    synonyms: [
      '客户编码',
      '编码',
      '客户代码',
      '代码',
      '客户编号',
      '编号',
      'code',
      'customer code',
      'customer no',
    ],
    parse: parseText(40),
  },
  {
    name: 'name',
    labelZh: '客户名称',
    labelEn: 'Name',
    required: true,
    synonyms: [
      '客户名称',
      '名称',
      '客户',
      '单位名称',
      '医院名称',
      '机构名称',
      'name',
      'customer name',
      'customer',
    ],
    parse: parseText(200, 2),
  },
  {
    name: 'type',
    labelZh: '客户类型',
    labelEn: 'Type',
    required: true,
    synonyms: ['客户类型', '类型', 'type', 'customer type'],
    parse: parseEnum(
      {
        hospital: ['医院'],
        clinic: ['诊所', '门诊部', '卫生院', '社区卫生服务中心'],
        distributor: ['经销商', '分销商', '配送商'],
        agent: ['代理商', '代理'],
      },
      same,
    ),
  },
  {
    name: 'hospitalGrade',
    labelZh: '医院等级',
    labelEn: 'Hospital grade',
    required: false,
    synonyms: ['医院等级', '等级', 'hospital grade', 'grade'],
    parse: parseEnum(
      {
        '3A': ['三级甲等', '三甲'],
        '3B': ['三级乙等', '三乙'],
        '3C': ['三级丙等', '三丙'],
        '2A': ['二级甲等', '二甲'],
        '2B': ['二级乙等', '二乙'],
        '2C': ['二级丙等', '二丙'],
        '1': ['一级'],
        ungraded: ['未定级', '未评级', '无'],
      },
      same,
    ),
  },
  {
    name: 'distributorLevel',
    labelZh: '经销商级别',
    labelEn: 'Distributor level',
    required: false,
    synonyms: ['经销商级别', '经销商等级', '级别', 'distributor level', 'level'],
    parse: parseEnum({ '1': ['一级', 'L1'], '2': ['二级', 'L2'], '3': ['三级', 'L3'] }, Number),
  },
  {
    name: 'channel',
    labelZh: '渠道',
    labelEn: 'Channel',
    required: false,
    synonyms: ['渠道', '销售渠道', 'channel'],
    parse: parseEnum(
      { direct: ['直销', '直营'], distributor: ['经销', '分销'], agent: ['代理'], tender: ['招标', '集采'] },
      same,
    ),
  },
  {
    name: 'taxId',
    labelZh: '统一社会信用代码',
    labelEn: 'Tax id',
    required: false,
    synonyms: ['统一社会信用代码', '社会信用代码', '信用代码', '税号', '纳税人识别号', 'tax id', 'uscc'],
    parse: parseTaxId,
  },
  {
    name: 'region',
    labelZh: '区域',
    labelEn: 'Region',
    required: true,
    synonyms: ['区域', '所属区域', '地区', '省份', 'region', 'area', 'territory'],
    parse: parseText(100),
  },
  {
    name: 'address',
    labelZh: '地址',
    labelEn: 'Address',
    required: false,
    synonyms: ['地址', '详细地址', 'address'],
    parse: parseText(300),
  },
  {
    name: 'contactName',
    labelZh: '联系人',
    labelEn: 'Contact',
    required: false,
    synonyms: ['联系人', '联系人姓名', 'contact', 'contact name'],
    parse: parseText(100),
  },
  {
    name: 'contactPhone',
    labelZh: '电话',
    labelEn: 'Phone',
    required: false,
    synonyms: [
      '电话',
      '联系电话',
      '联系人电话',
      '手机',
      '手机号',
      '联系方式',
      'phone',
      'contact phone',
      'mobile',
    ],
    parse: parseText(40),
  },
  {
    name: 'ownerRep',
    labelZh: '负责销售',
    labelEn: 'Owner rep',
    required: false,
    synonyms: ['负责销售', '负责人', '销售代表', '业务员', 'owner rep', 'owner', 'sales rep'],
    parse: parseText(100),
  },
  {
    name: 'paymentTermsDays',
    labelZh: '账期(天)',
    labelEn: 'Payment terms (days)',
    required: false,
    synonyms: ['账期(天)', '账期', '付款期限', '信用期', 'payment terms (days)', 'payment terms'],
    parse: parseInteger(0, 365),
  },
  {
    name: 'minShelfLifeDays',
    labelZh: '最短效期(天)',
    labelEn: 'Min. shelf life (days)',
    required: false,
    synonyms: ['最短效期(天)', '最短效期', '效期要求', 'min. shelf life (days)', 'min shelf life'],
    parse: parseInteger(0, 3650),
  },
  {
    name: 'isTarget',
    labelZh: '目标医院',
    labelEn: 'Target',
    required: false,
    synonyms: ['目标医院', '目标客户', '是否目标', 'target', 'is target'],
    parse: parseBoolean,
  },
  {
    name: 'isActive',
    labelZh: '启用',
    labelEn: 'Active',
    required: false,
    synonyms: ['启用', '是否启用', 'active', 'is active'],
    parse: parseBoolean,
  },
];

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
    const levelFailed = this.run.columns.has('distributorLevel') && !('distributorLevel' in values);
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
