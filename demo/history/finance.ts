/**
 * Receivables in memory, posted the way the finance services post them and computed with
 * their pure rules: invoices of shipped shipments (VAT per line, exact CNY), payments with
 * automatic (oldest due first) or explicit allocation, credit notes applied to their own
 * invoice, write-offs, and one balanced journal per posting (none when the entries net to
 * nothing, as `postJournal` does).
 */
import { laterDate } from '../../server/modules/finance/finance.shared.ts';
import {
  type CreditableLine,
  type CreditRequest,
  creditLine,
} from '../../server/modules/finance/invoices/credit-notes.rules.ts';
import {
  computeInvoiceAmounts,
  dueDateFor,
  invoiceStatusFor,
} from '../../server/modules/finance/invoices/invoices.rules.ts';
import {
  allocationEntries,
  creditNoteEntries,
  type Entry,
  invoiceEntries,
  isBalanced,
  paymentEntries,
  writeOffEntries,
} from '../../server/modules/finance/ledger/ledger.rules.ts';
import { cnyOfStep, convertToCny, RATE8_SCALE } from '../../server/modules/finance/money.rules.ts';
import {
  type AllocationSource,
  checkRequestedAllocations,
  type OpenInvoice,
  openCny,
  type PlannedAllocation,
  planAutomaticAllocation,
  priceAllocations,
} from '../../server/modules/finance/payments/allocation.rules.ts';
import type {
  CreditNote,
  Invoice,
  InvoiceLine,
  Journal,
  Payment,
  Settlement,
  Shipment,
  WriteOff,
} from './model.ts';
import type { DocumentNumbers } from './numbering.ts';
import type { WorldCustomer } from './world.ts';

type Source = (AllocationSource & { id: number; customer: WorldCustomer }) & {
  apply(amount: number, unallocatedCny: number): void;
};

function asOpenInvoice(invoice: Invoice): OpenInvoice & { id: number } {
  return {
    id: invoice.id,
    number: invoice.number,
    currency: 'CNY',
    invoiceDate: invoice.invoiceDate,
    dueDate: invoice.dueDate,
    grossAmount: invoice.net + invoice.tax,
    grossCnyFen: invoice.netCny + invoice.taxCny,
    openAmount: invoice.open,
  };
}

export class Receivables {
  readonly invoices: Invoice[] = [];
  readonly payments: Payment[] = [];
  readonly settlements: Settlement[] = [];
  readonly creditNotes: CreditNote[] = [];
  readonly writeOffs: WriteOff[] = [];
  readonly journals: Journal[] = [];
  private invoiceLineCount = 0;
  private creditNoteLineCount = 0;
  /** Open invoices per customer id, in id order (what lockOpenInvoices reads). */
  private readonly open = new Map<number, Invoice[]>();

  constructor(private readonly numbers: DocumentNumbers) {}

  openInvoicesOf(customerId: number): Invoice[] {
    return this.open.get(customerId) ?? [];
  }

  private post(journal: Omit<Journal, 'id'>): number | null {
    if (journal.entries.length === 0) return null;
    if (!isBalanced(journal.entries)) throw new Error(`unbalanced ${journal.sourceType} ${journal.sourceId}`);
    const id = this.journals.length + 1;
    // Spelled out rather than spread (`{ ...journal, id }`): V8 gave every spread copy a hidden
    // class of its own, which the garbage collector then had to trace.
    this.journals.push({
      id,
      date: journal.date,
      sourceType: journal.sourceType,
      sourceId: journal.sourceId,
      sourceTable: journal.sourceTable,
      documentNumber: journal.documentNumber,
      description: journal.description,
      entries: journal.entries,
      createdBy: journal.createdBy,
    });
    return id;
  }

  /** createInvoice: every line of a shipped shipment, CNY at rate 1, due by the customer's terms. */
  issueInvoice(shipment: Shipment, invoiceDate: string, createdBy: number | null): Invoice {
    const customer = shipment.order.customer;
    const allocations = [...shipment.allocations].sort((a, b) => a.shipmentLineId - b.shipmentLineId);
    const amounts = computeInvoiceAmounts(
      allocations.map((a) => ({
        quantity: a.quantity,
        unitPrice: a.line.unitPrice,
        discountRate: a.line.discountRate,
        vatRate: a.line.vatRate,
        unitCostFen: a.lot.unitCostFen,
      })),
      '1',
    );
    const gross = amounts.net + amounts.tax;
    const invoice: Invoice = {
      id: this.invoices.length + 1,
      number: this.numbers.next('INV', invoiceDate),
      customer,
      shipment,
      invoiceDate,
      dueDate: dueDateFor(invoiceDate, customer.paymentTermsDays),
      status: gross === 0 ? 'paid' : 'open',
      net: amounts.net,
      tax: amounts.tax,
      netCny: amounts.netCny,
      taxCny: amounts.taxCny,
      costCny: amounts.costCny,
      paid: 0,
      credited: 0,
      writtenOff: 0,
      open: gross,
      openCny: amounts.grossCny,
      journalId: null,
      createdBy,
      version: 1,
      lines: [],
    };
    invoice.lines = allocations.map((allocation, i): InvoiceLine => {
      const line: InvoiceLine = {
        id: ++this.invoiceLineCount,
        lineNo: i + 1,
        invoice,
        allocation,
        net: amounts.lines[i]!.net,
        tax: amounts.lines[i]!.tax,
        netCny: amounts.lines[i]!.netCny,
        taxCny: amounts.lines[i]!.taxCny,
        costCny: amounts.lineCosts[i]!,
        creditedQuantity: 0,
        creditedNet: 0,
        creditedTax: 0,
      };
      allocation.invoiceLine = line;
      return line;
    });
    this.invoices.push(invoice);
    shipment.invoice = invoice;
    invoice.journalId = this.post({
      date: invoiceDate,
      sourceType: 'invoice',
      sourceTable: 'invoices',
      sourceId: invoice.id,
      documentNumber: invoice.number,
      description: `销售发票 ${invoice.number}`,
      entries: invoiceEntries(customer.id, { netCny: amounts.netCny, taxCny: amounts.taxCny }),
      createdBy,
    });
    if (invoice.open > 0) {
      const open = this.open.get(customer.id);
      if (open) open.push(invoice);
      else this.open.set(customer.id, [invoice]);
    }
    return invoice;
  }

  private settle(invoice: Invoice, change: { paid: number; credited: number; writtenOff: number }) {
    const gross = invoice.net + invoice.tax;
    const open = invoice.open - change.paid - change.credited - change.writtenOff;
    if (open < 0) throw new Error(`invoice ${invoice.number} would be over-settled`);
    invoice.paid += change.paid;
    invoice.credited += change.credited;
    invoice.writtenOff += change.writtenOff;
    invoice.openCny = openCny(gross - open, gross, invoice.netCny + invoice.taxCny);
    invoice.status = invoiceStatusFor({
      grossAmount: gross,
      openAmount: open,
      writtenOffAmount: invoice.writtenOff,
    });
    invoice.open = open;
    invoice.version++;
    if (open === 0) {
      const list = this.openInvoicesOf(invoice.customer.id);
      list.splice(list.indexOf(invoice), 1);
    }
  }

  /** applyAllocations: settlements, the source's remaining amount and one allocation journal. */
  private applyAllocations(
    source: Source,
    plan: readonly PlannedAllocation[],
    byId: ReadonlyMap<number, Invoice>,
    allocatedOn: string,
    isAutomatic: boolean,
    createdBy: number | null,
  ): void {
    if (plan.length === 0) return;
    const open = new Map([...byId].map(([id, invoice]) => [id, asOpenInvoice(invoice)]));
    const priced = priceAllocations(source, plan, open);
    const isPayment = source.kind === 'payment';
    for (const p of priced) {
      this.settle(byId.get(p.invoiceId)!, {
        paid: isPayment ? p.amount : 0,
        credited: isPayment ? 0 : p.amount,
        writtenOff: 0,
      });
    }
    const total = priced.reduce((sum, p) => sum + p.amount, 0);
    const allocatedAfter = source.amount - source.unallocatedAmount + total;
    source.apply(total, openCny(allocatedAfter, source.amount, source.amountCnyFen));
    const numbers = priced.map((p) => byId.get(p.invoiceId)!.number).join(', ');
    const journalId = this.post({
      date: allocatedOn,
      sourceType: 'allocation',
      sourceTable: isPayment ? 'payments' : 'credit_notes',
      sourceId: source.id,
      documentNumber: source.number,
      description: `${source.number} 核销 ${numbers}`,
      entries: allocationEntries(source.customer.id, source.kind, {
        sourceCny: priced.reduce((sum, p) => sum + p.sourceCny, 0),
        invoiceCny: priced.reduce((sum, p) => sum + p.invoiceCny, 0),
      }),
      createdBy,
    });
    for (const p of priced) {
      this.settlements.push({
        id: this.settlements.length + 1,
        paymentId: isPayment ? source.id : null,
        creditNoteId: isPayment ? null : source.id,
        invoice: byId.get(p.invoiceId)!,
        amount: p.amount,
        sourceCny: p.sourceCny,
        invoiceCny: p.invoiceCny,
        allocatedOn,
        isAutomatic,
        journalId,
        createdBy,
      });
    }
  }

  /**
   * createPayment (+ allocation): `allocations` 'auto' pays the oldest due invoices first;
   * a list pays exactly those amounts (checked like an explicit allocation request).
   */
  receivePayment(input: {
    customer: WorldCustomer;
    method: Payment['method'];
    receivedDate: string;
    reference: string;
    maturityDate: string | null;
    amount: number;
    allocations: 'auto' | PlannedAllocation[];
    createdBy: number | null;
  }): Payment {
    const amountCny = convertToCny([input.amount], RATE8_SCALE).total;
    const payment: Payment = {
      id: this.payments.length + 1,
      number: this.numbers.next('PMT', input.receivedDate),
      customer: input.customer,
      method: input.method,
      receivedDate: input.receivedDate,
      reference: input.reference,
      maturityDate: input.maturityDate,
      amount: input.amount,
      amountCny,
      allocated: 0,
      unallocatedCny: amountCny,
      journalId: null,
      createdBy: input.createdBy,
    };
    this.payments.push(payment);
    payment.journalId = this.post({
      date: input.receivedDate,
      sourceType: 'payment',
      sourceTable: 'payments',
      sourceId: payment.id,
      documentNumber: payment.number,
      description: `收款 ${payment.number}（${input.reference}）`,
      entries: paymentEntries(input.customer.id, input.method, amountCny),
      createdBy: input.createdBy,
    });
    const source: Source = {
      kind: 'payment',
      id: payment.id,
      customer: input.customer,
      number: payment.number,
      currency: 'CNY',
      date: payment.receivedDate,
      amount: payment.amount,
      amountCnyFen: amountCny,
      unallocatedAmount: payment.amount - payment.allocated,
      apply: (amount, unallocatedCny) => {
        payment.allocated += amount;
        payment.unallocatedCny = unallocatedCny;
      },
    };
    const locked = [...this.openInvoicesOf(input.customer.id)];
    const byId = new Map(locked.map((i) => [i.id, i]));
    let plan: PlannedAllocation[];
    if (input.allocations === 'auto') {
      plan = planAutomaticAllocation(source, locked.map(asOpenInvoice), input.receivedDate);
    } else {
      checkRequestedAllocations(
        source,
        input.allocations,
        new Map(locked.map((i) => [i.id, asOpenInvoice(i)])),
        input.receivedDate,
        'zh-CN',
      );
      plan = input.allocations;
    }
    this.applyAllocations(
      source,
      plan,
      byId,
      input.receivedDate,
      input.allocations === 'auto',
      input.createdBy,
    );
    return payment;
  }

  /** issueCreditNote: credits the lines, posts the reversal, applies it to its own invoice. */
  issueCreditNote(input: {
    invoice: Invoice;
    creditDate: string;
    reason: string;
    kind: CreditNote['kind'];
    returnId: number | null;
    lines: ({ line: InvoiceLine } & CreditRequest)[];
    createdBy: number | null;
  }): CreditNote {
    const { invoice } = input;
    const credits = input.lines.map((r) => {
      const line = r.line;
      const creditable: CreditableLine = {
        id: line.id,
        lineNo: line.lineNo,
        quantity: line.allocation.quantity,
        netAmount: line.net,
        taxAmount: line.tax,
        netCnyFen: line.netCny,
        taxCnyFen: line.taxCny,
        costCnyFen: line.costCny,
        vatRate: line.allocation.line.vatRate,
        creditedQuantity: line.creditedQuantity,
        creditedNetAmount: line.creditedNet,
        creditedTaxAmount: line.creditedTax,
      };
      const request: CreditRequest =
        r.quantity !== undefined ? { quantity: r.quantity } : { netAmount: r.netAmount };
      return { line, credit: creditLine(creditable, request, input.kind, 'CNY') };
    });
    const sum = (pick: (c: (typeof credits)[number]['credit']) => number) =>
      credits.reduce((total, c) => total + pick(c.credit), 0);
    const note: CreditNote = {
      id: this.creditNotes.length + 1,
      number: this.numbers.next('CN', input.creditDate),
      invoice,
      kind: input.kind,
      returnId: input.returnId,
      creditDate: input.creditDate,
      reason: input.reason,
      net: sum((c) => c.net),
      tax: sum((c) => c.tax),
      netCny: sum((c) => c.netCny),
      taxCny: sum((c) => c.taxCny),
      costCny: sum((c) => c.costCny),
      applied: 0,
      open: 0,
      openCny: 0,
      journalId: null,
      createdBy: input.createdBy,
      lines: credits.map(({ line, credit }, i) => ({
        id: ++this.creditNoteLineCount,
        lineNo: i + 1,
        invoiceLine: line,
        quantity: credit.quantity,
        net: credit.net,
        tax: credit.tax,
        netCny: credit.netCny,
        taxCny: credit.taxCny,
        costCny: credit.costCny,
      })),
    };
    note.open = note.net + note.tax;
    note.openCny = note.netCny + note.taxCny;
    for (const { line, credit } of credits) {
      line.creditedQuantity += credit.quantity;
      line.creditedNet += credit.net;
      line.creditedTax += credit.tax;
    }
    this.creditNotes.push(note);
    note.journalId = this.post({
      date: input.creditDate,
      sourceType: 'credit_note',
      sourceTable: 'credit_notes',
      sourceId: note.id,
      documentNumber: note.number,
      description: `红字发票 ${note.number}（冲 ${invoice.number}）`,
      entries: creditNoteEntries(invoice.customer.id, input.kind, {
        netCny: note.netCny,
        taxCny: note.taxCny,
      }),
      createdBy: input.createdBy,
    });
    if (invoice.open > 0) {
      const source: Source = {
        kind: 'credit_note',
        id: note.id,
        customer: invoice.customer,
        number: note.number,
        currency: 'CNY',
        date: note.creditDate,
        amount: note.net + note.tax,
        amountCnyFen: note.netCny + note.taxCny,
        unallocatedAmount: note.open,
        apply: (amount, unallocatedCny) => {
          note.applied += amount;
          note.open -= amount;
          note.openCny = unallocatedCny;
        },
      };
      const amount = Math.min(source.unallocatedAmount, invoice.open);
      this.applyAllocations(
        source,
        [{ invoiceId: invoice.id, amount }],
        new Map([[invoice.id, invoice]]),
        input.creditDate,
        true,
        input.createdBy,
      );
    }
    return note;
  }

  /** requestWriteOff + approveWriteOff of what is open on an invoice. */
  writeOff(input: {
    invoice: Invoice;
    reason: string;
    requestedBy: number;
    requestedOn: string;
    decidedBy: number;
    decidedOn: string;
  }): WriteOff {
    const { invoice } = input;
    const gross = invoice.net + invoice.tax;
    const amount = invoice.open;
    const settledBefore = gross - invoice.open;
    const amountCny = cnyOfStep(settledBefore, amount, gross, invoice.netCny + invoice.taxCny);
    const writtenOffOn = laterDate(input.decidedOn, invoice.invoiceDate);
    const number = this.numbers.next('WO', input.requestedOn);
    this.settle(invoice, { paid: 0, credited: 0, writtenOff: amount });
    const id = this.writeOffs.length + 1;
    const journalId = this.post({
      date: writtenOffOn,
      sourceType: 'write_off',
      sourceTable: 'write_offs',
      sourceId: id,
      documentNumber: number,
      description: `坏账核销 ${number}（${invoice.number}）`,
      entries: writeOffEntries(invoice.customer.id, amountCny),
      createdBy: input.decidedBy,
    })!;
    const writeOff: WriteOff = {
      id,
      number,
      invoice,
      amount,
      amountCny,
      reason: input.reason,
      requestedBy: input.requestedBy,
      requestedOn: input.requestedOn,
      decidedBy: input.decidedBy,
      writtenOffOn,
      journalId,
    };
    this.writeOffs.push(writeOff);
    return writeOff;
  }
}

export type { Entry };
