/**
 * Deterministic master data of the demo company: reps and managers in every sales region,
 * hospitals, distributors, agents and clinics with qualifications, manufacturers, warehouses
 * and a catalogue of products with valid GTINs and certificates. Written set-based for speed;
 * every value satisfies the same rules the services check (GTIN check digits, certificate
 * shapes and classes, credit codes, normalised names).
 */
import type { Role } from '../contracts/auth.ts';
import { computeGs1CheckDigit } from '../server/modules/catalog/gtin.rules.ts';
import { computeUsccCheckChar, normalizeCustomerName } from '../server/modules/parties/parties.rules.ts';
import { addDays } from '../server/platform/dates.ts';
import { lineMakers, type ProductLineSeed, productLineSeeds, supplierSeeds } from './catalog-data.ts';
import type { Random } from './random.ts';
import { salesRegions } from './regions.ts';

const surnames = [
  '王',
  '李',
  '张',
  '刘',
  '陈',
  '杨',
  '黄',
  '赵',
  '吴',
  '周',
  '徐',
  '孙',
  '马',
  '朱',
  '胡',
  '郭',
  '何',
  '林',
  '罗',
  '高',
];
const givenNames = [
  '伟',
  '芳',
  '娜',
  '敏',
  '静',
  '磊',
  '强',
  '洋',
  '艳',
  '勇',
  '军',
  '杰',
  '涛',
  '明',
  '超',
  '霞',
  '平',
  '刚',
  '辉',
  '丽',
  '鹏',
  '婷',
];

export function chineseName(random: Random): string {
  return (
    random.pick(surnames) + random.pick(givenNames) + (random.chance(0.6) ? random.pick(givenNames) : '')
  );
}

/** How many reps each sales region has (about 40 people in sales in all). */
const repsPerRegion: Record<string, number> = {
  EAST: 8,
  NORTH: 6,
  SOUTH: 6,
  CENTRAL: 4,
  SOUTHWEST: 4,
  NORTHWEST: 3,
  NORTHEAST: 2,
};

export interface SalesPerson {
  username: string;
  displayName: string;
  roles: Role[];
  regionCode: string;
  managerUsername: string | null;
}

/** Regional managers and reps; the README's demo users keep their names (manager.east, rep.east, rep.south). */
export function generateSalesForce(random: Random): SalesPerson[] {
  const people: SalesPerson[] = [];
  for (const region of salesRegions) {
    const key = region.code.toLowerCase();
    const manager = `manager.${key}`;
    people.push({
      username: manager,
      displayName: key === 'east' ? '李华东' : chineseName(random),
      roles: ['regional_manager'],
      regionCode: region.code,
      managerUsername: 'director',
    });
    const count = repsPerRegion[region.code] ?? 2;
    for (let i = 1; i <= count; i++) {
      const username = i === 1 && (key === 'east' || key === 'south') ? `rep.${key}` : `rep.${key}.${i}`;
      const displayName =
        username === 'rep.east' ? '张伟' : username === 'rep.south' ? '刘芳' : chineseName(random);
      people.push({
        username,
        displayName,
        roles: ['sales_rep'],
        regionCode: region.code,
        managerUsername: manager,
      });
    }
  }
  return people;
}

export interface CustomerSeed {
  code: string;
  name: string;
  nameNormalized: string;
  type: 'hospital' | 'clinic' | 'distributor' | 'agent';
  hospitalGrade: string | null;
  distributorLevel: number | null;
  channel: 'direct' | 'distributor' | 'agent' | 'tender';
  taxId: string | null;
  cityCode: string;
  salesRegionCode: string;
  address: string;
  contactName: string;
  contactPhone: string;
  ownerUsername: string | null;
  paymentTermsDays: number;
  minShelfLifeDays: number;
  isTarget: boolean;
}

/** 统一社会信用代码: 2-character registration type, 6-digit division code, 9-character body, check character. */
function unifiedSocialCreditCode(random: Random, prefix: string): string {
  const chars = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  let body = prefix + String(random.int(110_000, 659_999));
  while (body.length < 17) body += chars[random.int(0, chars.length - 1)];
  return body + computeUsccCheckChar(body);
}

function phone(random: Random): string {
  return `1${random.pick(['35', '38', '39', '58', '86', '88'])}${String(random.int(0, 99_999_999)).padStart(8, '0')}`;
}

const hospitalPatterns: readonly (readonly [string, number])[] = [
  ['{city}市第一人民医院', 3],
  ['{city}市第二人民医院', 2],
  ['{city}市中心医院', 3],
  ['{province}省人民医院', 2],
  ['{city}市中医医院', 2],
  ['{city}医科大学附属第一医院', 2],
  ['{city}市妇幼保健院', 1],
  ['{city}市骨科医院', 1],
  ['{city}市肿瘤医院', 1],
  ['{city}市第三人民医院', 1],
  ['{city}市儿童医院', 1],
  ['{city}市心血管病医院', 1],
];
const gradeWeights: readonly (readonly [string, number])[] = [
  ['3A', 35],
  ['3B', 15],
  ['2A', 28],
  ['2B', 10],
  ['1', 7],
  ['ungraded', 5],
];

interface CityRef {
  code: string;
  nameZh: string;
  provinceZh: string;
  salesRegionCode: string;
  weight: number;
}

function cities(): CityRef[] {
  return salesRegions.flatMap((region) =>
    region.provinces.flatMap((province) =>
      province.cities.map(([code, nameZh], index) => ({
        code,
        nameZh: nameZh.replace(/市$/, ''),
        provinceZh: province.nameZh,
        salesRegionCode: region.code,
        // Capitals and the first cities of big provinces carry more hospitals.
        weight: index === 0 ? 3 : 1,
      })),
    ),
  );
}

export function generateCustomers(random: Random, scale: number, reps: SalesPerson[]): CustomerSeed[] {
  const places = cities();
  const weightedPlaces = places.map((c) => [c, c.weight] as const);
  const repsByRegion = new Map<string, string[]>();
  for (const rep of reps.filter((p) => p.roles.includes('sales_rep'))) {
    repsByRegion.set(rep.regionCode, [...(repsByRegion.get(rep.regionCode) ?? []), rep.username]);
  }
  const seenNames = new Set<string>();
  const customers: CustomerSeed[] = [];
  const add = (seed: Omit<CustomerSeed, 'nameNormalized'>) => {
    const nameNormalized = normalizeCustomerName(seed.name);
    if (seenNames.has(nameNormalized)) return false;
    seenNames.add(nameNormalized);
    customers.push({ ...seed, nameNormalized });
    return true;
  };
  const owner = (regionCode: string) => random.pick(repsByRegion.get(regionCode) ?? [null]);

  let hospitals = 0;
  for (let attempt = 0; hospitals < 300 * scale && attempt < 3000 * scale; attempt++) {
    const city = random.weighted(weightedPlaces);
    const pattern = random.weighted(hospitalPatterns);
    const suffix = scale > 1 && attempt >= 300 ? `（${Math.floor(attempt / 300)}院区）` : '';
    const name = pattern.replace('{city}', city.nameZh).replace('{province}', city.provinceZh) + suffix;
    const grade = random.weighted(gradeWeights);
    const added = add({
      code: `H${String(hospitals + 1).padStart(5, '0')}`,
      name,
      type: 'hospital',
      hospitalGrade: grade,
      distributorLevel: null,
      channel: random.weighted([
        ['direct', 55],
        ['tender', 25],
        ['distributor', 20],
      ] as const),
      taxId: unifiedSocialCreditCode(random, '12'),
      cityCode: city.code,
      salesRegionCode: city.salesRegionCode,
      address: `${city.provinceZh}${city.nameZh}市${random.pick(['人民路', '解放路', '中山路', '建设路', '健康路'])}${random.int(1, 399)}号`,
      contactName: chineseName(random),
      contactPhone: phone(random),
      ownerUsername: owner(city.salesRegionCode),
      // Public hospitals pay within 60 days; a few old contracts still say 90.
      paymentTermsDays: random.weighted([
        [60, 80],
        [30, 12],
        [90, 8],
      ] as const),
      minShelfLifeDays: random.weighted([
        [0, 50],
        [90, 30],
        [180, 20],
      ] as const),
      isTarget: grade === '3A' || grade === '3B',
    });
    if (added) hospitals++;
  }

  const distributorWords = [
    '康达',
    '华康',
    '瑞医',
    '恒通',
    '众康',
    '博远',
    '安泰',
    '仁和',
    '德信',
    '益康',
    '佳和',
    '永安',
    '天成',
    '新特',
    '鼎盛',
  ];
  let distributors = 0;
  for (let attempt = 0; distributors < 60 * scale && attempt < 2000 * scale; attempt++) {
    const city = random.weighted(weightedPlaces);
    const name = `${city.provinceZh}${random.pick(distributorWords)}${random.pick(['医疗器械', '医疗科技', '医药器械', '医疗供应链'])}有限公司`;
    const level = random.weighted([
      [1, 15],
      [2, 45],
      [3, 40],
    ] as const);
    const added = add({
      code: `D${String(distributors + 1).padStart(5, '0')}`,
      name,
      type: 'distributor',
      hospitalGrade: null,
      distributorLevel: level,
      channel: 'distributor',
      taxId: unifiedSocialCreditCode(random, '91'),
      cityCode: city.code,
      salesRegionCode: city.salesRegionCode,
      address: `${city.provinceZh}${city.nameZh}市高新区${random.int(1, 99)}号`,
      contactName: chineseName(random),
      contactPhone: phone(random),
      ownerUsername: owner(city.salesRegionCode),
      paymentTermsDays: random.weighted([
        [30, 30],
        [60, 40],
        [90, 30],
      ] as const),
      minShelfLifeDays: random.weighted([
        [90, 40],
        [120, 30],
        [180, 30],
      ] as const),
      isTarget: false,
    });
    if (added) distributors++;
  }

  for (let i = 1; i <= 20 * scale; i++) {
    const city = random.weighted(weightedPlaces);
    add({
      code: `A${String(i).padStart(5, '0')}`,
      name: `${city.nameZh}${random.pick(distributorWords)}医疗器械代理服务部${i > 20 ? i : ''}`,
      type: 'agent',
      hospitalGrade: null,
      distributorLevel: null,
      channel: 'agent',
      taxId: unifiedSocialCreditCode(random, '92'),
      cityCode: city.code,
      salesRegionCode: city.salesRegionCode,
      address: `${city.provinceZh}${city.nameZh}市${random.int(1, 200)}号`,
      contactName: chineseName(random),
      contactPhone: phone(random),
      ownerUsername: owner(city.salesRegionCode),
      paymentTermsDays: 30,
      minShelfLifeDays: 90,
      isTarget: false,
    });
  }
  for (let i = 1; i <= 40 * scale; i++) {
    const city = random.weighted(weightedPlaces);
    add({
      code: `C${String(i).padStart(5, '0')}`,
      name: `${city.nameZh}${random.pick(['康健', '仁爱', '博爱', '安康', '惠民'])}${random.pick(['社区卫生服务中心', '门诊部', '诊所'])}${i > 40 ? i : ''}`,
      type: 'clinic',
      hospitalGrade: null,
      distributorLevel: null,
      channel: random.weighted([
        ['distributor', 60],
        ['direct', 40],
      ] as const),
      taxId: unifiedSocialCreditCode(random, '52'),
      cityCode: city.code,
      salesRegionCode: city.salesRegionCode,
      address: `${city.provinceZh}${city.nameZh}市${random.int(1, 200)}号`,
      contactName: chineseName(random),
      contactPhone: phone(random),
      ownerUsername: owner(city.salesRegionCode),
      paymentTermsDays: 30,
      minShelfLifeDays: 0,
      isTarget: false,
    });
  }
  return customers;
}

export interface ProductSeed {
  sku: string;
  nameZh: string;
  nameEn: string;
  modelSpec: string;
  lineCode: string;
  unit: string;
  gtin: string;
  certificateNumber: string;
  deviceClass: 1 | 2 | 3;
  certificateExpiry: string | null;
  manufacturerCode: string;
  storageCondition: string | null;
  coldChainMinC: number | null;
  coldChainMaxC: number | null;
  shelfLifeDays: number;
  standardCostFen: number;
  listPriceFen: number;
  floorPriceFen: number;
  vatRate: number;
  isSerialTracked: boolean;
  isImplant: boolean;
}

function certificateNumber(
  random: Random,
  line: ProductLineSeed,
  deviceClass: 1 | 2 | 3,
  imported: boolean,
  provinceAbbr: string,
) {
  const year = random.int(2020, 2025);
  const serial = String(random.int(1, 9999)).padStart(4, '0');
  if (deviceClass === 1) return { number: `${provinceAbbr}械备${year}${serial}`, year };
  if (deviceClass === 3 || imported)
    return { number: `国械注${imported ? '进' : '准'}${year}${deviceClass}${line.category}${serial}`, year };
  return { number: `${provinceAbbr}械注准${year}${deviceClass}${line.category}${serial}`, year };
}

function roundPrice(yuan: number): number {
  // Prices end in whole yuan above 100, in 0.1 yuan below: what a price list looks like.
  const fen = yuan >= 100 ? Math.round(yuan) * 100 : Math.round(yuan * 10) * 10;
  return Math.max(10, fen);
}

export function generateProducts(random: Random, scale: number, today: string): ProductSeed[] {
  const total = 400 * scale;
  const totalWeight = productLineSeeds.reduce((sum, l) => sum + l.weight, 0);
  const products: ProductSeed[] = [];
  let itemReference = 100;
  for (const line of productLineSeeds) {
    const count = Math.max(4, Math.round((total * line.weight) / totalWeight));
    for (let i = 0; i < count; i++) {
      const [nameZh, nameEn] = random.pick(line.items);
      const model = `${random.pick(line.models)}${i >= line.models.length ? `-${String.fromCharCode(65 + (i % 26))}${Math.floor(i / 26) || ''}` : ''}`;
      const deviceClass = random.weighted(line.classes);
      const makerCode = random.pick(lineMakers[line.code] ?? ['M-WEGO']);
      const maker = supplierSeeds.find(([code]) => code === makerCode)!;
      const imported = maker[3] !== 'CN';
      const certificate = certificateNumber(random, line, deviceClass, imported, maker[4] ?? '京');
      // Certificates run five years from their year; a few are about to expire, one has.
      let expiry: string | null =
        deviceClass === 1
          ? null
          : `${certificate.year + 5}-${String(random.int(1, 12)).padStart(2, '0')}-${String(random.int(1, 28)).padStart(2, '0')}`;
      if (expiry && expiry <= today) expiry = addDays(today, random.int(200, 1200));
      if (deviceClass > 1 && random.chance(0.02)) expiry = addDays(today, random.int(5, 55));
      const list = roundPrice(line.priceYuan[0] + random.next() * (line.priceYuan[1] - line.priceYuan[0]));
      const costShare = line.costShare[0] + random.next() * (line.costShare[1] - line.costShare[0]);
      itemReference++;
      const gtinData = `0690123${String(itemReference).padStart(6, '0')}`;
      products.push({
        sku: `${line.code}-${String(i + 1).padStart(4, '0')}`,
        nameZh,
        nameEn,
        modelSpec: model,
        lineCode: line.code,
        unit: line.unit,
        gtin: gtinData + computeGs1CheckDigit(gtinData),
        certificateNumber: certificate.number,
        deviceClass,
        certificateExpiry: expiry,
        manufacturerCode: makerCode,
        storageCondition: line.coldChain ? '2-8℃ 冷藏' : '常温干燥',
        coldChainMinC: line.coldChain ? 2 : null,
        coldChainMaxC: line.coldChain ? 8 : null,
        shelfLifeDays: random.int(line.shelfLifeDays[0], line.shelfLifeDays[1]),
        standardCostFen: Math.round(list * costShare),
        listPriceFen: list,
        floorPriceFen: Math.round(list * 0.7),
        vatRate: 0.13,
        isSerialTracked: line.isSerialTracked,
        isImplant: line.isImplant,
      });
    }
  }
  // The expired certificate the compliance pages show.
  const expired = products.find((p) => p.deviceClass === 3 && !p.isImplant);
  if (expired) expired.certificateExpiry = addDays(today, -12);
  return products;
}
