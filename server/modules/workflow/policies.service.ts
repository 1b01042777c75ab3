/** Approval policies: the defaults, new versions by an admin, and "test this policy". */
import {
  type ApprovalPolicy,
  type DocumentType,
  documentTypes,
  type SavePolicyRequest,
  type TestPolicyRequest,
  type TestPolicyResponse,
} from '../../../contracts/workflow.ts';
import { recordAudit } from '../../platform/audit.ts';
import type { RequestContext } from '../../platform/auth-context.ts';
import { type Db, type Queryable, withTransaction } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import * as approvals from './approvals.repository.ts';
import * as repo from './policies.repository.ts';
import { defaultPolicies, requiredApprovals, selectRule } from './workflow.rules.ts';

function present(row: repo.PolicyRow): ApprovalPolicy {
  return {
    id: row.id,
    documentType: row.documentType,
    version: row.version,
    definition: row.definition,
    note: row.note,
    createdBy: row.createdBy ? { id: row.createdBy, displayName: row.createdByName ?? '' } : null,
    createdAt: row.createdAt.toISOString(),
  };
}

/** Writes version 1 of every document type's default policy that has none yet. */
export async function ensureDefaultPolicies(db: Queryable): Promise<void> {
  for (const documentType of documentTypes) {
    await repo.insertPolicyVersion(db, {
      documentType,
      version: 1,
      definition: defaultPolicies[documentType],
      note: 'default',
      createdBy: null,
    });
  }
}

export async function listPolicies(db: Queryable): Promise<ApprovalPolicy[]> {
  const rows = await repo.listCurrentPolicies(db);
  return documentTypes.flatMap((type) => rows.filter((r) => r.documentType === type).map(present));
}

export async function getPolicy(db: Queryable, documentType: DocumentType): Promise<ApprovalPolicy> {
  const row = await repo.findCurrentPolicy(db, documentType);
  if (!row) throw new AppError('NOT_FOUND');
  return present(row);
}

export async function listVersions(db: Queryable, documentType: DocumentType) {
  return { items: (await repo.listPolicyVersions(db, documentType)).map(present) };
}

/** Saves the edit as the next version; approvals under way keep the version they started with. */
export async function savePolicy(
  db: Db,
  ctx: RequestContext,
  documentType: DocumentType,
  input: SavePolicyRequest,
): Promise<ApprovalPolicy> {
  return withTransaction(db, async (tx) => {
    const current = await repo.findCurrentPolicy(tx, documentType);
    if (!current || current.version !== input.baseVersion) throw new AppError('VERSION_CONFLICT');
    const id = await repo.insertPolicyVersion(tx, {
      documentType,
      version: current.version + 1,
      definition: input.definition,
      note: input.note,
      createdBy: ctx.userId > 0 ? ctx.userId : null,
    });
    if (id === null) throw new AppError('VERSION_CONFLICT');
    await recordAudit(tx, ctx, {
      action: 'update',
      entity: 'approval_policy',
      entityId: documentType,
      before: { version: current.version, definition: current.definition },
      after: { version: current.version + 1, definition: input.definition },
      reason: input.note,
    });
    return present((await repo.findPolicy(tx, id))!);
  });
}

/** The route a document would take under the current (or a draft) policy, with the people it reaches. */
export async function testPolicy(
  db: Queryable,
  documentType: DocumentType,
  input: TestPolicyRequest,
): Promise<TestPolicyResponse> {
  const definition = input.definition ?? (await repo.findCurrentPolicy(db, documentType))?.definition;
  if (!definition) throw new AppError('NOT_FOUND');
  const path = await approvals.regionPath(db, input.regionId);
  const selected = selectRule(definition, {
    amountFen: input.amountFen,
    regionPath: path,
    attributes: input.attributes,
  });
  if (!selected) return { matched: false, ruleIndex: null, ruleName: null, steps: [] };
  const manager = input.initiatorId ? await approvals.findManager(db, input.initiatorId) : undefined;
  const steps = [];
  for (const step of selected.rule.steps) {
    const resolved = [];
    for (const approver of step.approvers) {
      const people = (await approvals.resolveApprover(db, approver, path)).filter(
        (p) => p.id !== input.initiatorId,
      );
      const isFallback = people.length === 0 && manager !== undefined;
      resolved.push({ approver, people: isFallback ? [manager] : people, isFallback });
    }
    steps.push({ name: step.name, mode: step.mode, required: requiredApprovals(step), approvers: resolved });
  }
  return { matched: true, ruleIndex: selected.index, ruleName: selected.rule.name, steps };
}
