/**
 * The columns a product file may have and how each cell is read: GTINs (check digit, stored as
 * GTIN-14), registration or filing numbers (legal shape, management class), prices in yuan to
 * exact fen, VAT rates as exact fractions. Cross-field rules and lookups are in
 * products.import.ts.
 */
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
import type { FieldDefinition } from './import-entity.ts';

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

export interface Certificate {
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
