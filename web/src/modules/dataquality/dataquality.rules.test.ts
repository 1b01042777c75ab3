import { describe, expect, it } from 'vitest';
import {
  customerNameOfQualification,
  fixLinkOf,
  gradeDaysLeft,
  gradeScore,
  holderLinkOf,
  isKnownRule,
  rulesOf,
} from './dataquality.rules.ts';

describe('fixLinkOf', () => {
  it('sends a customer finding to the customer page', () => {
    const link = fixLinkOf({ entity: 'customer', entityId: 11, entityName: 'D-HB-001 武汉楚天', detail: {} });
    expect(link).toEqual({ to: '/customers/11', permission: 'customers:read' });
  });

  it('opens the edit form of a product from its SKU', () => {
    const link = fixLinkOf({
      entity: 'product',
      entityId: 5,
      entityName: 'INF-PUMP-50 精密过滤输液器',
      detail: {},
    });
    expect(link.to).toBe('/products?q=INF-PUMP-50&edit=5');
  });

  it('finds a qualification through its customer name, or its customer id when the server sends one', () => {
    const byName = fixLinkOf({
      entity: 'qualification',
      entityId: 10,
      entityName: '武汉楚天医药器械有限公司 · 鄂汉食药监械经营许20160301号',
      detail: {},
    });
    expect(decodeURIComponent(byName.to)).toBe('/customers?q=武汉楚天医药器械有限公司');
    const byId = fixLinkOf({
      entity: 'qualification',
      entityId: 10,
      entityName: 'x · y',
      detail: { customerId: 7 },
    });
    expect(byId.to).toBe('/customers/7?tab=qualifications');
  });
});

describe('holderLinkOf', () => {
  it('opens a supplier whose licence expires, found by its licence number', () => {
    const link = holderLinkOf({
      kind: 'supplier_licence',
      id: 2,
      documentType: 'supplier_licence',
      number: '鲁食药监械生产许20000002号',
      customerId: null,
      holder: '山东威高',
      validUntil: '2026-12-18',
      daysLeft: 25,
    });
    expect(link.permission).toBe('masterdata:read');
    expect(decodeURIComponent(link.to)).toBe('/suppliers?q=鲁食药监械生产许20000002号&edit=2');
  });
});

describe('grading', () => {
  it('grades scores at 90 and 70 percent', () => {
    expect([gradeScore(100), gradeScore(90), gradeScore(89.9), gradeScore(70), gradeScore(14.3)]).toEqual([
      'good',
      'good',
      'fair',
      'fair',
      'poor',
    ]);
  });

  it('grades remaining days: expired, within 30, within 90', () => {
    expect([
      gradeDaysLeft(-1),
      gradeDaysLeft(0),
      gradeDaysLeft(30),
      gradeDaysLeft(31),
      gradeDaysLeft(91),
    ]).toEqual(['expired', 'soon', 'soon', 'later', 'distant']);
  });
});

describe('rules', () => {
  it('lists the rules of one entity, or all of them', () => {
    expect(rulesOf('supplier')).toEqual(['SUPPLIER_LICENCE_EXPIRED', 'SUPPLIER_LICENCE_EXPIRING']);
    expect(rulesOf(undefined)).toHaveLength(21);
    expect(isKnownRule('NEAR_DUPLICATE')).toBe(true);
    expect(isKnownRule('SOMETHING_NEW')).toBe(false);
  });

  it('takes the customer name from a qualification name', () => {
    expect(customerNameOfQualification('A · B · 123')).toBe('A · B');
    expect(customerNameOfQualification('no separator')).toBe('no separator');
  });
});

describe('holderLinkOf for qualifications', () => {
  it('opens the holder’s qualifications tab directly when the server names the customer', () => {
    const link = holderLinkOf({
      kind: 'qualification',
      id: 9,
      documentType: 'operating_licence',
      number: '苏食药监械经营许20190123号',
      holder: '江苏华康医疗器械有限公司',
      customerId: 12,
      validUntil: '2026-12-01',
      daysLeft: 8,
    });
    expect(link.to).toBe('/customers/12?tab=qualifications');
  });
});
