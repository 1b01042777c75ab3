/**
 * The public lead form (no sign-in): a signed form token proves when the form was handed out,
 * a hidden honeypot field catches robots that fill in every field, and each IP address may send
 * only so many submissions per window. Spam is answered exactly like a real submission, so a
 * robot learns nothing, and is recorded in lead_intake_log with why it was dropped.
 */
import type { PublicLeadRequest } from '../../../contracts/crm.ts';
import { type RequestContext, systemContext } from '../../platform/auth-context.ts';
import { type Db, withTransaction } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { getIntakeSecret, getMarketingSettings } from '../marketing/index.ts';
import * as repo from './leads.repository.ts';
import { checkFormToken, FORM_TOKEN_MAX_AGE_SECONDS, signFormToken } from './leads.rules.ts';
import { createLeadInTransaction } from './leads.service.ts';

export async function issueFormToken(db: Db, nowMs = Date.now()) {
  const secret = await getIntakeSecret(db);
  return { formToken: signFormToken(secret, nowMs), expiresInSeconds: FORM_TOKEN_MAX_AGE_SECONDS };
}

/** Who acts for an anonymous submission: the system, with the caller's address for the audit trail. */
function intakeContext(ip: string): RequestContext {
  return { ...systemContext('zh-CN'), username: 'public-intake', ip };
}

export type IntakeOutcome = 'accepted' | 'merged' | 'honeypot' | 'too_fast' | 'bad_token';

export async function submitPublicLead(
  db: Db,
  ip: string,
  input: PublicLeadRequest,
  nowMs = Date.now(),
): Promise<IntakeOutcome> {
  const settings = await getMarketingSettings(db);
  const secret = await getIntakeSecret(db);
  return withTransaction(db, async (tx) => {
    const recent = await repo.countRecentIntake(tx, ip, settings.intakeWindowMinutes);
    if (recent >= settings.intakeMaxPerIp) {
      const seconds = await repo.secondsUntilIntakeFrees(tx, ip, settings.intakeWindowMinutes);
      throw new AppError('RATE_LIMITED', { seconds }, { retryAfterSeconds: seconds });
    }
    const spam: IntakeOutcome | null =
      input.website.trim() !== ''
        ? 'honeypot'
        : (() => {
            const check = checkFormToken(secret, input.formToken, nowMs, settings.intakeMinFillSeconds);
            return check === 'ok' ? null : check;
          })();
    if (spam) {
      await repo.insertIntakeLog(tx, ip, spam, null);
      return spam;
    }
    const regionId = input.regionCode ? await repo.findRegionByCode(tx, input.regionCode) : null;
    const result = await createLeadInTransaction(tx, intakeContext(ip), {
      onDuplicate: 'merge',
      input: {
        contactName: input.contactName,
        organization: input.organization,
        department: input.department,
        title: input.title,
        phone: input.phone,
        email: input.email,
        regionId,
        ownerId: null,
        source: 'web_form',
        campaignId: null,
        channel: null,
        utmSource: input.utmSource,
        utmMedium: input.utmMedium,
        utmCampaign: input.utmCampaign,
        utmTerm: input.utmTerm,
        utmContent: input.utmContent,
        interest: input.interest,
      },
    });
    const outcome = result.outcome === 'created' ? 'accepted' : 'merged';
    await repo.insertIntakeLog(
      tx,
      ip,
      outcome,
      result.outcome === 'created' ? result.lead.id : result.leadId,
    );
    return outcome;
  });
}

/** A refused submission still counts against the address's limit. */
export async function recordRateLimited(db: Db, ip: string) {
  await repo.insertIntakeLog(db, ip, 'rate_limited', null);
}
