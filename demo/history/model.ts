/**
 * The history's documents in memory, in their final state (what the tables hold at the demo's
 * "today"). Ids are local (1…n per table, in creation order); the writer adds each table's id
 * offset. References to master data (customers, products, warehouses, users) are real ids.
 */

import type { PriceSource } from '../../contracts/pricing.ts';
import type { OrderStatus } from '../../contracts/sales.ts';
import type { Entry } from '../../server/modules/finance/ledger/ledger.rules.ts';
import type { PaymentHabit } from './demand.ts';
import type { Lot } from './stock.ts';
import type { WorldCustomer, WorldProduct } from './world.ts';

export interface PurchaseOrder {
  id: number;
  number: string;
  supplierId: number;
  warehouseId: number;
  orderDate: string;
  expectedDate: string;
  status: 'draft' | 'confirmed' | 'partially_received' | 'received' | 'cancelled';
  createdBy: number | null;
  lines: PurchaseOrderLine[];
}

export interface PurchaseOrderLine {
  id: number;
  lineNo: number;
  product: WorldProduct;
  quantity: number;
  unitPrice: number;
  receivedQuantity: number;
}

export interface Receipt {
  id: number;
  number: string;
  purchaseOrder: PurchaseOrder;
  arrivalDate: string;
  receivedBy: number | null;
  lines: ReceiptLine[];
}

export interface ReceiptLine {
  id: number;
  poLine: PurchaseOrderLine;
  lot: Lot;
  received: number;
  accepted: number;
  rejected: number;
  inspector: string;
  scannedUdi: string | null;
}

export interface SalesOrder {
  id: number;
  number: string;
  customer: WorldCustomer;
  contractId: number | null;
  orderDate: string;
  promisedDate: string;
  status: OrderStatus;
  acceptPartial: boolean;
  net: number;
  tax: number;
  netCny: number;
  taxCny: number;
  createdBy: number | null;
  /** How many times the row was changed (version starts at 1). */
  version: number;
  lines: OrderLine[];
  allocations: Allocation[];
  shipments: Shipment[];
  approvedBy: number | null;
}

export interface OrderLine {
  id: number;
  lineNo: number;
  order: SalesOrder;
  product: WorldProduct;
  quantity: number;
  priceSource: Exclude<PriceSource, 'manual'>;
  /** Local id of the price list or contract. */
  priceReferenceId: number | null;
  unitPrice: number;
  discountRate: string;
  vatRate: string;
  net: number;
  tax: number;
  netCny: number;
  taxCny: number;
  floorPriceFen: number | null;
  allocated: number;
  /** What the confirmation allocated, before any backorder was served (first_allocated_quantity). */
  firstAllocated: number;
  backordered: number;
  shipped: number;
}

/** An allocation, its shipment line once picked and its invoice line once invoiced (1:1:1). */
export interface Allocation {
  id: number;
  line: OrderLine;
  warehouseId: number;
  lot: Lot;
  quantity: number;
  status: 'reserved' | 'shipped' | 'released';
  shipment: Shipment | null;
  shipmentLineId: number;
  scanned: number;
  /** Serial-tracked products: the serials scanned and shipped. */
  serials: string[];
  invoiceLine: InvoiceLine | null;
}

export interface Shipment {
  id: number;
  number: string;
  order: SalesOrder;
  status: 'picking' | 'shipped' | 'delivered' | 'cancelled';
  createdOn: string;
  shippedOn: string | null;
  deliveredOn: string | null;
  createdBy: number | null;
  shippedBy: number | null;
  version: number;
  allocations: Allocation[];
  invoice: Invoice | null;
}

export interface InvoiceLine {
  id: number;
  lineNo: number;
  invoice: Invoice;
  allocation: Allocation;
  net: number;
  tax: number;
  netCny: number;
  taxCny: number;
  costCny: number;
  creditedQuantity: number;
  creditedNet: number;
  creditedTax: number;
}

export interface Invoice {
  id: number;
  number: string;
  customer: WorldCustomer;
  shipment: Shipment;
  invoiceDate: string;
  dueDate: string;
  status: 'open' | 'partially_paid' | 'paid' | 'written_off';
  net: number;
  tax: number;
  netCny: number;
  taxCny: number;
  costCny: number;
  paid: number;
  credited: number;
  writtenOff: number;
  open: number;
  openCny: number;
  journalId: number | null;
  createdBy: number | null;
  version: number;
  lines: InvoiceLine[];
}

export interface Payment {
  id: number;
  number: string;
  customer: WorldCustomer;
  method: 'bank_transfer' | 'acceptance_bill' | 'cash';
  receivedDate: string;
  reference: string;
  maturityDate: string | null;
  amount: number;
  amountCny: number;
  allocated: number;
  unallocatedCny: number;
  journalId: number | null;
  createdBy: number | null;
}

export interface CreditNote {
  id: number;
  number: string;
  invoice: Invoice;
  kind: 'adjustment' | 'return';
  returnId: number | null;
  creditDate: string;
  reason: string;
  net: number;
  tax: number;
  netCny: number;
  taxCny: number;
  costCny: number;
  applied: number;
  open: number;
  openCny: number;
  journalId: number | null;
  createdBy: number | null;
  lines: {
    id: number;
    lineNo: number;
    invoiceLine: InvoiceLine;
    quantity: number;
    net: number;
    tax: number;
    netCny: number;
    taxCny: number;
    costCny: number;
  }[];
}

/** A settlement of an invoice by a payment or a credit note (the `allocations` table). */
export interface Settlement {
  id: number;
  paymentId: number | null;
  creditNoteId: number | null;
  invoice: Invoice;
  amount: number;
  sourceCny: number;
  invoiceCny: number;
  allocatedOn: string;
  isAutomatic: boolean;
  journalId: number | null;
  createdBy: number | null;
}

export interface WriteOff {
  id: number;
  number: string;
  invoice: Invoice;
  amount: number;
  amountCny: number;
  reason: string;
  requestedBy: number;
  requestedOn: string;
  decidedBy: number;
  writtenOffOn: string;
  journalId: number;
}

export interface SalesReturn {
  id: number;
  number: string;
  shipment: Shipment;
  returnDate: string;
  reason: string;
  status: 'awaiting_inspection' | 'inspected';
  inspectedOn: string | null;
  inspectedBy: number | null;
  createdBy: number | null;
  lines: {
    id: number;
    lineNo: number;
    allocation: Allocation;
    quantity: number;
    accepted: number | null;
    rejected: number | null;
  }[];
}

export interface Journal {
  id: number;
  date: string;
  sourceType: 'invoice' | 'credit_note' | 'payment' | 'allocation' | 'write_off';
  /** Local id of the source document (its table follows from sourceType). */
  sourceId: number;
  /** For allocation journals: whether the source is a payment or a credit note. */
  sourceTable: 'invoices' | 'credit_notes' | 'payments' | 'write_offs';
  documentNumber: string;
  description: string;
  entries: Entry[];
  createdBy: number | null;
}

export interface CustomerAccount {
  customer: WorldCustomer;
  habit: PaymentHabit;
  paymentDay: number;
  billShare: number;
  /** Invoices with something open, oldest first. */
  openInvoices: Invoice[];
}
