/**
 * Finance: VAT invoices from shipments, credit notes, payments and their allocation to
 * invoices, write-offs with approval, sales returns, the receivables ledger, customer
 * statements and aging. Other modules import only from here.
 */
import type { App, AppDeps } from '../../platform/http.ts';
import { registerExchangeRateRoutes } from './exchange-rates/exchange-rates.routes.ts';
import { registerInvoiceRoutes } from './invoices/invoices.routes.ts';
import { registerLedgerRoutes } from './ledger/ledger.routes.ts';
import { registerPaymentRoutes } from './payments/payments.routes.ts';
import { registerReturnRoutes } from './returns/returns.routes.ts';
import { registerStatementRoutes } from './statements/statements.routes.ts';

export { exchangeRateOn } from './exchange-rates/exchange-rates.service.ts';
export { agingBucket, agingBucketSql, daysPastDue } from './statements/aging.rules.ts';

export function registerFinanceRoutes(app: App, deps: AppDeps) {
  registerExchangeRateRoutes(app, deps);
  registerInvoiceRoutes(app, deps);
  registerPaymentRoutes(app, deps);
  registerLedgerRoutes(app, deps);
  registerStatementRoutes(app, deps);
  registerReturnRoutes(app, deps);
}
