/**
 * Pure helpers of the data-quality screen: which rules belong to which entity, where a finding
 * is fixed, and how scores and remaining days are graded.
 */
import type { z } from 'zod';
import {
  dataQualityEntities,
  type dataQualityIssue,
  type expiringDocuments,
} from '../../../../contracts/dataquality.ts';
import { editLink } from '../../shared/editLink.ts';

export type Entity = (typeof dataQualityEntities)[number];
export type DataQualityIssue = z.infer<typeof dataQualityIssue>;
export type ExpiringDocument = z.infer<typeof expiringDocuments>['items'][number];

export function isEntity(value: string | undefined): value is Entity {
  return value !== undefined && (dataQualityEntities as readonly string[]).includes(value);
}

export const rulesByEntity = {
  customer: [
    'CONTACT_MISSING',
    'OWNER_MISSING',
    'TAX_ID_MISSING',
    'TAX_ID_INVALID',
    'HOSPITAL_TERMS_OVER_60',
    'DISTRIBUTOR_WITHOUT_VALID_LICENCE',
    'NEAR_DUPLICATE',
  ],
  qualification: ['QUALIFICATION_EXPIRED', 'QUALIFICATION_EXPIRING'],
  product: [
    'CERTIFICATE_EXPIRED',
    'CERTIFICATE_EXPIRING',
    'GTIN_MISSING',
    'GTIN_INVALID',
    'CERTIFICATE_NUMBER_INVALID',
    'CERTIFICATE_CLASS_MISMATCH',
    'MANUFACTURER_MISSING',
    'SHELF_LIFE_MISSING',
    'COLD_CHAIN_RANGE_MISSING',
    'FLOOR_ABOVE_LIST_PRICE',
  ],
  supplier: ['SUPPLIER_LICENCE_EXPIRED', 'SUPPLIER_LICENCE_EXPIRING'],
} as const satisfies Record<Entity, readonly string[]>;

export type DataQualityRule = (typeof rulesByEntity)[Entity][number];

export const dataQualityRules: readonly DataQualityRule[] = Object.values(rulesByEntity).flat();

/** Rule codes the screen has words for; a code added on the server later shows as the code itself. */
export function isKnownRule(rule: string): rule is DataQualityRule {
  return (dataQualityRules as readonly string[]).includes(rule);
}

export function rulesOf(entity: Entity | undefined): readonly DataQualityRule[] {
  return entity ? rulesByEntity[entity] : dataQualityRules;
}

export type Grade = 'good' | 'fair' | 'poor';

/** 90 % of records clean is good, 70 % fair, below that poor. */
export function gradeScore(score: number): Grade {
  if (score >= 90) return 'good';
  if (score >= 70) return 'fair';
  return 'poor';
}

export type Urgency = 'expired' | 'soon' | 'later' | 'distant';

/** Expired (negative days) red, within 30 days orange, within 90 gold. */
export function gradeDaysLeft(daysLeft: number): Urgency {
  if (daysLeft < 0) return 'expired';
  if (daysLeft <= 30) return 'soon';
  if (daysLeft <= 90) return 'later';
  return 'distant';
}

export interface FixLink {
  to: string;
  /** The permission the target page needs. */
  permission: string;
}

const numberOrNull = (value: unknown): number | null =>
  typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : null;

/** The record names the API gives: 'CODE name' for customers, products and suppliers; 'customer · number' for qualifications. */
export function leadingCode(entityName: string): string {
  return entityName.split(' ')[0] ?? entityName;
}

export function customerNameOfQualification(entityName: string): string {
  const at = entityName.lastIndexOf(' · ');
  return at > 0 ? entityName.slice(0, at) : entityName;
}

/** Where an issue is fixed: the record's page, or the list filtered to it with its edit form open. */
export function fixLinkOf(
  issue: Pick<DataQualityIssue, 'entity' | 'entityId' | 'entityName' | 'detail'>,
): FixLink {
  switch (issue.entity) {
    case 'customer':
      return { to: `/customers/${issue.entityId}`, permission: 'customers:read' };
    case 'qualification': {
      // The issue names the qualification; its customer is known only by name unless the server adds the id.
      const customerId = numberOrNull(issue.detail.customerId);
      if (customerId)
        return { to: `/customers/${customerId}?tab=qualifications`, permission: 'customers:read' };
      const q = customerNameOfQualification(issue.entityName);
      return { to: `/customers?${new URLSearchParams({ q }).toString()}`, permission: 'customers:read' };
    }
    case 'product':
      return {
        to: editLink('/products', issue.entityId, leadingCode(issue.entityName)),
        permission: 'products:read',
      };
    case 'supplier':
      return {
        to: editLink('/suppliers', issue.entityId, leadingCode(issue.entityName)),
        permission: 'masterdata:read',
      };
  }
}

export function holderLinkOf(document: ExpiringDocument): FixLink {
  switch (document.kind) {
    case 'qualification':
      return {
        to:
          document.customerId !== null
            ? `/customers/${document.customerId}?tab=qualifications`
            : `/customers?${new URLSearchParams({ q: document.holder }).toString()}`,
        permission: 'customers:read',
      };
    case 'product_certificate':
      return {
        to: editLink('/products', document.id, document.number ?? undefined),
        permission: 'products:read',
      };
    case 'supplier_licence':
      return {
        to: editLink('/suppliers', document.id, document.number ?? undefined),
        permission: 'masterdata:read',
      };
  }
}
