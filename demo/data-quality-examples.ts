/**
 * A handful of deliberately dirty records in the demo company, so the data-quality page and
 * the import dry run have something real to point at on first start: a distributor without
 * any qualification, records without contact or tax id or owner, a public hospital on terms
 * above 60 days (DOMAIN §4), and a near-duplicate of an existing hospital's name.
 *
 * They carry no history: nobody sells to a distributor without a licence.
 */
import { normalizeCustomerName } from '../server/modules/parties/parties.rules.ts';
import { type DemoContext, insertColumns } from './company.ts';

interface DirtyCustomer {
  code: string;
  name: string;
  type: 'hospital' | 'distributor' | 'agent';
  hospitalGrade: string | null;
  distributorLevel: number | null;
  channel: 'direct' | 'distributor' | 'agent';
  cityCode: string;
  contactPhone: string | null;
  paymentTermsDays: number;
}

export const dirtyCustomers: DirtyCustomer[] = [
  // A distributor without any qualification, contact, tax id or owner.
  {
    code: 'DQ00001',
    name: '成都天府医疗科技有限公司',
    type: 'distributor',
    hospitalGrade: null,
    distributorLevel: 3,
    channel: 'distributor',
    cityCode: 'SC-CD',
    contactPhone: null,
    paymentTermsDays: 120,
  },
  // A public hospital on 120-day terms: above the 60 days a contract may agree.
  {
    code: 'DQ00002',
    name: '四川省第五人民医院',
    type: 'hospital',
    hospitalGrade: '3A',
    channel: 'direct',
    distributorLevel: null,
    cityCode: 'SC-CD',
    contactPhone: null,
    paymentTermsDays: 120,
  },
  // An agent with a malformed phone number.
  {
    code: 'DQ00003',
    name: '长沙湘雅器械代理服务部',
    type: 'agent',
    hospitalGrade: null,
    distributorLevel: null,
    channel: 'agent',
    cityCode: 'HN-CS',
    contactPhone: '0731-1234',
    paymentTermsDays: 30,
  },
];

/** The first demo hospital again as 「…医院（本部）」: a near-duplicate a data steward should merge. */
async function nearDuplicateOfFirstHospital(demo: DemoContext): Promise<DirtyCustomer | null> {
  const { rows } = await demo.tx.query<{ name: string; code: string }>(
    `SELECT c.name, r.code
       FROM customers c JOIN regions r ON r.id = c.region_id
      WHERE c.type = 'hospital' ORDER BY c.code LIMIT 1`,
  );
  const first = rows[0];
  if (!first) return null;
  return {
    code: 'DQ00004',
    name: `${first.name} `.replace(/医院 $/, '医院（本部）'),
    type: 'hospital',
    hospitalGrade: null,
    distributorLevel: null,
    channel: 'direct',
    cityCode: first.code,
    contactPhone: null,
    paymentTermsDays: 60,
  };
}

export async function loadDataQualityExamples(demo: DemoContext): Promise<void> {
  const duplicate = await nearDuplicateOfFirstHospital(demo);
  const customers = duplicate ? [...dirtyCustomers, duplicate] : dirtyCustomers;
  const rows = await insertColumns(
    demo.tx,
    'customers',
    {
      code: { type: 'text', values: customers.map((c) => c.code) },
      name: { type: 'text', values: customers.map((c) => c.name) },
      name_normalized: { type: 'text', values: customers.map((c) => normalizeCustomerName(c.name)) },
      type: { type: 'text', values: customers.map((c) => c.type) },
      hospital_grade: { type: 'text', values: customers.map((c) => c.hospitalGrade) },
      distributor_level: { type: 'smallint', values: customers.map((c) => c.distributorLevel) },
      channel: { type: 'text', values: customers.map((c) => c.channel) },
      region_id: { type: 'bigint', values: customers.map((c) => demo.regionIds.get(c.cityCode)) },
      contact_phone: { type: 'text', values: customers.map((c) => c.contactPhone) },
      payment_terms_days: { type: 'int', values: customers.map((c) => c.paymentTermsDays) },
    },
    'id, code',
  );
  for (const row of rows as { id: number; code: string }[]) demo.customerIds.set(row.code, row.id);
}
