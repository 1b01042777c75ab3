/**
 * Products as an importable entity: lookups of product lines and manufacturers, the device
 * class against the certificate, and duplicates by SKU and GTIN (columns and cell parsing:
 * products.import-fields.ts). Prices arrive as exact fen, GTINs as GTIN-14.
 */

import type { Queryable } from '../../platform/db.ts';
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
import { type Certificate, productFields } from './products.import-fields.ts';
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
