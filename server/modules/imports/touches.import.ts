/**
 * Touches as an importable entity (columns and cell parsing: touches.import-fields.ts): each row
 * an interaction between a lead (by LD number) or a customer (by code) and a campaign. The rules
 * are the ones of a touch recorded by hand or by API (crm touches.service.ts): the lead, customer
 * and campaign inside the user's scope, the channel defaulting to the campaign's, and a converted
 * lead's touch getting its customer too. The same person, campaign and moment twice is one touch.
 */

import type { Queryable } from '../../platform/db.ts';
import { isInScope } from '../../platform/scope.ts';
import type { NewTouch } from '../crm/index.ts';
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
import { touchFields } from './touches.import-fields.ts';
import {
  findCampaignsByCode,
  findCustomersByCode,
  findLeadsByCode,
  findRecordedTouches,
  type RecordedTouch,
  type TouchCampaignRef,
  type TouchedCustomer,
  type TouchedLead,
  touchColumnValues,
  touchStaging,
  writeStagedTouches,
} from './touches.import-store.ts';

const textOf = (values: Record<string, unknown>, field: string) =>
  typeof values[field] === 'string' ? (values[field] as string) : null;

/** Who and what a row is about, once every reference resolved. */
interface Draft {
  row: ParsedRow;
  touch: NewTouch;
  /** Lead or customer, campaign and instant: the identity of a touch. */
  key: string;
  at: number;
}

const keyOf = (leadId: number | null, customerId: number | null, campaignId: number, at: number) =>
  `${leadId !== null ? `L${leadId}` : `C${customerId}`}|${campaignId}|${at}`;

class TouchImporter implements EntityImporter<NewTouch> {
  private readonly campaignsByCode = new Map<string, TouchCampaignRef | null>();
  private readonly leadsByCode = new Map<string, TouchedLead | null>();
  private readonly customersByCode = new Map<string, TouchedCustomer | null>();
  private readonly seen = new FirstOccurrences();
  private readonly staging = touchStaging();
  private staged = 0;
  private batches = 0;

  constructor(private readonly run: ImportRun) {}

  async checkBatch(db: Queryable, rows: ParsedRow[], report: ReportProblem): Promise<BatchCheck<NewTouch>> {
    await this.loadReferences(db, rows);
    const rowsWithProblems = new Set(rows.filter((r) => r.hasProblems).map((r) => r.rowNumber));
    const flag: ReportProblem = (problem) => {
      rowsWithProblems.add(problem.rowNumber);
      report(problem);
    };
    const drafts = rows.flatMap((row) => {
      const draft = this.draft(row, flag);
      return draft ? [draft] : [];
    });

    const recorded = await findRecordedTouches(
      db,
      drafts.map((d) => ({
        leadId: d.touch.leadId,
        customerId: d.touch.leadId === null ? d.touch.customerId : null,
        campaignId: d.touch.campaignId,
        touchedAt: d.touch.touchedAt,
      })),
    );
    const recordedByKey = new Map<string, RecordedTouch>();
    for (const touch of recorded) {
      if (touch.leadId !== null)
        recordedByKey.set(keyOf(touch.leadId, null, touch.campaignId, touch.at), touch);
      if (touch.customerId !== null)
        recordedByKey.set(keyOf(null, touch.customerId, touch.campaignId, touch.at), touch);
    }

    const unchanged = new Set<Draft>();
    for (const draft of drafts) {
      const same = recordedByKey.get(draft.key);
      if (!same) continue;
      // The same touch with the same details: this row was imported (or recorded) before.
      if (this.isSameTouch(draft.touch, same)) unchanged.add(draft);
      else
        fieldProblems(this.run, touchFields, draft.row, flag)(
          'touchedAt',
          'DUPLICATE_EXISTING',
          'a touch of this person in this campaign at this time is already recorded, with other details',
          '该对象在此市场活动中同一时间的触点已有记录，且内容不同',
        );
    }

    const toInsert = drafts.flatMap((d) =>
      !unchanged.has(d) && !rowsWithProblems.has(d.row.rowNumber) ? [d.touch] : [],
    );
    return { toInsert, unchanged: unchanged.size };
  }

  async stageBatch(tx: Queryable, touches: NewTouch[]): Promise<void> {
    if (touches.length === 0) return;
    await this.staging.append(tx, touchColumnValues(touches, this.staged));
    this.staged += touches.length;
    this.batches++;
  }

  writeStaged(tx: Queryable, onProgress: (rowsWritten: number) => Promise<void>): Promise<number> {
    return writeStagedTouches(tx, this.run.ctx, this.batches, onProgress);
  }

  /** A mapped cell that did not parse (already reported), as opposed to a blank one. */
  private hasFailedCell(row: ParsedRow, field: string): boolean {
    return this.run.columns.has(field) && !(field in row.values);
  }

  private isSameTouch(touch: NewTouch, recorded: RecordedTouch): boolean {
    return (
      touch.kind === recorded.kind &&
      touch.channel === recorded.channel &&
      (touch.note ?? null) === (recorded.note ?? null)
    );
  }

  /** One lookup per kind of reference per batch, for the codes not seen in earlier batches. */
  private async loadReferences(db: Queryable, rows: ParsedRow[]): Promise<void> {
    const wanted = (field: string, known: Map<string, unknown>, normalize: (text: string) => string) => {
      const codes = new Set<string>();
      for (const row of rows) {
        const text = textOf(row.values, field);
        if (text !== null && !known.has(normalize(text))) codes.add(normalize(text));
      }
      return [...codes];
    };
    const lower = (text: string) => text.toLowerCase();
    const upper = (text: string) => text.toUpperCase();
    const same = (text: string) => text;
    const campaignCodes = wanted('campaign', this.campaignsByCode, lower);
    const leadCodes = wanted('leadCode', this.leadsByCode, upper);
    const customerCodes = wanted('customerCode', this.customersByCode, same);
    // One after the other: during a commit `db` is the transaction's single connection.
    const campaigns = await findCampaignsByCode(db, campaignCodes);
    const leads = await findLeadsByCode(db, leadCodes);
    const customers = await findCustomersByCode(db, customerCodes);
    for (const code of campaignCodes)
      this.campaignsByCode.set(code, campaigns.find((c) => c.code.toLowerCase() === code) ?? null);
    for (const code of leadCodes)
      this.leadsByCode.set(code, leads.find((l) => l.code.toUpperCase() === code) ?? null);
    for (const code of customerCodes)
      this.customersByCode.set(code, customers.find((c) => c.code === code) ?? null);
  }

  private draft(row: ParsedRow, flag: ReportProblem): Draft | null {
    const { ctx } = this.run;
    const values = row.values;
    const problem = fieldProblems(this.run, touchFields, row, flag);
    const text = (field: string) => textOf(values, field);
    let isOk = true;

    let campaign: TouchCampaignRef | null = null;
    const campaignText = text('campaign');
    if (campaignText !== null) {
      campaign = this.campaignsByCode.get(campaignText.toLowerCase()) ?? null;
      if (!campaign) {
        isOk = false;
        problem('campaign', 'UNKNOWN_REFERENCE', 'no campaign has this code', '没有该编码的市场活动');
      } else if (
        ctx.distributorId !== null ||
        (campaign.regionId !== null && !isInScope(ctx, campaign.regionId))
      ) {
        // As by hand: a regional campaign is for the users of its region.
        isOk = false;
        problem('campaign', 'OUT_OF_SCOPE', 'a campaign outside your regions', '不在您负责区域内的市场活动');
      }
    }

    let leadId: number | null = null;
    let customerId: number | null = null;
    const leadText = text('leadCode');
    const customerText = text('customerCode');
    if (leadText !== null && customerText !== null) {
      isOk = false;
      problem(
        'customerCode',
        'BAD_FORMAT',
        'give either a lead number or a customer code, not both',
        '线索编号与客户编码只能填写其一',
      );
    } else if (leadText !== null) {
      const lead = this.leadsByCode.get(leadText.toUpperCase()) ?? null;
      if (!lead) {
        isOk = false;
        problem('leadCode', 'UNKNOWN_REFERENCE', 'no lead has this number', '没有该编号的线索');
      } else if (!isInScope(ctx, lead.regionId)) {
        isOk = false;
        problem('leadCode', 'OUT_OF_SCOPE', 'a lead outside your regions', '不在您负责区域内的线索');
      } else {
        leadId = lead.id;
        customerId = lead.customerId;
      }
    } else if (customerText !== null) {
      const customer = this.customersByCode.get(customerText) ?? null;
      if (!customer) {
        isOk = false;
        problem('customerCode', 'UNKNOWN_REFERENCE', 'no customer has this code', '没有该编码的客户');
      } else if (!isInScope(ctx, customer.regionId, customer.id)) {
        isOk = false;
        problem('customerCode', 'OUT_OF_SCOPE', 'a customer outside your regions', '不在您负责区域内的客户');
      } else {
        customerId = customer.id;
      }
    } else if (!this.hasFailedCell(row, 'leadCode') && !this.hasFailedCell(row, 'customerCode')) {
      isOk = false;
      flag({
        rowNumber: row.rowNumber,
        field: 'leadCode',
        code: 'REQUIRED_MISSING',
        value: null,
        en: 'Lead number or customer code: one of them is required',
        zh: '线索编号或客户编码：必须填写其一',
      });
    }

    const kind = text('kind');
    const touchedAt = text('touchedAt');
    if (!isOk || campaign === null || kind === null || touchedAt === null) return null;
    const at = Date.parse(touchedAt);
    const key = keyOf(leadId, leadId === null ? customerId : null, campaign.id, at);
    const first = this.seen.claim(key, row.rowNumber);
    if (first !== undefined) {
      problem(
        'touchedAt',
        'DUPLICATE_IN_FILE',
        `the same person, campaign and time as row ${first}`,
        `与第 ${first} 行的对象、市场活动和时间相同`,
      );
      return null;
    }
    return {
      row,
      key,
      at,
      touch: {
        leadId,
        customerId,
        campaignId: campaign.id,
        kind,
        channel: text('channel') ?? campaign.channel,
        touchedAt,
        note: text('note'),
        createdBy: ctx.userId > 0 ? ctx.userId : null,
      },
    };
  }
}

export const touchesImport: EntityDefinition = {
  entity: 'touches',
  writePermission: 'crm:write',
  fields: touchFields,
  createImporter: (run) => new TouchImporter(run),
};
