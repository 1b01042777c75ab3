import type { ComplianceCheck } from '../../../contracts/catalog.ts';
import type { RequestContext } from '../../platform/auth-context.ts';
import { businessDate } from '../../platform/dates.ts';
import type { Queryable } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { checkSaleCompliance, getCustomer, listQualificationRows } from '../parties/index.ts';
import { findProduct } from './products.repository.ts';

/**
 * May this customer buy this product on this date (DOMAIN §2)? The customer must be inside
 * the caller's scope (404 otherwise, as if it did not exist). Fails closed: every missing or
 * expired document is a reason, with its message in the caller's language.
 *
 * Takes a Queryable so the sales module can run it inside its order transaction.
 */
export async function checkSaleComplianceFor(
  db: Queryable,
  ctx: RequestContext,
  customerId: number,
  productId: number,
  date: string = businessDate(),
): Promise<ComplianceCheck> {
  const customer = await getCustomer(db, ctx, customerId);
  const product = await findProduct(db, productId);
  if (!product) throw new AppError('NOT_FOUND', {}, { entity: 'product' });
  const qualifications = await listQualificationRows(db, [customerId]);
  const result = checkSaleCompliance(customer, qualifications, product, date);
  return {
    allowed: result.allowed,
    date,
    reasons: result.reasons.map((reason) => ({
      code: reason.code,
      message: ctx.lang === 'en' ? reason.en : reason.zh,
    })),
  };
}
