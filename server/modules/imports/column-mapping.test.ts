import { describe, expect, it } from 'vitest';
import { resolveMapping, suggestMapping } from './column-mapping.ts';
import { customerFields } from './customers.import-fields.ts';
import { productFields } from './products.import-fields.ts';
import { SAMPLE_HEADERS } from './sample-customer-file.ts';

describe('suggested column mapping', () => {
  it('maps the Chinese headers of a typical customer sheet', () => {
    const mapping = suggestMapping(SAMPLE_HEADERS, customerFields);
    expect(mapping).toMatchObject({
      code: '客户编码',
      name: '客户名称',
      type: '客户类型',
      hospitalGrade: '医院等级',
      distributorLevel: '经销商级别',
      channel: '渠道',
      taxId: '统一社会信用代码',
      region: '区域',
      contactPhone: '联系电话',
      ownerRep: '负责销售',
      paymentTermsDays: '账期(天)',
      minShelfLifeDays: '最短效期(天)',
      isTarget: '目标医院',
      isActive: null,
    });
  });

  it('maps the English headers of the customer export, so an export imports back', () => {
    const headers = [
      'Code',
      'Name',
      'Type',
      'Hospital grade',
      'Distributor level',
      'Channel',
      'Tax id',
      'Region',
      'Address',
      'Contact',
      'Phone',
      'Owner rep',
      'Payment terms (days)',
      'Min. shelf life (days)',
      'Target',
      'Active',
    ];
    const mapping = suggestMapping(headers, customerFields);
    expect(Object.values(mapping)).toEqual(headers);
  });

  it('ignores markers such as (必填) and prefers an exact header over one that merely contains a synonym', () => {
    const mapping = suggestMapping(
      ['客户名称（必填）', '客户类型', 'Code *', '联系人电话', '联系人'],
      customerFields,
    );
    expect(mapping).toMatchObject({
      name: '客户名称（必填）',
      type: '客户类型',
      code: 'Code *',
      contactPhone: '联系人电话',
      contactName: '联系人',
    });
  });

  it('maps product sheets too', () => {
    const mapping = suggestMapping(
      [
        '产品编码',
        '产品名称',
        '规格型号',
        '产品线',
        '单位',
        'UDI-DI',
        '注册证编号',
        '目录价(元)',
        '标准成本',
        '税率',
      ],
      productFields,
    );
    expect(mapping).toMatchObject({
      sku: '产品编码',
      nameZh: '产品名称',
      modelSpec: '规格型号',
      gtin: 'UDI-DI',
      certificateNumber: '注册证编号',
      listPrice: '目录价(元)',
      standardCost: '标准成本',
      vatRate: '税率',
    });
  });

  it('leaves headers like __proto__ and constructor alone and pollutes no object', () => {
    const mapping = suggestMapping(['__proto__', 'constructor', 'toString', '客户编码'], customerFields);
    expect(mapping.code).toBe('客户编码');
    expect(Object.values(mapping).filter((h) => h !== null)).toEqual(['客户编码']);
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).code).toBeUndefined();
  });
});

describe('checking a mapping', () => {
  const headers = ['编码', '名称', '类型', '区域', '编码'];

  it('lists required fields that are not mapped yet', () => {
    const check = resolveMapping({ code: '编码', name: '名称' }, headers, customerFields);
    expect(check.ok && check.resolved.unmappedRequired).toEqual(['type', 'region']);
    expect(check.ok && check.resolved.columns.get('code')).toBe(0);
  });

  it('refuses unknown fields, missing headers and one column feeding two fields', () => {
    const check = resolveMapping(
      { code: '编码', name: '编码', nickname: '名称', region: '地区', __proto__: '类型' } as Record<
        string,
        string
      >,
      headers,
      customerFields,
    );
    expect(check.ok).toBe(false);
    expect(!check.ok && check.problems).toEqual([
      'column "编码" is mapped to both code and name',
      'unknown field "nickname"',
      'the file has no column "地区" (for region)',
    ]);
  });
});
