/**
 * Leads as an importable entity (columns and cell parsing: leads.import-fields.ts). The rules are
 * the ones a lead entered by hand gets (crm module): the region inside the user's scope (a lead
 * without a region only for company-wide users), the campaign by code or UTM identifier, the
 * channel from the campaign or UTM medium, the owner by username or else the rep of the region,
 * and no second open lead with the same phone or e-mail. A lead whose phone is a customer's
 * contact phone is that customer, not a new lead.
 */

import type { Queryable } from '../../platform/db.ts';
import { isInScope } from '../../platform/scope.ts';
import { channelFromUtmMedium, findRegionRep, normalizeEmail, normalizePhone } from '../crm/index.ts';
import { normalizeCustomerName } from '../parties/index.ts';
import { findUsersByName, listRegionRefs, type UserRef } from './customers.import-store.ts';
import {
  type BatchCheck,
  type EntityDefinition,
  type EntityImporter,
  FirstOccurrences,
  fieldProblems,
  type ImportRun,
  type ParsedRow,
  type ReportProblem,
} from './import-entity.ts';
import { leadFields } from './leads.import-fields.ts';
import {
  type CampaignRef,
  type ExistingLead,
  findCampaigns,
  findCustomersByPhone,
  findOpenLeadsByContact,
  leadColumnValues,
  leadStaging,
  type NewImportedLead,
  writeStagedLeads,
} from './leads.import-store.ts';
import { buildRegionIndex, type RegionIndex } from './region-index.ts';

interface Draft {
  row: ParsedRow;
  phoneNormalized: string | null;
  email: string | null;
  /** Null when a required value is missing or did not resolve. */
  lead: NewImportedLead | null;
}

const textOf = (values: Record<string, unknown>, field: string) =>
  typeof values[field] === 'string' ? (values[field] as string) : null;

class LeadImporter implements EntityImporter<NewImportedLead> {
  private regions: RegionIndex | null = null;
  private readonly usersByText = new Map<string, UserRef[]>();
  private readonly campaignsByText = new Map<string, CampaignRef | null>();
  private readonly repByRegion = new Map<number, number | null>();
  private readonly seenPhones = new FirstOccurrences();
  private readonly seenEmails = new FirstOccurrences();
  private readonly staging = leadStaging();
  private staged = 0;

  constructor(private readonly run: ImportRun) {}

  async checkBatch(
    db: Queryable,
    rows: ParsedRow[],
    report: ReportProblem,
  ): Promise<BatchCheck<NewImportedLead>> {
    this.regions ??= buildRegionIndex(await listRegionRefs(db));
    await this.loadOwners(db, rows);
    await this.loadCampaigns(db, rows);
    const rowsWithProblems = new Set(rows.filter((r) => r.hasProblems).map((r) => r.rowNumber));
    const flag: ReportProblem = (problem) => {
      rowsWithProblems.add(problem.rowNumber);
      report(problem);
    };
    const drafts = rows.map((row) => this.draft(row, this.regions!, flag));

    const phones = [...new Set(drafts.flatMap((d) => (d.phoneNormalized ? [d.phoneNormalized] : [])))];
    const emails = [...new Set(drafts.flatMap((d) => (d.email ? [d.email] : [])))];
    const [leads, customers] = await Promise.all([
      findOpenLeadsByContact(db, phones, emails),
      findCustomersByPhone(db, phones),
    ]);
    const leadByPhone = new Map<string, ExistingLead>();
    const leadByEmail = new Map<string, ExistingLead>();
    for (const lead of leads) {
      if (lead.phoneNormalized && !leadByPhone.has(lead.phoneNormalized))
        leadByPhone.set(lead.phoneNormalized, lead);
      if (lead.email && !leadByEmail.has(lead.email)) leadByEmail.set(lead.email, lead);
    }
    const customerByPhone = new Map(customers.map((c) => [c.phoneNormalized, c]));

    const unchanged = new Set<Draft>();
    for (const draft of drafts) {
      const problem = this.reporter(draft.row, flag);
      const samePhone = draft.phoneNormalized ? leadByPhone.get(draft.phoneNormalized) : undefined;
      const sameEmail = draft.email ? leadByEmail.get(draft.email) : undefined;
      const same = samePhone ?? sameEmail;
      if (same) {
        // The same person with the same details: this row was imported before.
        if (draft.lead && this.isSameLead(draft.lead, same)) unchanged.add(draft);
        else {
          const [en, zh] = this.describeLead(same);
          problem(
            samePhone ? 'phone' : 'email',
            'DUPLICATE_EXISTING',
            `already the contact of open ${en}`,
            `已是未关闭的${zh}的联系方式`,
          );
        }
        continue;
      }
      const customer = draft.phoneNormalized ? customerByPhone.get(draft.phoneNormalized) : undefined;
      if (customer) {
        const visible = isInScope(this.run.ctx, customer.regionId);
        problem(
          'phone',
          'DUPLICATE_EXISTING',
          visible
            ? `already the contact phone of customer ${customer.code} “${customer.name}”`
            : 'already the contact phone of a customer outside your regions',
          visible
            ? `已是客户 ${customer.code}“${customer.name}”的联系电话`
            : '已是您负责区域以外客户的联系电话',
        );
      }
    }

    const toInsert = drafts.flatMap((d) =>
      d.lead && !unchanged.has(d) && !rowsWithProblems.has(d.row.rowNumber) ? [d.lead] : [],
    );
    await this.assignRegionReps(db, toInsert);
    return { toInsert, unchanged: unchanged.size };
  }

  async stageBatch(tx: Queryable, leads: NewImportedLead[]): Promise<void> {
    await this.staging.append(tx, leadColumnValues(leads, this.staged));
    this.staged += leads.length;
  }

  async writeStaged(tx: Queryable, onProgress: (rowsWritten: number) => Promise<void>): Promise<number> {
    const written = await writeStagedLeads(tx, this.run.ctx, this.staged);
    await onProgress(written);
    return written;
  }

  private reporter(row: ParsedRow, flag: ReportProblem) {
    return fieldProblems(this.run, leadFields, row, flag);
  }

  /** Names an existing lead only when the user may see it, as the hand-entry path does. */
  private describeLead(lead: ExistingLead): [string, string] {
    if (!isInScope(this.run.ctx, lead.regionId)) return ['lead outside your regions', '您负责区域以外的线索'];
    return [`lead ${lead.code} “${lead.contactName}”`, `线索 ${lead.code}“${lead.contactName}”`];
  }

  private isSameLead(lead: NewImportedLead, existing: ExistingLead): boolean {
    return (
      lead.contactName === existing.contactName &&
      (lead.organization ?? null) === (existing.organization ?? null) &&
      lead.regionId === existing.regionId
    );
  }

  private async loadOwners(db: Queryable, rows: ParsedRow[]): Promise<void> {
    const wanted = new Set<string>();
    for (const row of rows) {
      const text = textOf(row.values, 'ownerRep');
      if (text !== null && !this.usersByText.has(text)) wanted.add(text);
    }
    if (wanted.size === 0) return;
    const users = await findUsersByName(db, [...wanted]);
    for (const text of wanted) {
      const byUsername = users.filter((u) => u.username.toLowerCase() === text.toLowerCase());
      this.usersByText.set(
        text,
        byUsername.length > 0 ? byUsername : users.filter((u) => u.displayName === text),
      );
    }
  }

  private async loadCampaigns(db: Queryable, rows: ParsedRow[]): Promise<void> {
    const codes = new Set<string>();
    const utms = new Set<string>();
    for (const row of rows) {
      const code = textOf(row.values, 'campaign');
      const utm = textOf(row.values, 'utmCampaign');
      if (code !== null && !this.campaignsByText.has(`code:${code.toLowerCase()}`)) codes.add(code);
      if (utm !== null && !this.campaignsByText.has(`utm:${utm.toLowerCase()}`)) utms.add(utm);
    }
    if (codes.size === 0 && utms.size === 0) return;
    const campaigns = await findCampaigns(db, [...codes], [...utms]);
    for (const code of codes) {
      const key = code.toLowerCase();
      this.campaignsByText.set(`code:${key}`, campaigns.find((c) => c.code.toLowerCase() === key) ?? null);
    }
    for (const utm of utms) {
      const key = utm.toLowerCase();
      this.campaignsByText.set(
        `utm:${key}`,
        campaigns.find((c) => c.utmCampaign?.toLowerCase() === key) ?? null,
      );
    }
  }

  /** A lead without an owner goes to the rep of its region (one lookup per region, not per row). */
  private async assignRegionReps(db: Queryable, leads: NewImportedLead[]): Promise<void> {
    const regionIds = new Set<number>();
    for (const lead of leads) {
      if (lead.ownerId === null && lead.regionId !== null && !this.repByRegion.has(lead.regionId)) {
        regionIds.add(lead.regionId);
      }
    }
    for (const regionId of regionIds) this.repByRegion.set(regionId, await findRegionRep(db, regionId));
    for (const lead of leads) {
      if (lead.ownerId === null && lead.regionId !== null)
        lead.ownerId = this.repByRegion.get(lead.regionId) ?? null;
    }
  }

  private draft(row: ParsedRow, regions: RegionIndex, flag: ReportProblem): Draft {
    const values = row.values;
    const problem = this.reporter(row, flag);
    const text = (field: string) => textOf(values, field);
    const phone = text('phone');
    const phoneNormalized = normalizePhone(phone);
    const email = normalizeEmail(text('email'));

    let regionId: number | null = null;
    let isRegionOk = true;
    const regionText = text('region');
    if (regionText !== null) {
      const found = regions.resolve(regionText);
      isRegionOk = false;
      if (found.kind === 'unknown') {
        problem('region', 'UNKNOWN_REFERENCE', 'no region has this code or name', '没有该编码或名称的区域');
      } else if (found.kind === 'ambiguous') {
        problem(
          'region',
          'UNKNOWN_REFERENCE',
          'several regions have this name; use the code',
          '多个区域同名，请使用区域编码',
        );
      } else if (!isInScope(this.run.ctx, found.id)) {
        problem(
          'region',
          'OUT_OF_SCOPE',
          'outside the regions you are responsible for',
          '不在您负责的区域范围内',
        );
      } else {
        regionId = found.id;
        isRegionOk = true;
      }
    } else if (!isInScope(this.run.ctx, null)) {
      // Only company-wide users see leads without a region; others must place them in theirs.
      isRegionOk = false;
      flag({
        rowNumber: row.rowNumber,
        field: 'region',
        code: 'REQUIRED_MISSING',
        value: null,
        en: 'Region: required unless you see the whole company',
        zh: '区域：非全公司范围的用户必须填写区域',
      });
    }

    let ownerId: number | null = null;
    const ownerText = text('ownerRep');
    if (ownerText !== null) {
      const users = this.usersByText.get(ownerText) ?? [];
      if (users.length === 1) ownerId = users[0]!.id;
      else if (users.length === 0) problem('ownerRep', 'UNKNOWN_REFERENCE', 'no such user', '没有该用户');
      else
        problem(
          'ownerRep',
          'UNKNOWN_REFERENCE',
          'several users have this name; use the username',
          '多个用户同名，请使用用户名',
        );
    }

    let campaign: CampaignRef | null = null;
    const campaignText = text('campaign');
    const utmCampaign = text('utmCampaign');
    if (campaignText !== null) {
      campaign = this.campaignsByText.get(`code:${campaignText.toLowerCase()}`) ?? null;
      if (!campaign)
        problem('campaign', 'UNKNOWN_REFERENCE', 'no campaign has this code', '没有该编码的市场活动');
    } else if (utmCampaign !== null) {
      // As by hand: an unknown UTM campaign is kept as attribution text, not refused.
      campaign = this.campaignsByText.get(`utm:${utmCampaign.toLowerCase()}`) ?? null;
    }

    if (phoneNormalized !== null) {
      const first = this.seenPhones.claim(phoneNormalized, row.rowNumber);
      if (first !== undefined)
        problem('phone', 'DUPLICATE_IN_FILE', `the same phone as row ${first}`, `与第 ${first} 行电话相同`);
    }
    if (email !== null) {
      const first = this.seenEmails.claim(email, row.rowNumber);
      if (first !== undefined)
        problem('email', 'DUPLICATE_IN_FILE', `the same e-mail as row ${first}`, `与第 ${first} 行邮箱相同`);
    }

    const contactName = text('contactName');
    const organization = text('organization');
    const utmMedium = text('utmMedium');
    const lead: NewImportedLead | null =
      contactName !== null && isRegionOk && (campaignText === null || campaign !== null)
        ? {
            contactName,
            organization,
            organizationNormalized: organization ? normalizeCustomerName(organization) : null,
            department: text('department'),
            title: text('title'),
            phone,
            phoneNormalized,
            email,
            regionId,
            ownerId,
            campaignId: campaign?.id ?? null,
            channel: text('channel') ?? campaign?.channel ?? channelFromUtmMedium(utmMedium),
            utmSource: text('utmSource'),
            utmMedium,
            utmCampaign,
            utmTerm: text('utmTerm'),
            utmContent: text('utmContent'),
            interest: text('interest'),
          }
        : null;
    return { row, phoneNormalized, email, lead };
  }
}

export const leadsImport: EntityDefinition = {
  entity: 'leads',
  writePermission: 'crm:write',
  fields: leadFields,
  createImporter: (run) => new LeadImporter(run),
};
