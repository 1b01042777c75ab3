/**
 * The columns a customer file may have: labels, header synonyms in Chinese and English (the
 * customer export's own headers among them, so an export imports back), and how each cell is
 * read. Cross-field rules and lookups are in customers.import.ts.
 */
import { isValidUnifiedSocialCreditCode } from '../parties/parties.rules.ts';
import {
  invalid,
  type Parsed,
  parseBoolean,
  parseEnum,
  parseInteger,
  parseText,
  valid,
} from './cell-values.ts';
import type { FieldDefinition } from './import-entity.ts';

const parseTaxId = (text: string): Parsed<string> => {
  // Mostly already 18 plain capitals and digits; only other text needs width and case folding.
  const code = /^[0-9A-Z]{18}$/.test(text) ? text : text.normalize('NFKC').toUpperCase().replace(/\s+/g, '');
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
