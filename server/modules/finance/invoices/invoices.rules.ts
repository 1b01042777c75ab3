import type { InvoiceStatus } from '../../../../contracts/finance.ts';
import { addDays } from '../../../platform/dates.ts';
import { computeDocumentAmounts, type DocumentAmounts, parseScaled } from '../money.rules.ts';

export interface ShipmentLineToInvoice {
  quantity: number;
  unitPrice: number;
  /** Exact decimal fractions as PostgreSQL returns numeric(5,4): '0.0500', '0.1300'. */
  discountRate: string;
  vatRate: string;
  /** CNY fen per unit of the shipped lot. */
  unitCostFen: number;
}

export interface InvoiceAmounts extends DocumentAmounts {
  lineCosts: number[];
  costCny: number;
}

/**
 * Amounts of an invoice of shipped lines: net and VAT per line rounded half up to the fen (so
 * the tax of the invoice is the sum of the lines' taxes, not the tax of the total), the CNY
 * equivalents split exactly, and the cost of the shipped lots.
 */
export function computeInvoiceAmounts(
  lines: readonly ShipmentLineToInvoice[],
  exchangeRate: string,
): InvoiceAmounts {
  const amounts = computeDocumentAmounts(
    lines.map((l) => ({
      quantity: l.quantity,
      unitPrice: l.unitPrice,
      discountRate4: parseScaled(l.discountRate, 4),
      vatRate4: parseScaled(l.vatRate, 4),
    })),
    parseScaled(exchangeRate, 8),
  );
  const lineCosts = lines.map((l) => l.quantity * l.unitCostFen);
  if (!lineCosts.every(Number.isSafeInteger)) throw new RangeError('cost too large');
  // Spelled out, not spread: V8 builds `{ ...amounts, more }` with a runtime call per added property.
  return {
    lines: amounts.lines,
    net: amounts.net,
    tax: amounts.tax,
    gross: amounts.gross,
    netCny: amounts.netCny,
    taxCny: amounts.taxCny,
    grossCny: amounts.grossCny,
    lineCosts,
    costCny: lineCosts.reduce((sum, c) => sum + c, 0),
  };
}

/** Payment terms run from the invoice date. */
export function dueDateFor(invoiceDate: string, paymentTermsDays: number): string {
  return addDays(invoiceDate, paymentTermsDays);
}

/**
 * An invoice's status follows from its amounts: nothing settled → open; some → partially
 * paid; nothing open → paid, or written off when a write-off settled the rest.
 */
export function invoiceStatusFor(invoice: {
  grossAmount: number;
  openAmount: number;
  writtenOffAmount: number;
}): Exclude<InvoiceStatus, 'cancelled'> {
  if (invoice.openAmount === 0) return invoice.writtenOffAmount > 0 ? 'written_off' : 'paid';
  return invoice.openAmount === invoice.grossAmount ? 'open' : 'partially_paid';
}
