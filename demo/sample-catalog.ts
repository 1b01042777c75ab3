/**
 * Sample products for first start: product lines, manufacturers, warehouses and products with
 * registration certificates of the right shape and class — one certificate about to expire,
 * one expired, and a couple of incomplete records for the data-quality page.
 */
import {
  createProductLineRequest,
  createProductRequest,
  createSupplierRequest,
} from '../contracts/catalog.ts';
import { createWarehouseRequest } from '../contracts/warehouses.ts';
import { computeGs1CheckDigit } from '../server/modules/catalog/gtin.rules.ts';
import { createProductForSeed, createProductLineForSeed } from '../server/modules/catalog/index.ts';
import { createWarehouseForSeed } from '../server/modules/inventory/index.ts';
import { createSupplierForSeed } from '../server/modules/parties/index.ts';
import type { RequestContext } from '../server/platform/auth-context.ts';
import { addDays } from '../server/platform/dates.ts';
import type { Db } from '../server/platform/db.ts';

/** A GTIN-14 under the company prefix 6901234 (China's GS1 prefix range 690–699). */
export function sampleGtin(itemReference: number): string {
  const data = `0690123${String(itemReference).padStart(5, '0')}`.slice(0, 13);
  return data + computeGs1CheckDigit(data);
}

export const productLines = [
  { code: 'STENT', nameZh: '血管支架', nameEn: 'Vascular stents' },
  { code: 'INFUSION', nameZh: '输注器械', nameEn: 'Infusion sets' },
  { code: 'ORTHO', nameZh: '骨科植入物', nameEn: 'Orthopaedic implants' },
  { code: 'IVD', nameZh: '体外诊断试剂', nameEn: 'IVD reagents' },
  { code: 'SURGICAL', nameZh: '手术耗材', nameEn: 'Surgical consumables' },
  { code: 'MONITOR', nameZh: '监护设备', nameEn: 'Monitoring equipment' },
];

export async function loadSampleCatalog(
  db: Db,
  ctx: RequestContext,
  regionIds: Map<string, number>,
  today: string,
) {
  const lineIds = new Map<string, number>();
  for (const line of productLines) {
    lineIds.set(
      line.code,
      (await createProductLineForSeed(db, ctx, createProductLineRequest.parse(line))).id,
    );
  }

  const suppliers = [
    {
      code: 'M-MICROPORT',
      name: '上海微创医疗器械（集团）有限公司',
      kind: 'manufacturer',
      licenceNumber: '沪食药监械生产许20010001号',
      licenceValidUntil: addDays(today, 800),
    },
    {
      code: 'M-WEGO',
      name: '山东威高集团医用高分子制品股份有限公司',
      kind: 'manufacturer',
      licenceNumber: '鲁食药监械生产许20000002号',
      licenceValidUntil: addDays(today, 25),
    },
    {
      code: 'M-MINDRAY',
      name: '深圳迈瑞生物医疗电子股份有限公司',
      kind: 'both',
      licenceNumber: '粤食药监械生产许20010003号',
      licenceValidUntil: addDays(today, 1500),
    },
    {
      code: 'M-ABBOTT',
      name: 'Abbott Vascular',
      kind: 'manufacturer',
      country: 'US',
      licenceNumber: null,
      licenceValidUntil: null,
    },
  ] as const;
  const supplierIds = new Map<string, number>();
  for (const supplier of suppliers) {
    supplierIds.set(
      supplier.code,
      (await createSupplierForSeed(db, ctx, createSupplierRequest.parse(supplier))).id,
    );
  }

  const warehouses = [
    { code: 'WH-SH', name: '上海中心仓', region: 'SH-SH', isColdChain: true },
    { code: 'WH-GZ', name: '广州华南仓', region: 'GD-GZ', isColdChain: false },
    { code: 'WH-BJ', name: '北京华北仓', region: 'BJ-BJ', isColdChain: true },
    { code: 'WH-CD', name: '成都西南仓', region: 'SC-CD', isColdChain: false },
  ];
  for (const { region, ...warehouse } of warehouses) {
    await createWarehouseForSeed(
      db,
      ctx,
      createWarehouseRequest.parse({ ...warehouse, regionId: regionIds.get(region)! }),
    );
  }

  const products = [
    {
      sku: 'STT-DES-2518',
      nameZh: '药物洗脱冠脉支架系统',
      nameEn: 'Drug-eluting coronary stent system',
      modelSpec: '2.5×18mm',
      line: 'STENT',
      unit: '套',
      gtin: sampleGtin(1),
      certificateNumber: '国械注准20193130123',
      deviceClass: 3,
      expiresIn: 900,
      maker: 'M-MICROPORT',
      shelfLifeDays: 730,
      standardCostFen: 180_000,
      listPriceFen: 680_000,
      floorPriceFen: 450_000,
      isImplant: true,
      isSerialTracked: true,
    },
    {
      sku: 'STT-DES-3023',
      nameZh: '药物洗脱冠脉支架系统',
      nameEn: 'Drug-eluting coronary stent system',
      modelSpec: '3.0×23mm',
      line: 'STENT',
      unit: '套',
      gtin: sampleGtin(2),
      certificateNumber: '国械注准20193130123',
      deviceClass: 3,
      expiresIn: 900,
      maker: 'M-MICROPORT',
      shelfLifeDays: 730,
      standardCostFen: 185_000,
      listPriceFen: 690_000,
      floorPriceFen: 460_000,
      isImplant: true,
      isSerialTracked: true,
    },
    {
      sku: 'STT-BMS-IMP',
      nameZh: '进口裸金属支架',
      nameEn: 'Imported bare-metal stent',
      modelSpec: '3.5×15mm',
      line: 'STENT',
      unit: '套',
      gtin: sampleGtin(3),
      certificateNumber: '国械注进20183130456',
      deviceClass: 3,
      expiresIn: 20,
      maker: 'M-ABBOTT',
      shelfLifeDays: 1095,
      standardCostFen: 320_000,
      listPriceFen: 890_000,
      floorPriceFen: 600_000,
      isImplant: true,
      isSerialTracked: true,
    },
    {
      sku: 'INF-STD-20',
      nameZh: '一次性使用输液器',
      nameEn: 'Disposable infusion set',
      modelSpec: '带针 0.7mm',
      line: 'INFUSION',
      unit: '支',
      gtin: sampleGtin(11),
      certificateNumber: '鲁械注准20192140011',
      deviceClass: 2,
      expiresIn: 1200,
      maker: 'M-WEGO',
      shelfLifeDays: 1095,
      standardCostFen: 120,
      listPriceFen: 350,
      floorPriceFen: 250,
    },
    {
      sku: 'INF-PUMP-50',
      nameZh: '精密过滤输液器',
      nameEn: 'Precision-filter infusion set',
      modelSpec: '5μm',
      line: 'INFUSION',
      unit: '支',
      gtin: sampleGtin(12),
      certificateNumber: '鲁械注准20192140012',
      deviceClass: 2,
      expiresIn: -10,
      maker: 'M-WEGO',
      shelfLifeDays: 1095,
      standardCostFen: 300,
      listPriceFen: 900,
      floorPriceFen: 600,
    },
    {
      sku: 'ORT-HIP-52',
      nameZh: '髋关节假体',
      nameEn: 'Hip joint prosthesis',
      modelSpec: '股骨柄 52mm',
      line: 'ORTHO',
      unit: '套',
      gtin: sampleGtin(21),
      certificateNumber: '国械注准20203130789',
      deviceClass: 3,
      expiresIn: 1400,
      maker: 'M-MICROPORT',
      shelfLifeDays: 1825,
      standardCostFen: 900_000,
      listPriceFen: 2_600_000,
      floorPriceFen: 1_800_000,
      isImplant: true,
      isSerialTracked: true,
    },
    {
      sku: 'IVD-CTNI-48',
      nameZh: '心肌肌钙蛋白I测定试剂盒（化学发光法）',
      nameEn: 'Cardiac troponin I assay kit (CLIA)',
      modelSpec: '48人份/盒',
      line: 'IVD',
      unit: '盒',
      gtin: sampleGtin(31),
      certificateNumber: '粤械注准20212400031',
      deviceClass: 2,
      expiresIn: 700,
      maker: 'M-MINDRAY',
      shelfLifeDays: 365,
      storageCondition: '2-8℃ 冷藏',
      coldChainMinC: 2,
      coldChainMaxC: 8,
      standardCostFen: 48_000,
      listPriceFen: 120_000,
      floorPriceFen: 90_000,
    },
    // Dirty: a refrigerated reagent recorded without its temperature range.
    {
      sku: 'IVD-PCT-24',
      nameZh: '降钙素原测定试剂盒',
      nameEn: 'Procalcitonin assay kit',
      modelSpec: '24人份/盒',
      line: 'IVD',
      unit: '盒',
      gtin: sampleGtin(32),
      certificateNumber: '粤械注准20212400032',
      deviceClass: 2,
      expiresIn: 650,
      maker: 'M-MINDRAY',
      shelfLifeDays: 365,
      storageCondition: '2-8℃ 冷藏',
      standardCostFen: 30_000,
      listPriceFen: 80_000,
      floorPriceFen: 60_000,
    },
    {
      sku: 'SUR-GAUZE-10',
      nameZh: '医用纱布块',
      nameEn: 'Medical gauze swab',
      modelSpec: '10cm×10cm-8层',
      line: 'SURGICAL',
      unit: '包',
      gtin: sampleGtin(41),
      certificateNumber: '苏苏械备20190123',
      deviceClass: 1,
      expiresIn: null,
      maker: 'M-WEGO',
      shelfLifeDays: 1825,
      standardCostFen: 80,
      listPriceFen: 200,
    },
    // Dirty: no GTIN, no manufacturer, no shelf life.
    {
      sku: 'SUR-SUTURE-30',
      nameZh: '可吸收缝合线',
      nameEn: 'Absorbable suture',
      modelSpec: '3-0 75cm',
      line: 'SURGICAL',
      unit: '根',
      gtin: null,
      certificateNumber: '国械注进20172020321',
      deviceClass: 2,
      expiresIn: 300,
      maker: null,
      shelfLifeDays: null,
      standardCostFen: 2_500,
      listPriceFen: 6_800,
      floorPriceFen: 5_000,
    },
    {
      sku: 'MON-PM-8000',
      nameZh: '多参数患者监护仪',
      nameEn: 'Multi-parameter patient monitor',
      modelSpec: 'PM-8000',
      line: 'MONITOR',
      unit: '台',
      gtin: sampleGtin(51),
      certificateNumber: '粤械注准20192070051',
      deviceClass: 2,
      expiresIn: 1100,
      maker: 'M-MINDRAY',
      shelfLifeDays: null,
      standardCostFen: 1_200_000,
      listPriceFen: 3_200_000,
      floorPriceFen: 2_400_000,
      isSerialTracked: true,
    },
  ] as const;
  for (const { line, maker, expiresIn, ...product } of products) {
    await createProductForSeed(
      db,
      ctx,
      createProductRequest.parse({
        ...product,
        productLineId: lineIds.get(line)!,
        manufacturerId: maker ? supplierIds.get(maker)! : null,
        certificateExpiry: expiresIn === null ? null : addDays(today, expiresIn),
      }),
    );
  }
}
