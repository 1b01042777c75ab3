import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DuplicateCandidates, Lead } from '../../../contracts/crm.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import {
  apiAs,
  insertCampaign,
  type MarketingWorld,
  seedMarketingWorld,
} from '../marketing/marketing.fixtures.ts';

let test: TestApp;
let world: MarketingWorld;

beforeAll(async () => {
  test = await createTestApp();
  world = await seedMarketingWorld(test);
});
afterAll(async () => {
  await test?.close();
});

const eastRep = () => apiAs(test, world.cookies.east);

async function createLead(body: Record<string, unknown>, cookie = world.cookies.east) {
  const response = await apiAs(test, cookie).post('/api/leads', body);
  return { status: response.statusCode, body: response.json() };
}

describe('leads', () => {
  it('assigns a new lead to the rep of its region (the least busy one)', async () => {
    const first = await createLead(
      {
        contactName: '赵医生',
        organization: '上海市第六人民医院',
        phone: '13800000001',
        regionId: world.regions.pudong,
      },
      world.cookies.marketing,
    );
    expect(first.status).toBe(201);
    const second = await createLead(
      {
        contactName: '钱医生',
        organization: '上海市第十人民医院',
        phone: '13800000002',
        regionId: world.regions.shanghai,
      },
      world.cookies.marketing,
    );
    const owners = [first.body.ownerId, second.body.ownerId];
    expect(new Set(owners)).toEqual(new Set([world.userIds.east, world.userIds.east2]));
    expect(first.body.code).toMatch(/^LD-\d{8}-\d{4}$/);
    expect(first.body.status).toBe('new');
  });

  it('records the campaign touch and takes the channel from the campaign', async () => {
    const campaign = await insertCampaign(test, { channel: 'academic', type: 'academic_meeting' });
    const { body } = await createLead({
      contactName: '孙主任',
      phone: '13800000003',
      regionId: world.regions.pudong,
      campaignId: campaign,
      source: 'event',
    });
    expect(body.channel).toBe('academic');
    const touches = (await eastRep().get(`/api/touches?leadId=${body.id}`)).json();
    expect(touches.items).toHaveLength(1);
    expect(touches.items[0]).toMatchObject({ campaignId: campaign, kind: 'attendance', channel: 'academic' });
  });

  it('refuses a second open lead with the same phone, written differently (409 LEAD_DUPLICATE)', async () => {
    await createLead({ contactName: '周医生', phone: '139 1234 5678', regionId: world.regions.pudong });
    const again = await createLead({
      contactName: '周医生',
      phone: '+86 139-1234-5678',
      regionId: world.regions.pudong,
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('LEAD_DUPLICATE');
  });

  it('lists leads and customers that may be the same person or organization', async () => {
    const { body } = await createLead({
      contactName: '吴医生',
      organization: '上海第一人民医院',
      phone: '021 6324 0090',
      regionId: world.regions.pudong,
    });
    const response = await eastRep().get(`/api/leads/${body.id}/duplicates`);
    expect(response.statusCode).toBe(200);
    const candidates = response.json() as DuplicateCandidates;
    expect(candidates.customers[0]).toMatchObject({ id: world.eastHospital, similarity: 1 });
    expect(
      candidates.customers[0]!.reason === 'phone' || candidates.customers[0]!.reason === 'organization',
    ).toBe(true);
  });

  it('qualifies, then converts into a new customer and an opportunity, keeping the history', async () => {
    const campaign = await insertCampaign(test);
    const { body: lead } = await createLead({
      contactName: '郑主任',
      organization: '上海市浦东医院',
      phone: '13800000099',
      regionId: world.regions.pudong,
      campaignId: campaign,
    });
    const qualified = await eastRep().post(`/api/leads/${lead.id}/qualify`, {
      version: lead.version,
      rating: 'hot',
      estimatedValueFen: 50_000_000,
    });
    expect(qualified.statusCode).toBe(200);
    expect(qualified.json()).toMatchObject({ status: 'qualified', rating: 'hot' });

    const converted = await eastRep().post(`/api/leads/${lead.id}/convert`, {
      version: qualified.json().version,
      newCustomer: { type: 'hospital', hospitalGrade: '2A' },
      opportunity: { name: '浦东医院导管室设备', amountFen: 48_000_000, expectedCloseDate: '2026-12-31' },
    });
    expect(converted.statusCode).toBe(200);
    const result = converted.json();
    expect(result).toMatchObject({ isNewCustomer: true, lead: { status: 'converted' } });
    expect(result.lead.customerId).toBe(result.customerId);

    const customer = (await eastRep().get(`/api/customers/${result.customerId}`)).json();
    expect(customer).toMatchObject({
      name: '上海市浦东医院',
      code: `C-${lead.code}`,
      regionId: world.regions.pudong,
    });
    const touches = (await eastRep().get(`/api/touches?customerId=${result.customerId}`)).json();
    expect(touches.items.map((t: { leadId: number }) => t.leadId)).toEqual([lead.id]);
    const timeline = (await eastRep().get(`/api/opportunities/${result.opportunityId}/timeline`)).json();
    expect(
      timeline.items
        .filter((i: { kind: string }) => i.kind === 'stage')
        .map((i: { stage: string }) => i.stage),
    ).toEqual(['lead', 'opportunity']);
    const opportunity = (await eastRep().get(`/api/opportunities/${result.opportunityId}`)).json();
    expect(opportunity).toMatchObject({
      leadId: lead.id,
      campaignId: campaign,
      stage: 'opportunity',
      amountFen: 48_000_000,
    });

    const again = await eastRep().post(`/api/leads/${lead.id}/convert`, { version: result.lead.version });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('LEAD_ALREADY_CONVERTED');
    const audit = await test.deps.db.query(
      "SELECT action FROM audit_log WHERE entity = 'lead' AND entity_id = $1 ORDER BY seq",
      [String(lead.id)],
    );
    expect(audit.rows.map((r) => r.action)).toEqual(['create', 'qualify', 'convert']);
  });

  it('converts into an existing customer without creating one', async () => {
    const { body: lead } = await createLead({
      contactName: '冯医生',
      phone: '13800000111',
      regionId: world.regions.pudong,
    });
    const converted = await eastRep().post(`/api/leads/${lead.id}/convert`, {
      version: lead.version,
      customerId: world.eastHospital,
    });
    expect(converted.statusCode).toBe(200);
    expect(converted.json()).toMatchObject({
      customerId: world.eastHospital,
      isNewCustomer: false,
      opportunityId: null,
    });
  });

  it('validates with codes: unknown fields, bad phone, a region outside the rep’s, a missing campaign', async () => {
    expect(
      (await createLead({ contactName: 'x', regionId: world.regions.pudong, extra: 1 })).body.error.code,
    ).toBe('UNKNOWN_FIELD');
    expect(
      (await createLead({ contactName: 'x', phone: 'call me', regionId: world.regions.pudong })).status,
    ).toBe(400);
    const outside = await createLead({ contactName: '陈医生', regionId: world.regions.guangdong });
    expect(outside.status).toBe(403);
    expect(outside.body.error.code).toBe('OUT_OF_SCOPE');
    const noCampaign = await createLead({
      contactName: '陈医生',
      regionId: world.regions.pudong,
      campaignId: 999_999,
    });
    expect(noCampaign.status).toBe(422);
    expect(noCampaign.body.error.code).toBe('INVALID_REFERENCE');
  });

  it('masks contacts for marketing, shows them to the rep', async () => {
    const { body } = await createLead({
      contactName: '蒋建国',
      phone: '13812345678',
      email: 'jiang@example.com',
      regionId: world.regions.pudong,
    });
    const asMarketing = (
      await apiAs(test, world.cookies.marketing).get(`/api/leads/${body.id}`)
    ).json() as Lead;
    expect(asMarketing).toMatchObject({
      contactName: '蒋**',
      phone: '138****5678',
      email: 'j***@example.com',
    });
    const asRep = (await eastRep().get(`/api/leads/${body.id}`)).json() as Lead;
    expect(asRep.phone).toBe('13812345678');
  });

  it('imports a batch all or nothing, merging the same person into the open lead', async () => {
    const response = await eastRep().post('/api/leads/batch', {
      leads: [
        { contactName: '韩医生', phone: '13700000001', regionId: world.regions.pudong, source: 'import' },
        { contactName: '韩医生', phone: '137-0000-0001', regionId: world.regions.pudong, source: 'import' },
        { contactName: '杨医生', phone: '13700000002', regionId: world.regions.pudong, source: 'import' },
      ],
    });
    expect(response.statusCode).toBe(201);
    expect(response.json().created).toHaveLength(2);
    expect(response.json().merged).toHaveLength(1);
    const broken = await eastRep().post('/api/leads/batch', {
      leads: [
        { contactName: '朱医生', phone: '13700000003', regionId: world.regions.pudong },
        { contactName: '秦医生', phone: '13700000004', regionId: world.regions.guangdong },
      ],
    });
    expect(broken.statusCode).toBe(403);
    const list = (await eastRep().get('/api/leads?q=朱医生')).json();
    expect(list.total).toBe(0);
  });

  it('shows a rep of another region nothing: no rows, no count, no export, no record', async () => {
    const { body } = await createLead({
      contactName: '许医生',
      phone: '13800000777',
      regionId: world.regions.pudong,
    });
    const south = apiAs(test, world.cookies.south);
    const list = (await south.get('/api/leads')).json();
    expect(list).toMatchObject({ items: [], total: 0 });
    expect((await south.get(`/api/leads/${body.id}`)).statusCode).toBe(404);
    expect((await south.get(`/api/leads/${body.id}/duplicates`)).statusCode).toBe(404);
    expect(
      (await south.patch(`/api/leads/${body.id}`, { version: body.version, title: '主任' })).statusCode,
    ).toBe(404);
    expect((await south.post(`/api/leads/${body.id}/convert`, { version: body.version })).statusCode).toBe(
      404,
    );
    const exported = await south.get('/api/leads/export?format=csv');
    expect(exported.statusCode).toBe(200);
    expect(exported.body.trim().split('\n')).toHaveLength(1);
    expect((await south.get('/api/touches')).json().total).toBe(0);
    // The same phone in the other region is still a duplicate, but its details stay hidden.
    const hidden = await createLead(
      { contactName: '许医生', phone: '13800000777', regionId: world.regions.guangdong },
      world.cookies.south,
    );
    expect(hidden.status).toBe(409);
    expect(hidden.body.error.message).not.toContain(body.code);
  });
});
