/** The credit policy: stored as data, versioned, edited by an admin or the finance director. */
import type {
  CreditPolicy,
  CreditPolicyConfig,
  UpdateCreditPolicyRequest,
} from '../../../contracts/credit.ts';
import { creditPolicyConfig } from '../../../contracts/credit.ts';
import { recordAudit } from '../../platform/audit.ts';
import type { RequestContext } from '../../platform/auth-context.ts';
import { type Db, type Queryable, withTransaction } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import * as repo from './credit.repository.ts';
import { defaultCreditPolicy, findPolicyProblems } from './credit.rules.ts';

/** Writes version 1 (DOMAIN's defaults) when no policy is stored yet; harmless when one is. */
export async function ensureDefaultPolicy(db: Queryable): Promise<void> {
  await repo.insertPolicy(db, 1, defaultCreditPolicy, 'DOMAIN §4 defaults', null);
}

/** The policy in force (created from the defaults on first use). */
export async function getCurrentPolicy(db: Queryable): Promise<repo.PolicyRow> {
  let current = await repo.findCurrentPolicy(db);
  if (!current) {
    await ensureDefaultPolicy(db);
    current = (await repo.findCurrentPolicy(db))!;
  }
  // Stored configuration is read back through the contract, so a rating never runs on a malformed one.
  return { ...current, config: creditPolicyConfig.parse(current.config) };
}

export async function getPolicyVersions(
  db: Queryable,
  versions: number[],
): Promise<Map<number, CreditPolicyConfig>> {
  const rows = await repo.findPolicies(db, [...new Set(versions)]);
  return new Map(rows.map((r) => [r.version, creditPolicyConfig.parse(r.config)]));
}

export async function readPolicy(db: Queryable): Promise<CreditPolicy> {
  return getCurrentPolicy(db);
}

/**
 * Saves a new version. The caller sends the version they edited: if someone saved in between,
 * 409. A change takes effect on the next rating; existing ratings keep their version.
 */
export async function updatePolicy(
  db: Db,
  ctx: RequestContext,
  input: UpdateCreditPolicyRequest,
): Promise<CreditPolicy> {
  const problems = findPolicyProblems(input.config);
  if (problems.length > 0) {
    throw new AppError('CREDIT_POLICY_INVALID', { detail: problems.join('; ') }, { problems });
  }
  return withTransaction(db, async (tx) => {
    const current = await getCurrentPolicy(tx);
    if (current.version !== input.version) throw new AppError('VERSION_CONFLICT');
    const version = current.version + 1;
    if (
      !(await repo.insertPolicy(tx, version, input.config, input.reason, ctx.userId > 0 ? ctx.userId : null))
    ) {
      throw new AppError('VERSION_CONFLICT');
    }
    await recordAudit(tx, ctx, {
      action: 'update',
      entity: 'credit_policy',
      entityId: version,
      before: { version: current.version, config: current.config },
      after: { version, config: input.config },
      reason: input.reason,
    });
    return getCurrentPolicy(tx);
  });
}
