import { z } from 'zod';
import type { roles } from './auth.ts';
import { calendarDate } from './catalog.ts';
import { pageOf } from './common.ts';
import { grades } from './credit.ts';
import { customerTypes } from './customers.ts';

/**
 * Workflow (SPEC §2.6, DOMAIN §5): approval policies as versioned data, approvals and their
 * timeline, the task inbox, notifications, out-of-office delegations, automation rules and
 * outgoing webhooks. Amounts are integer CNY fen including VAT; discounts are fractions
 * (0.15 = 15 %); instants are ISO 8601 strings; business dates are YYYY-MM-DD.
 */

export const documentTypes = [
  'contract',
  'sales_order',
  'discount',
  'credit_limit_change',
  'credit_decision',
  'write_off',
  'price_below_floor',
  'purchase_order',
  'replenishment',
  'rebate_settlement',
] as const;
export type DocumentType = (typeof documentTypes)[number];

export const approvalStatuses = ['pending', 'approved', 'rejected', 'returned', 'withdrawn'] as const;
export type ApprovalStatus = (typeof approvalStatuses)[number];
export const stepModes = ['single', 'all_of', 'any_of', 'n_of_m'] as const;
export type StepMode = (typeof stepModes)[number];
export const taskKinds = ['approval', 'follow_up', 'collection', 'compliance', 'review'] as const;
export type TaskKind = (typeof taskKinds)[number];

/** Roles that can approve (a distributor user is outside the company). */
export const approverRoles = [
  'admin',
  'sales_rep',
  'regional_manager',
  'sales_director',
  'general_manager',
  'finance',
  'finance_director',
  'warehouse',
  'quality',
  'marketing',
  'legal',
] as const satisfies readonly (typeof roles)[number][];
export type ApproverRole = (typeof approverRoles)[number];
const approverRole = z.enum(approverRoles);

const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const fen = z.number().int().min(0).max(9_000_000_000_000_000);
const fraction = z.number().min(0).max(1);
const comment = z.string().trim().max(1000);
const versionField = z.number().int().describe('The version you read; a stale version is refused with 409');

// ---------------------------------------------------------------------------------------
// Policies

const fenBound = z.strictObject({ value: fen, inclusive: z.boolean() });
const fractionBound = z.strictObject({ value: fraction, inclusive: z.boolean() });

/** One test on the document; a rule applies when all of its conditions hold. */
export const policyCondition = z.discriminatedUnion('field', [
  z
    .strictObject({ field: z.literal('amount'), min: fenBound.nullable(), max: fenBound.nullable() })
    .describe('Amount incl. VAT in fen within the bounds (each inclusive or exclusive; null = open)'),
  z
    .strictObject({
      field: z.literal('discount'),
      min: fractionBound.nullable(),
      max: fractionBound.nullable(),
    })
    .describe('Discount (a fraction) within the bounds'),
  z.strictObject({ field: z.literal('creditGrade'), in: z.array(z.enum(grades)).min(1) }),
  z
    .strictObject({ field: z.literal('productClass'), in: z.array(z.number().int().min(1).max(3)).min(1) })
    .describe('The document holds a product of one of these device classes'),
  z.strictObject({ field: z.literal('customerType'), in: z.array(z.enum(customerTypes)).min(1) }),
  z
    .strictObject({ field: z.literal('region'), in: z.array(id).min(1).max(100) })
    .describe("The document's region is one of these or below one of them"),
  z
    .strictObject({ field: z.literal('tag'), in: z.array(z.string().trim().min(1).max(60)).min(1).max(20) })
    .describe('The document carries one of these tags (set by the module, e.g. approver:regional_manager)'),
]);
export type PolicyCondition = z.infer<typeof policyCondition>;

export const approverSpec = z.discriminatedUnion('kind', [
  z
    .strictObject({ kind: z.literal('role'), role: approverRole, scope: z.enum(['region', 'company']) })
    .describe("People holding the role: in the document's region (or above it), or anywhere in the company"),
  z.strictObject({ kind: z.literal('user'), userId: id }),
]);
export type ApproverSpec = z.infer<typeof approverSpec>;

export const policyStep = z
  .strictObject({
    name: z.string().trim().max(100).default(''),
    mode: z.enum(stepModes),
    /** For n_of_m: how many approvers must approve. */
    required: z.number().int().min(1).max(20).nullable().default(null),
    approvers: z.array(approverSpec).min(1).max(20),
  })
  .superRefine((step, ctx) => {
    if (step.mode === 'single' && step.approvers.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        message: 'a single step has exactly one approver',
        path: ['approvers'],
      });
    }
    if (step.mode === 'n_of_m' && (step.required === null || step.required > step.approvers.length)) {
      ctx.addIssue({
        code: 'custom',
        message: 'an N-of-M step needs N between 1 and the number of approvers',
        path: ['required'],
      });
    }
  });
export type PolicyStep = z.infer<typeof policyStep>;

export const policyRule = z.strictObject({
  name: z.string().trim().min(1).max(100),
  conditions: z.array(policyCondition).max(10),
  /** Sequential steps; none means the document needs no approval. */
  steps: z.array(policyStep).max(10),
});
export type PolicyRule = z.infer<typeof policyRule>;

export const policyDefinition = z.strictObject({
  rules: z
    .array(policyRule)
    .min(1)
    .max(30)
    .describe('Tried in order; the first whose conditions all hold applies'),
  reminderHours: z.number().int().min(1).max(8760).describe('An open step reminds its approvers after this'),
  escalationHours: z
    .number()
    .int()
    .min(1)
    .max(8760)
    .describe("…and escalates to the approver's manager after this"),
  allowAddSigner: z.boolean().describe('Approvers may add a signer (加签) after their step'),
});
export type PolicyDefinition = z.infer<typeof policyDefinition>;

export const person = z.object({ id: z.number().int(), displayName: z.string() });
export type Person = z.infer<typeof person>;

export const approvalPolicy = z
  .object({
    id: z.number().int(),
    documentType: z.enum(documentTypes),
    version: z.number().int(),
    definition: policyDefinition,
    note: z.string().nullable(),
    createdBy: person.nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'ApprovalPolicy' });
export type ApprovalPolicy = z.infer<typeof approvalPolicy>;

export const approvalPolicyList = z.object({ items: z.array(approvalPolicy) });
export const approvalPolicyVersions = z.object({
  items: z.array(
    approvalPolicy.pick({ id: true, version: true, note: true, createdBy: true, createdAt: true }),
  ),
});
export const documentTypeParam = z.strictObject({ documentType: z.enum(documentTypes) });

export const savePolicyRequest = z.strictObject({
  definition: policyDefinition,
  note: z.string().trim().max(500).nullable().default(null),
  baseVersion: versionField.describe('The version you edited; another edit since then is refused with 409'),
});
export type SavePolicyRequest = z.output<typeof savePolicyRequest>;

/** What a policy routes on; the same shape an approval records. */
export const documentAttributes = z.strictObject({
  discount: fraction.nullable().optional(),
  creditGrade: z.enum(grades).nullable().optional(),
  productClasses: z.array(z.number().int().min(1).max(3)).max(3).optional(),
  customerType: z.enum(customerTypes).nullable().optional(),
  tags: z.array(z.string().trim().min(1).max(60)).max(20).optional(),
});
export type DocumentAttributes = z.infer<typeof documentAttributes>;

export const testPolicyRequest = z.strictObject({
  definition: policyDefinition
    .optional()
    .describe('An unsaved definition to try; the current one when absent'),
  amountFen: fen.nullable().default(null),
  regionId: id.nullable().default(null),
  initiatorId: id.nullable().default(null).describe('Who would start it (excluded from the approvers)'),
  attributes: documentAttributes.default({}),
});
export type TestPolicyRequest = z.output<typeof testPolicyRequest>;

export const resolvedApprover = z.object({
  approver: approverSpec,
  people: z.array(person),
  /** True when nobody matched and the initiator's manager stands in. */
  isFallback: z.boolean(),
});
export const testPolicyResponse = z.object({
  matched: z.boolean(),
  ruleIndex: z.number().int().nullable(),
  ruleName: z.string().nullable(),
  steps: z.array(
    z.object({
      name: z.string(),
      mode: z.enum(stepModes),
      required: z.number().int(),
      approvers: z.array(resolvedApprover),
    }),
  ),
});
export type TestPolicyResponse = z.infer<typeof testPolicyResponse>;

// ---------------------------------------------------------------------------------------
// Approvals

export const startApprovalRequest = z.strictObject({
  documentType: z.enum(documentTypes),
  documentId: id,
  documentRef: z.string().trim().min(1).max(100).describe('What people see, e.g. the contract number'),
  title: z.string().trim().max(200).nullable().default(null),
  amountFen: fen.nullable().default(null).describe('Amount incl. VAT in CNY fen'),
  regionId: id,
  customerId: id.nullable().default(null),
  attributes: documentAttributes.default({}),
});
export type StartApprovalRequest = z.output<typeof startApprovalRequest>;

export const decisionRequest = z.strictObject({ comment: comment.default('') });
export const rejectRequest = z.strictObject({ comment: comment.min(2).describe('Why (required)') });
export const addSignerRequest = z.strictObject({ userId: id, comment: comment.default('') });
export const resubmitRequest = z.strictObject({
  amountFen: fen.nullable().optional(),
  attributes: documentAttributes.optional(),
  comment: comment.default(''),
});
export type ResubmitRequest = z.output<typeof resubmitRequest>;

export const approvalSlot = z.object({
  id: z.number().int(),
  approver: approverSpec,
  status: z.enum(['open', 'approved', 'rejected', 'returned', 'cancelled']),
  assignees: z.array(person),
  decidedBy: person.nullable(),
  onBehalfOf: person.nullable(),
  decidedAt: z.string().nullable(),
  comment: z.string().nullable(),
});
export const approvalStep = z.object({
  id: z.number().int(),
  position: z.number().int(),
  name: z.string().nullable(),
  mode: z.enum(stepModes),
  required: z.number().int(),
  status: z.enum(['waiting', 'active', 'approved', 'rejected', 'returned', 'cancelled']),
  addedBy: person.nullable(),
  activatedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  slots: z.array(approvalSlot),
});
export const timelineEntry = z.object({
  id: z.number().int(),
  action: z.enum([
    'start',
    'approve',
    'reject',
    'return',
    'withdraw',
    'add_signer',
    'remind',
    'escalate',
    'complete',
    'assign',
  ]),
  actor: person.nullable(),
  onBehalfOf: person.nullable(),
  target: person.nullable(),
  comment: z.string().nullable(),
  at: z.string(),
  stepPosition: z.number().int().nullable(),
});
export const approval = z
  .object({
    id: z.number().int(),
    documentType: z.enum(documentTypes),
    documentId: z.number().int(),
    documentRef: z.string(),
    title: z.string().nullable(),
    status: z.enum(approvalStatuses),
    amountFen: z.number().int().nullable(),
    regionId: z.number().int().nullable(),
    regionName: z.string().nullable(),
    customerId: z.number().int().nullable(),
    customerName: z.string().nullable(),
    attributes: documentAttributes,
    policyVersion: z.number().int(),
    ruleName: z.string().nullable(),
    /** Null when the system started it (an automation rule). */
    initiator: person.nullable(),
    round: z.number().int(),
    startedAt: z.string(),
    finishedAt: z.string().nullable(),
    steps: z.array(approvalStep),
    timeline: z.array(timelineEntry),
    /** What the caller may do now. */
    can: z.object({
      approve: z.boolean(),
      withdraw: z.boolean(),
      addSigner: z.boolean(),
      resubmit: z.boolean(),
    }),
  })
  .meta({ id: 'Approval' });
export type Approval = z.infer<typeof approval>;

export const approvalQuery = z.strictObject({
  documentType: z.enum(documentTypes).optional(),
  documentId: z.coerce.number().int().positive().optional(),
  mine: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional()
    .describe('Only approvals I started'),
  status: z.enum(approvalStatuses).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).default(50),
});
export type ApprovalQuery = z.output<typeof approvalQuery>;
export const approvalSummary = approval.pick({
  id: true,
  documentType: true,
  documentId: true,
  documentRef: true,
  title: true,
  status: true,
  amountFen: true,
  initiator: true,
  round: true,
  startedAt: true,
  finishedAt: true,
});
export const approvalPage = pageOf(approvalSummary);

// ---------------------------------------------------------------------------------------
// Tasks, notifications, delegations

export const task = z
  .object({
    id: z.number().int(),
    kind: z.enum(taskKinds),
    status: z.enum(['open', 'done', 'cancelled']),
    title: z.string(),
    detail: z.string().nullable(),
    link: z.string().nullable(),
    documentType: z.string().nullable(),
    documentId: z.number().int().nullable(),
    documentRef: z.string().nullable(),
    approvalId: z.number().int().nullable(),
    amountFen: z.number().int().nullable(),
    initiator: person.nullable(),
    stepName: z.string().nullable(),
    assignee: person,
    /** Set when the task is someone else's and the caller sees it as their delegate. */
    delegatedFrom: person.nullable(),
    isEscalation: z.boolean(),
    dueAt: z.string().nullable(),
    isOverdue: z.boolean(),
    createdAt: z.string(),
    completedAt: z.string().nullable(),
  })
  .meta({ id: 'Task' });
export type Task = z.infer<typeof task>;
export const taskQuery = z.strictObject({
  status: z.enum(['open', 'done', 'all']).default('open'),
  kind: z.enum(taskKinds).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).default(50),
});
export type TaskQuery = z.output<typeof taskQuery>;
export const taskPage = pageOf(task);

export const createTaskRequest = z.strictObject({
  kind: z.enum(['follow_up', 'collection', 'compliance', 'review']),
  assigneeId: id,
  title: z.string().trim().min(2).max(200),
  detail: z.string().trim().max(2000).nullable().default(null),
  dueOn: calendarDate.nullable().default(null),
  link: z
    .string()
    .trim()
    .max(300)
    .regex(/^\/[^/\\]/, 'a path inside Pulse, starting with /')
    .nullable()
    .default(null),
});
export type CreateTaskRequest = z.output<typeof createTaskRequest>;

export const workflowCounts = z.object({
  openTasks: z.number().int(),
  openApprovals: z.number().int(),
  overdueTasks: z.number().int(),
  unreadNotifications: z.number().int(),
});
export type WorkflowCounts = z.infer<typeof workflowCounts>;

export const notification = z.object({
  id: z.number().int(),
  kind: z.string(),
  title: z.string(),
  body: z.string().nullable(),
  link: z.string().nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type Notification = z.infer<typeof notification>;
export const notificationQuery = z.strictObject({
  unread: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).default(20),
});
export const notificationPage = pageOf(notification);

export const delegation = z.object({
  id: z.number().int(),
  delegate: person,
  startsOn: z.string(),
  endsOn: z.string(),
  reason: z.string().nullable(),
  isActiveToday: z.boolean(),
});
export type Delegation = z.infer<typeof delegation>;
export const delegationList = z.object({ items: z.array(delegation) });
export const createDelegationRequest = z.strictObject({
  delegateId: id,
  startsOn: calendarDate,
  endsOn: calendarDate,
  reason: z.string().trim().max(300).nullable().default(null),
});
export type CreateDelegationRequest = z.output<typeof createDelegationRequest>;

export const peopleQuery = z.strictObject({ q: z.string().trim().max(100).optional() });
export const peopleList = z.object({
  items: z.array(person.extend({ roles: z.array(z.string()) })),
});

export const workflowSettings = z.object({
  reminderHours: z.number().int(),
  escalationHours: z.number().int(),
  version: z.number().int(),
});
export const updateWorkflowSettingsRequest = z.strictObject({
  reminderHours: z.number().int().min(1).max(8760),
  escalationHours: z.number().int().min(1).max(8760),
  version: versionField,
});

// ---------------------------------------------------------------------------------------
// Automation rules

/** Domain events a rule can react to (each is emitted by some module today). */
export const triggerEvents = [
  'price_list.changed',
  'order.confirmed',
  'credit.grade_changed',
  'approval.approved',
  'approval.rejected',
] as const;
export type TriggerEvent = (typeof triggerEvents)[number];
/** Scheduled scans a rule can run on (daily). */
export const scheduledScans = [
  'qualification_expiring',
  'certificate_expiring',
  'stock_below_reorder_point',
  'opportunity_idle',
] as const;
export type ScheduledScan = (typeof scheduledScans)[number];

export const automationTrigger = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('event'), event: z.enum(triggerEvents) }),
  z.strictObject({ kind: z.literal('schedule'), scan: z.enum(scheduledScans), every: z.literal('daily') }),
]);
export type AutomationTrigger = z.infer<typeof automationTrigger>;

/** Which of these apply depends on the trigger; unset ones do not filter. */
export const automationCondition = z.strictObject({
  withinDays: z
    .number()
    .int()
    .min(0)
    .max(365)
    .optional()
    .describe('Expiring within this many days (expiry scans)'),
  idleDays: z
    .number()
    .int()
    .min(1)
    .max(365)
    .optional()
    .describe('No activity for this many days (opportunities)'),
  minAmountFen: fen.optional().describe('Only subjects of at least this amount (opportunities)'),
  onlyDrops: z.boolean().optional().describe('Only a worse grade than before (credit grade change)'),
  toGrades: z.array(z.enum(grades)).optional().describe('Only changes to these grades'),
  documentTypes: z.array(z.enum(documentTypes)).optional().describe('Only approvals of these document types'),
});
export type AutomationCondition = z.infer<typeof automationCondition>;

export const assigneeSpec = z.discriminatedUnion('kind', [
  z
    .strictObject({ kind: z.literal('owner'), fallbackRole: approverRole.nullable() })
    .describe("The subject's owner (customer's rep, opportunity owner, initiator); else people of the role"),
  z.strictObject({ kind: z.literal('role'), role: approverRole, scope: z.enum(['region', 'company']) }),
  z.strictObject({ kind: z.literal('user'), userId: id }),
]);
export type AssigneeSpec = z.infer<typeof assigneeSpec>;

export const automationAction = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('create_task'),
    taskKind: z.enum(['follow_up', 'collection', 'compliance', 'review']),
    assignee: assigneeSpec,
    dueInHours: z.number().int().min(1).max(8760),
  }),
  z.strictObject({ type: z.literal('notify'), assignee: assigneeSpec }),
  z.strictObject({ type: z.literal('webhook'), webhookId: id }),
  z.strictObject({ type: z.literal('start_approval'), documentType: z.enum(documentTypes) }),
  z.strictObject({
    type: z.literal('draft_document'),
    documentType: z.literal('purchase_order'),
    approvalDocumentType: z.enum(documentTypes).nullable().describe('Start this approval for the draft'),
  }),
]);
export type AutomationAction = z.infer<typeof automationAction>;

export const automationRule = z
  .object({
    id: z.number().int(),
    code: z.string(),
    name: z.string(),
    nameZh: z.string(),
    nameEn: z.string(),
    trigger: automationTrigger,
    condition: automationCondition,
    action: automationAction,
    isActive: z.boolean(),
    isDefault: z.boolean(),
    version: z.number().int(),
    firedCount: z.number().int(),
    lastFiredAt: z.string().nullable(),
  })
  .meta({ id: 'AutomationRule' });
export type AutomationRule = z.infer<typeof automationRule>;
export const automationRuleList = z.object({ items: z.array(automationRule) });
export const createAutomationRuleRequest = z.strictObject({
  code: z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9_]{2,59}$/, 'lower-case letters, digits and _'),
  nameZh: z.string().trim().min(1).max(100),
  nameEn: z.string().trim().min(1).max(100),
  trigger: automationTrigger,
  condition: automationCondition.default({}),
  action: automationAction,
  isActive: z.boolean().default(true),
});
export type CreateAutomationRuleRequest = z.output<typeof createAutomationRuleRequest>;
export const updateAutomationRuleRequest = z.strictObject({
  version: versionField,
  nameZh: z.string().trim().min(1).max(100).optional(),
  nameEn: z.string().trim().min(1).max(100).optional(),
  condition: automationCondition.optional(),
  action: automationAction.optional(),
  isActive: z.boolean().optional(),
});
export type UpdateAutomationRuleRequest = z.output<typeof updateAutomationRuleRequest>;
export const automationRun = z.object({
  id: z.number().int(),
  ruleId: z.number().int(),
  ruleName: z.string(),
  subjectKey: z.string(),
  outcome: z.enum(['fired', 'failed']),
  detail: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
});
export const automationRunPage = pageOf(automationRun);
export const automationRunQuery = z.strictObject({
  ruleId: z.coerce.number().int().positive().optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).default(50),
});
export const runRuleResponse = z.object({ fired: z.number().int() });

// ---------------------------------------------------------------------------------------
// Webhooks

/** Events a webhook can subscribe to. */
export const webhookEventTypes = [
  'approval.started',
  'approval.approved',
  'approval.rejected',
  'approval.returned',
  'approval.withdrawn',
  'task.created',
  'order.confirmed',
  'order.cancelled',
  'shipment.shipped',
  'invoice.issued',
  'payment.received',
  'credit.grade_changed',
] as const;
export type WebhookEventType = (typeof webhookEventTypes)[number];

const webhookUrl = z
  .string()
  .trim()
  .max(2000)
  .describe('http(s) address of the receiver; private, loopback and link-local addresses are refused');

export const webhook = z
  .object({
    id: z.number().int(),
    name: z.string(),
    url: z.string(),
    eventTypes: z.array(z.enum(webhookEventTypes)),
    isActive: z.boolean(),
    version: z.number().int(),
    createdAt: z.string(),
    lastDelivery: z.object({ status: z.string(), at: z.string() }).nullable(),
  })
  .meta({ id: 'Webhook' });
export type Webhook = z.infer<typeof webhook>;
export const webhookWithSecret = webhook.extend({
  secret: z.string().describe('The HMAC-SHA256 key; shown only now'),
});
export const webhookList = z.object({ items: z.array(webhook) });
export const createWebhookRequest = z.strictObject({
  name: z.string().trim().min(1).max(100),
  url: webhookUrl,
  eventTypes: z.array(z.enum(webhookEventTypes)).min(1),
  isActive: z.boolean().default(true),
});
export type CreateWebhookRequest = z.output<typeof createWebhookRequest>;
export const updateWebhookRequest = z.strictObject({
  version: versionField,
  name: z.string().trim().min(1).max(100).optional(),
  url: webhookUrl.optional(),
  eventTypes: z.array(z.enum(webhookEventTypes)).min(1).optional(),
  isActive: z.boolean().optional(),
  rotateSecret: z.boolean().optional(),
});
export type UpdateWebhookRequest = z.output<typeof updateWebhookRequest>;

export const webhookDelivery = z.object({
  id: z.number().int(),
  eventType: z.string(),
  eventId: z.number().int().nullable(),
  status: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.number().int(),
  nextAttemptAt: z.string().nullable(),
  lastStatus: z.number().int().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  deliveredAt: z.string().nullable(),
  payload: z.record(z.string(), z.unknown()),
  log: z.array(
    z.object({
      attempt: z.number().int(),
      at: z.string(),
      statusCode: z.number().int().nullable(),
      error: z.string().nullable(),
      durationMs: z.number().int().nullable(),
    }),
  ),
});
export type WebhookDelivery = z.infer<typeof webhookDelivery>;
export const webhookDeliveryPage = pageOf(webhookDelivery);
export const webhookDeliveryQuery = z.strictObject({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).default(20),
});

// ---------------------------------------------------------------------------------------
// Reorder points (what the stock-under-reorder-point rule reads)

export const reorderPoint = z.object({
  warehouseId: z.number().int(),
  warehouseName: z.string(),
  productId: z.number().int(),
  sku: z.string(),
  reorderPoint: z.number().int(),
  orderQuantity: z.number().int(),
  supplierId: z.number().int(),
  supplierName: z.string(),
  unitPriceFen: z.number().int(),
  updatedAt: z.string(),
});
export const reorderPointList = z.object({ items: z.array(reorderPoint) });
export const saveReorderPointRequest = z.strictObject({
  warehouseId: id,
  productId: id,
  reorderPoint: z.number().int().min(0).max(10_000_000),
  orderQuantity: z.number().int().min(1).max(10_000_000),
  supplierId: id,
  unitPriceFen: fen.describe('CNY fen per unit on the drafted purchase order'),
});
export type SaveReorderPointRequest = z.output<typeof saveReorderPointRequest>;
export const reorderPointKey = z.strictObject({
  warehouseId: z.coerce.number().int().positive(),
  productId: z.coerce.number().int().positive(),
});
