import { z } from 'zod';
import { calendarDate } from './catalog.ts';
import { listQuery, pageOf } from './common.ts';
import { grades } from './credit.ts';

/**
 * Collections (DOMAIN §4 "Collection reminders", issue #6): the worklist of customers with
 * receivables due or overdue, the reminder step each one is due for, and the log of collection
 * contacts with their promises to pay. Amounts are integer CNY fen.
 */

export const reminderSteps = ['gentle', 'reminder', 'call', 'escalation'] as const;
export type ReminderStep = (typeof reminderSteps)[number];
export const contactChannels = ['phone', 'visit', 'email', 'wechat', 'letter'] as const;
export type ContactChannel = (typeof contactChannels)[number];
export const promiseStatuses = ['open', 'kept', 'broken'] as const;

const fen = z.number().int().min(1).max(1_000_000_000_000);

export const collectionContact = z
  .object({
    id: z.number().int(),
    customerId: z.number().int(),
    contactedOn: z.string(),
    channel: z.enum(contactChannels),
    contactPerson: z.string(),
    note: z.string().nullable(),
    invoiceId: z.number().int().nullable(),
    invoiceNumber: z.string().nullable(),
    promisedOn: z.string().nullable().describe('The date the customer promised to pay by'),
    promisedFen: z.number().int().nullable(),
    promiseStatus: z.enum(promiseStatuses).nullable().describe('Null when no promise was made'),
    loggedByName: z.string(),
    loggedAt: z.string(),
  })
  .meta({ id: 'CollectionContact' });
export type CollectionContact = z.infer<typeof collectionContact>;

export const createCollectionContact = z
  .strictObject({
    contactedOn: calendarDate.describe('Not in the future'),
    channel: z.enum(contactChannels),
    contactPerson: z.string().trim().min(1).max(100),
    note: z.string().trim().max(2000).nullable().optional(),
    invoiceId: z
      .number()
      .int()
      .positive()
      .nullable()
      .optional()
      .describe("One of the customer's open invoices"),
    promisedOn: calendarDate.nullable().optional().describe('On or after the contact date'),
    promisedFen: fen.nullable().optional(),
  })
  .refine((v) => (v.promisedOn == null) === (v.promisedFen == null), {
    message: 'a promise to pay needs both a date and an amount',
    path: ['promisedFen'],
  });
export type CreateCollectionContact = z.output<typeof createCollectionContact>;

export const collectionWorkItem = z
  .object({
    customerId: z.number().int(),
    customerCode: z.string(),
    customerName: z.string(),
    customerType: z.string(),
    regionName: z.string(),
    ownerRepName: z.string().nullable(),
    grade: z.enum(grades).nullable().describe('Null when the customer is not rated yet'),
    openFen: z.number().int().describe('All open invoices'),
    overdueFen: z.number().int().describe('Open invoices past their due date'),
    daysPastDue: z
      .number()
      .int()
      .describe('As-of − due date of the oldest open invoice; negative when nothing is overdue yet'),
    nextDueDate: z.string(),
    step: z.enum(reminderSteps),
    ordersNeedApproval: z.boolean().describe('Grades C–E more than 60 days late: new orders go to approval'),
    paymentTermsDays: z.number().int(),
    isHospitalTermsTooLong: z.boolean().describe('A hospital with payment terms above 60 days'),
    lastContact: collectionContact.nullable(),
    openPromise: collectionContact.nullable(),
  })
  .meta({ id: 'CollectionWorkItem' });
export type CollectionWorkItem = z.infer<typeof collectionWorkItem>;

export const collectionWorklistQuery = listQuery.extend({
  step: z.enum(reminderSteps).optional(),
});
export type CollectionWorklistQuery = z.output<typeof collectionWorklistQuery>;
export const collectionWorklist = pageOf(collectionWorkItem).extend({
  asOf: z.string(),
});
export type CollectionWorklist = z.infer<typeof collectionWorklist>;

export const collectionContactList = z.object({ items: z.array(collectionContact) });
