/**
 * The small sample set loaded on first start, so the master-data pages have something to show:
 * the region tree, one user per role, a few customers with qualifications (some expiring, one
 * expired) and a few deliberately dirty records for the data-quality page. It goes through
 * the same services as real work (validation, audit). The full demo company builds on it.
 */
import type { CreateCustomerRequest, CreateQualificationRequest } from '../contracts/customers.ts';
import { addQualificationForSeed, createCustomerForSeed } from '../server/modules/parties/index.ts';
import { createUser } from '../server/modules/users/index.ts';
import { systemContext } from '../server/platform/auth-context.ts';
import { addDays, businessDate } from '../server/platform/dates.ts';
import { type Db, withTransaction } from '../server/platform/db.ts';
import { regionRows } from './regions.ts';
import { loadSampleCatalog } from './sample-catalog.ts';
import { demoUsers } from './users.ts';

export const DEMO_PASSWORD = 'Pulse-demo-2026';

async function loadRegions(db: Db): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  await withTransaction(db, async (tx) => {
    for (const row of regionRows()) {
      const { rows } = await tx.query<{ id: number }>(
        `INSERT INTO regions (parent_id, level, code, name_zh, name_en) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (code) DO UPDATE SET code = EXCLUDED.code RETURNING id`,
        [row.parentCode ? ids.get(row.parentCode) : null, row.level, row.code, row.nameZh, row.nameEn],
      );
      ids.set(row.code, rows[0]!.id);
    }
  });
  return ids;
}

type SampleCustomer = Omit<CreateCustomerRequest, 'regionId' | 'ownerRepId'> & {
  region: string;
  owner?: string;
  qualifications?: (Omit<CreateQualificationRequest, 'validUntil' | 'validFrom'> & {
    expiresInDays: number | null;
  })[];
};

const defaults = {
  hospitalGrade: null,
  distributorLevel: null,
  taxId: null,
  address: null,
  contactName: null,
  contactPhone: null,
  paymentTermsDays: 60,
  minShelfLifeDays: 0,
  isTarget: false,
  isActive: true,
} as const;

const institutionLicence = (number: string, expiresInDays: number | null) => ({
  type: 'medical_institution_licence' as const,
  number,
  coveredClasses: [],
  scope: null,
  attachmentRef: null,
  expiresInDays,
});
const operatingLicence = (number: string, expiresInDays: number | null) => ({
  type: 'operating_licence' as const,
  number,
  coveredClasses: [2, 3],
  scope: '三类：6877介入器材，6846植入材料和人工器官；二类：6866医用高分子材料及制品',
  attachmentRef: null,
  expiresInDays,
});

export const sampleCustomers: SampleCustomer[] = [
  {
    ...defaults,
    code: 'H-SH-001',
    name: '上海交通大学医学院附属瑞金医院',
    type: 'hospital',
    hospitalGrade: '3A',
    channel: 'direct',
    region: 'SH-SH',
    owner: 'rep.east',
    isTarget: true,
    contactName: '王主任',
    contactPhone: '13801001001',
    address: '上海市黄浦区瑞金二路197号',
    qualifications: [institutionLicence('PDY00001331010117A1001', 900)],
  },
  {
    ...defaults,
    code: 'H-JS-001',
    name: '江苏省人民医院',
    type: 'hospital',
    hospitalGrade: '3A',
    channel: 'direct',
    region: 'JS-NJ',
    owner: 'rep.east',
    isTarget: true,
    contactName: '陈医生',
    contactPhone: '13905101234',
    qualifications: [institutionLicence('PDY00002332010012A1001', 20)],
  },
  {
    ...defaults,
    code: 'H-ZJ-001',
    name: '浙江大学医学院附属第一医院',
    type: 'hospital',
    hospitalGrade: '3A',
    channel: 'tender',
    region: 'ZJ-HZ',
    owner: 'rep.east',
    isTarget: true,
    qualifications: [institutionLicence('PDY00003330100017A1001', 1200)],
  },
  {
    ...defaults,
    code: 'H-GD-001',
    name: '中山大学附属第一医院',
    type: 'hospital',
    hospitalGrade: '3A',
    channel: 'direct',
    region: 'GD-GZ',
    owner: 'rep.south',
    isTarget: true,
    qualifications: [institutionLicence('PDY00004440100017A1001', 700)],
  },
  {
    ...defaults,
    code: 'H-GD-002',
    name: '深圳市人民医院',
    type: 'hospital',
    hospitalGrade: '3A',
    channel: 'direct',
    region: 'GD-SZ',
    owner: 'rep.south',
    qualifications: [institutionLicence('PDY00005440300017A1001', -15)],
  },
  {
    ...defaults,
    code: 'H-BJ-001',
    name: '北京协和医院',
    type: 'hospital',
    hospitalGrade: '3A',
    channel: 'direct',
    region: 'BJ-BJ',
    isTarget: true,
    qualifications: [institutionLicence('PDY00006110101017A1001', 1500)],
  },
  {
    ...defaults,
    code: 'C-SH-001',
    name: '上海徐汇康健社区卫生服务中心',
    type: 'clinic',
    channel: 'distributor',
    region: 'SH-SH',
    owner: 'rep.east',
    paymentTermsDays: 30,
  },
  {
    ...defaults,
    code: 'D-JS-001',
    name: '江苏华康医疗器械有限公司',
    type: 'distributor',
    distributorLevel: 1,
    channel: 'distributor',
    region: 'JS-SZ',
    owner: 'rep.east',
    paymentTermsDays: 90,
    minShelfLifeDays: 180,
    contactName: '周经理',
    contactPhone: '13776543210',
    qualifications: [operatingLicence('苏食药监械经营许20190123号', 45)],
  },
  {
    ...defaults,
    code: 'D-GD-001',
    name: '广州南方医疗供应链有限公司',
    type: 'distributor',
    distributorLevel: 1,
    channel: 'distributor',
    region: 'GD-GZ',
    owner: 'rep.south',
    paymentTermsDays: 90,
    minShelfLifeDays: 120,
    qualifications: [operatingLicence('粤穗食药监械经营许20180456号', 25)],
  },
  {
    ...defaults,
    code: 'D-SN-001',
    name: '陕西康达医疗器械有限公司',
    type: 'distributor',
    distributorLevel: 2,
    channel: 'distributor',
    region: 'SN-XA',
    paymentTermsDays: 60,
    minShelfLifeDays: 90,
    qualifications: [operatingLicence('陕西食药监械经营许20170088号', 400)],
  },
  {
    ...defaults,
    code: 'D-HB-001',
    name: '武汉楚天医药器械有限公司',
    type: 'distributor',
    distributorLevel: 2,
    channel: 'distributor',
    region: 'HB-WH',
    paymentTermsDays: 60,
    qualifications: [operatingLicence('鄂汉食药监械经营许20160301号', -40)],
  },
  // Deliberately dirty records for the data-quality page: no contact, no tax id, no owner,
  // a distributor without any qualification, a hospital with terms above 60 days.
  {
    ...defaults,
    code: 'D-SC-001',
    name: '成都天府医疗科技有限公司',
    type: 'distributor',
    distributorLevel: 3,
    channel: 'distributor',
    region: 'SC-CD',
    paymentTermsDays: 120,
  },
  {
    ...defaults,
    code: 'H-SC-001',
    name: '四川大学华西医院',
    type: 'hospital',
    hospitalGrade: '3A',
    channel: 'direct',
    region: 'SC-CD',
    paymentTermsDays: 120,
  },
  {
    ...defaults,
    code: 'A-HN-001',
    name: '长沙湘雅器械代理服务部',
    type: 'agent',
    channel: 'agent',
    region: 'HN-CS',
    contactPhone: '0731-1234',
  },
];

export async function loadSampleData(db: Db, today = businessDate()): Promise<void> {
  const ctx = systemContext();
  const regionIds = await loadRegions(db);
  const customerIds = new Map<string, number>();
  const userIds = new Map<string, number>();

  // Users first (reps own customers), distributor users last (they belong to a customer).
  for (const user of demoUsers.filter((u) => !u.distributorCode)) {
    const created = await createUser(db, ctx, {
      username: user.username,
      displayName: user.displayName,
      password: DEMO_PASSWORD,
      roles: user.roles,
      regionIds: (user.regions ?? []).map((code) => regionIds.get(code)!),
      distributorId: null,
      managerId: null,
      email: null,
      phone: null,
      language: null,
    });
    userIds.set(user.username, created.id);
  }
  for (const user of demoUsers) {
    if (user.manager && userIds.has(user.username)) {
      await db.query('UPDATE users SET manager_id = $2 WHERE id = $1', [
        userIds.get(user.username),
        userIds.get(user.manager),
      ]);
    }
  }

  for (const sample of sampleCustomers) {
    const { region, owner, qualifications, ...fields } = sample;
    const created = await createCustomerForSeed(db, ctx, {
      ...fields,
      regionId: regionIds.get(region)!,
      ownerRepId: owner ? userIds.get(owner)! : null,
    });
    customerIds.set(sample.code, created.id);
    for (const { expiresInDays, ...q } of qualifications ?? []) {
      const validUntil = expiresInDays === null ? null : addDays(today, expiresInDays);
      await addQualificationForSeed(db, ctx, created.id, {
        ...q,
        validFrom: validUntil ? addDays(validUntil, -5 * 365) : null,
        validUntil,
      });
    }
  }

  await loadSampleCatalog(db, ctx, regionIds, today);

  for (const user of demoUsers.filter((u) => u.distributorCode)) {
    await createUser(db, ctx, {
      username: user.username,
      displayName: user.displayName,
      password: DEMO_PASSWORD,
      roles: user.roles,
      regionIds: [],
      distributorId: customerIds.get(user.distributorCode!)!,
      managerId: null,
      email: null,
      phone: null,
      language: null,
    });
  }
}
