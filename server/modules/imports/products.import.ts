/**
 * Products as an importable entity. Rules from DOMAIN §1: a GTIN must carry a valid check
 * digit (stored as GTIN-14), a registration certificate or filing number must have the legal
 * shape and its management class must agree with the device class; prices are yuan in the
 * file and exact integer fen in the database.
 */

import type { Queryable } from '../../platform/db.ts';
import { parseCertificateNumber } from '../catalog/certificate.rules.ts';
import { isValidGtin, normaliseGtin14 } from '../catalog/gtin.rules.ts';
import {
  invalid,
  type Parsed,
  parseBoolean,
  parseDate,
  parseEnum,
  parseInteger,
  parseRateFraction,
  parseText,
  parseYuanToFen,
  valid,
} from './cell-values.ts';
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
import {
  type ExistingProduct,
  findProductsBySkuOrGtin,
  findSuppliers,
  listProductLines,
  type NamedRef,
  type NewProduct,
  productColumnValues,
  productStaging,
} from './products.import-store.ts';

const parseGtin = (text: string): Parsed<string> => {
  const digits = text.replace(/\s+/g, '');
  return isValidGtin(digits)
    ? valid(normaliseGtin14(digits))
    : invalid(
        'INVALID_GTIN',
        'not a GTIN-8/12/13/14 with a valid check digit',
        '不是校验位正确的 GTIN（8/12/13/14 位）',
      );
};

interface Certificate {
  number: string;
  deviceClass: number;
}

const parseCertificate = (text: string): Parsed<Certificate> => {
  const result = parseCertificateNumber(text);
  if (!result.ok) return invalid('INVALID_CERTIFICATE', result.message, '注册证编号或备案号格式不正确');
  return valid({ number: result.number, deviceClass: result.deviceClass });
};

const field = (
  name: string,
  labelZh: string,
  labelEn: string,
  required: boolean,
  synonyms: string[],
  parse: FieldDefinition['parse'],
): FieldDefinition => ({ name, labelZh, labelEn, required, synonyms, parse });

export const productFields: readonly FieldDefinition[] = [
  field(
    'sku',
    '产品编码',
    'SKU',
    true,
    ['产品编码', '物料编码', '存货编码', '编码', 'sku', 'code', 'product code'],
    parseText(60),
  ),
  field(
    'nameZh',
    '产品名称',
    'Name (Chinese)',
    true,
    ['产品名称', '中文名称', '名称', '品名', 'name', 'name zh'],
    parseText(200),
  ),
  field(
    'nameEn',
    '英文名称',
    'Name (English)',
    false,
    ['英文名称', '英文名', 'english name', 'name en'],
    parseText(200),
  ),
  field(
    'modelSpec',
    '规格型号',
    'Model/spec',
    true,
    ['规格型号', '型号规格', '规格', '型号', 'model', 'spec', 'model/spec'],
    parseText(200),
  ),
  field(
    'productLine',
    '产品线',
    'Product line',
    true,
    ['产品线', '产品线编码', '产品系列', 'product line'],
    parseText(100),
  ),
  field('unit', '单位', 'Unit', true, ['单位', '计量单位', 'unit', 'uom'], parseText(20)),
  field(
    'gtin',
    'GTIN',
    'GTIN',
    false,
    ['gtin', 'udi-di', 'udidi', 'di', '产品标识', '商品条码', '条码', 'barcode'],
    parseGtin,
  ),
  field(
    'certificateNumber',
    '注册证编号',
    'Certificate number',
    true,
    [
      '注册证编号',
      '注册证号',
      '注册证',
      '备案号',
      '备案凭证编号',
      '注册证/备案号',
      'certificate',
      'registration number',
    ],
    parseCertificate,
  ),
  field(
    'deviceClass',
    '管理类别',
    'Device class',
    false,
    ['管理类别', '分类', '类别', 'device class', 'class'],
    parseEnum(
      {
        '1': ['i', '一类', '第一类', 'class i'],
        '2': ['ii', '二类', '第二类', 'class ii'],
        '3': ['iii', '三类', '第三类', 'class iii'],
      },
      Number,
    ),
  ),
  field(
    'certificateExpiry',
    '注册证有效期至',
    'Certificate expiry',
    false,
    ['注册证有效期至', '注册证有效期', '有效期至', '注册证到期日', 'certificate expiry'],
    parseDate,
  ),
  field(
    'manufacturer',
    '生产企业',
    'Manufacturer',
    false,
    ['生产企业', '生产厂家', '制造商', '厂家', 'manufacturer'],
    parseText(200),
  ),
  field(
    'storageCondition',
    '储存条件',
    'Storage',
    false,
    ['储存条件', '存储条件', '贮存条件', 'storage', 'storage condition'],
    parseText(200),
  ),
  field(
    'shelfLifeDays',
    '有效期(天)',
    'Shelf life (days)',
    false,
    ['有效期(天)', '保质期(天)', '效期(天)', 'shelf life (days)', 'shelf life'],
    parseInteger(1, 36500),
  ),
  field(
    'standardCost',
    '标准成本(元)',
    'Standard cost (yuan)',
    true,
    ['标准成本(元)', '标准成本', '成本价', 'standard cost'],
    parseYuanToFen,
  ),
  field(
    'listPrice',
    '目录价(元)',
    'List price (yuan)',
    true,
    ['目录价(元)', '目录价', '标准售价', '售价', 'list price'],
    parseYuanToFen,
  ),
  field(
    'floorPrice',
    '最低价(元)',
    'Floor price (yuan)',
    false,
    ['最低价(元)', '最低价', '底价', 'floor price'],
    parseYuanToFen,
  ),
  field('vatRate', '增值税率', 'VAT rate', false, ['增值税率', '税率', 'vat rate', 'vat'], parseRateFraction),
  field(
    'isSerialTracked',
    '序列号管理',
    'Serial tracked',
    false,
    ['序列号管理', '是否序列号管理', 'serial tracked'],
    parseBoolean,
  ),
  field('isImplant', '植入物', 'Implant', false, ['植入物', '是否植入', 'implant'], parseBoolean),
  field('isActive', '启用', 'Active', false, ['启用', '是否启用', 'active'], parseBoolean),
];

const comparedColumn: Record<string, keyof NewProduct> = {
  nameZh: 'nameZh',
  nameEn: 'nameEn',
  modelSpec: 'modelSpec',
  productLine: 'productLineId',
  unit: 'unit',
  gtin: 'gtin',
  certificateNumber: 'certificateNumber',
  deviceClass: 'deviceClass',
  certificateExpiry: 'certificateExpiry',
  manufacturer: 'manufacturerId',
  storageCondition: 'storageCondition',
  shelfLifeDays: 'shelfLifeDays',
  standardCost: 'standardCostFen',
  listPrice: 'listPriceFen',
  floorPrice: 'floorPriceFen',
  vatRate: 'vatRate',
  isSerialTracked: 'isSerialTracked',
  isImplant: 'isImplant',
  isActive: 'isActive',
};

function lookupByCodeOrName(refs: readonly NamedRef[], text: string): NamedRef[] {
  const byCode = refs.filter((r) => r.code.toLowerCase() === text.toLowerCase());
  return byCode.length > 0 ? byCode : refs.filter((r) => r.nameZh === text || r.nameEn === text);
}

interface Draft {
  row: ParsedRow;
  sku: string | null;
  gtin: string | null;
  product: NewProduct | null;
}

class ProductImporter implements EntityImporter<NewProduct> {
  private productLines: NamedRef[] | null = null;
  private readonly suppliersByText = new Map<string, NamedRef[]>();
  private readonly seenSkus = new FirstOccurrences();
  private readonly seenGtins = new FirstOccurrences();
  private readonly staging = productStaging();

  constructor(private readonly run: ImportRun) {}

  async checkBatch(db: Queryable, rows: ParsedRow[], report: ReportProblem): Promise<BatchCheck<NewProduct>> {
    this.productLines ??= await listProductLines(db);
    const wanted = [
      ...new Set(
        rows.flatMap((r) => (typeof r.values.manufacturer === 'string' ? [r.values.manufacturer] : [])),
      ),
    ].filter((text) => !this.suppliersByText.has(text));
    if (wanted.length > 0) {
      const suppliers = await findSuppliers(db, wanted);
      for (const text of wanted) this.suppliersByText.set(text, lookupByCodeOrName(suppliers, text));
    }
    const withProblems = new Set(rows.filter((r) => r.hasProblems).map((r) => r.rowNumber));
    const flag: ReportProblem = (problem) => {
      withProblems.add(problem.rowNumber);
      report(problem);
    };
    const drafts = rows.map((row) => this.draft(row, flag));

    const existing = await findProductsBySkuOrGtin(
      db,
      drafts.flatMap((d) => (d.sku ? [d.sku] : [])),
      drafts.flatMap((d) => (d.gtin ? [d.gtin] : [])),
    );
    const bySku = new Map(existing.map((p) => [p.sku, p]));
    const byGtin = new Map(existing.flatMap((p) => (p.gtin ? [[p.gtin, p] as const] : [])));
    const unchanged = new Set<Draft>();
    for (const draft of drafts) {
      const problem = fieldProblems(this.run, productFields, draft.row, flag);
      const sameSku = draft.sku ? bySku.get(draft.sku) : undefined;
      if (sameSku) {
        if (draft.product && this.isIdentical(draft.product, sameSku)) unchanged.add(draft);
        else if (draft.product) {
          problem(
            'sku',
            'DUPLICATE_EXISTING',
            'a product with this SKU exists with other data',
            '已存在该编码的产品，且数据不同',
          );
        }
        continue;
      }
      const sameGtin = draft.gtin ? byGtin.get(draft.gtin) : undefined;
      if (sameGtin) {
        problem(
          'gtin',
          'DUPLICATE_EXISTING',
          `already the GTIN of product ${sameGtin.sku}`,
          `已是产品 ${sameGtin.sku} 的 GTIN`,
        );
      }
    }
    const toInsert = drafts.flatMap((d) =>
      d.product && !unchanged.has(d) && !withProblems.has(d.row.rowNumber) ? [d.product] : [],
    );
    return { toInsert, unchanged: unchanged.size };
  }

  async stageBatch(tx: Queryable, products: NewProduct[]): Promise<void> {
    await this.staging.append(tx, productColumnValues(products));
  }

  writeStaged(tx: Queryable, onProgress: (rowsWritten: number) => Promise<void>): Promise<number> {
    return this.staging.writeAll(tx, onProgress);
  }

  private draft(row: ParsedRow, flag: ReportProblem): Draft {
    const values = row.values;
    const problem = fieldProblems(this.run, productFields, row, flag);
    const text = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : null);
    const number = (name: string) => (typeof values[name] === 'number' ? (values[name] as number) : null);
    const sku = text('sku');
    const gtin = text('gtin');
    const certificate = (values.certificateNumber ?? null) as Certificate | null;

    let productLineId: number | null = null;
    const lineText = text('productLine');
    if (lineText !== null) {
      const lines = lookupByCodeOrName(this.productLines ?? [], lineText);
      if (lines.length === 1) productLineId = lines[0]!.id;
      else problem('productLine', 'UNKNOWN_REFERENCE', 'no such product line', '没有该产品线');
    }
    let manufacturerId: number | null = null;
    const makerText = text('manufacturer');
    if (makerText !== null) {
      const makers = this.suppliersByText.get(makerText) ?? [];
      if (makers.length === 1) manufacturerId = makers[0]!.id;
      else
        problem(
          'manufacturer',
          'UNKNOWN_REFERENCE',
          'no single supplier has this code or name',
          '没有唯一匹配的供应商',
        );
    }
    const deviceClass = number('deviceClass');
    if (certificate && deviceClass !== null && deviceClass !== certificate.deviceClass) {
      problem(
        'deviceClass',
        'INVALID_CERTIFICATE',
        `the certificate is for Class ${certificate.deviceClass}`,
        `注册证对应第 ${certificate.deviceClass} 类`,
      );
    }
    const listPrice = number('listPrice');
    const floorPrice = number('floorPrice');
    if (listPrice !== null && floorPrice !== null && floorPrice > listPrice) {
      problem('floorPrice', 'BAD_FORMAT', 'higher than the list price', '高于目录价');
    }

    if (sku !== null) {
      const first = this.seenSkus.claim(sku, row.rowNumber);
      if (first !== undefined)
        problem('sku', 'DUPLICATE_IN_FILE', `the same SKU as row ${first}`, `与第 ${first} 行编码相同`);
    }
    if (gtin !== null) {
      const first = this.seenGtins.claim(gtin, row.rowNumber);
      if (first !== undefined)
        problem('gtin', 'DUPLICATE_IN_FILE', `the same GTIN as row ${first}`, `与第 ${first} 行 GTIN 相同`);
    }

    const nameZh = text('nameZh');
    const modelSpec = text('modelSpec');
    const unit = text('unit');
    const standardCost = number('standardCost');
    const product: NewProduct | null =
      sku !== null &&
      nameZh !== null &&
      modelSpec !== null &&
      unit !== null &&
      certificate !== null &&
      productLineId !== null &&
      standardCost !== null &&
      listPrice !== null
        ? {
            sku,
            nameZh,
            nameEn: text('nameEn') ?? nameZh,
            modelSpec,
            productLineId,
            unit,
            gtin,
            certificateNumber: certificate.number,
            deviceClass: certificate.deviceClass,
            certificateExpiry: text('certificateExpiry'),
            manufacturerId,
            storageCondition: text('storageCondition'),
            shelfLifeDays: number('shelfLifeDays'),
            standardCostFen: standardCost,
            listPriceFen: listPrice,
            floorPriceFen: floorPrice,
            vatRate: text('vatRate') ?? '0.13',
            isSerialTracked: values.isSerialTracked === true,
            isImplant: values.isImplant === true,
            isActive: values.isActive !== false,
          }
        : null;
    return { row, sku, gtin, product };
  }

  private isIdentical(product: NewProduct, existing: ExistingProduct): boolean {
    for (const name of this.run.columns.keys()) {
      const column = comparedColumn[name];
      if (!column) continue;
      const same =
        column === 'vatRate'
          ? Number(product.vatRate) === Number(existing.vatRate)
          : product[column] === existing[column];
      if (!same) return false;
    }
    return true;
  }
}

export const productsImport: EntityDefinition = {
  entity: 'products',
  writePermission: 'products:write',
  fields: productFields,
  createImporter: (run) => new ProductImporter(run),
};
