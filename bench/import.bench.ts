/**
 * Import throughput: customer files of 100,000 and 1,000,000 rows (GBK CSV, as Chinese Excel
 * saves them) through the import service — upload, dry run, commit — next to plain PostgreSQL
 * `COPY customers FROM STDIN` of the same rows already converted to table columns (UTF-8, ids
 * resolved, names normalised: what COPY needs, prepared outside the timing). Both load into a
 * fresh database with the same indexes, on the same server. Target: at least a quarter of
 * COPY's rate.
 *
 * Runs on its own embedded PostgreSQL in a temporary folder, or on DATABASE_URL (needs the right
 * to create databases). BENCH_IMPORT_ROWS=100000,1000000 chooses the sizes.
 */
import os from 'node:os';
import iconv from 'iconv-lite';
import pg from 'pg';
import { customerFields } from '../server/modules/imports/customers.import-fields.ts';
import { parseRows } from '../server/modules/imports/import-entity.ts';
import {
  commitImport,
  dryRunImport,
  readImportLimits,
  uploadImport,
} from '../server/modules/imports/index.ts';
import { buildRegionIndex } from '../server/modules/imports/region-index.ts';
import {
  generateCustomerFile,
  type SampleRegion,
  toCsvText,
} from '../server/modules/imports/sample-customer-file.ts';
import { normalizeCustomerName } from '../server/modules/parties/index.ts';
import { systemContext } from '../server/platform/auth-context.ts';
import { createPool } from '../server/platform/db.ts';
import { migrate } from '../server/platform/migrate.ts';
import { startBenchDatabase, withDatabase } from './bench-utils.ts';
import { copyFromBuffer } from './copy-from.ts';

const REGIONS: SampleRegion[] = [
  ['BJ', '北京', 'Beijing'],
  ['TJ', '天津', 'Tianjin'],
  ['HE', '河北', 'Hebei'],
  ['SH', '上海', 'Shanghai'],
  ['JS', '江苏', 'Jiangsu'],
  ['ZJ', '浙江', 'Zhejiang'],
  ['GD', '广东', 'Guangdong'],
  ['SC', '四川', 'Sichuan'],
  ['HB', '湖北', 'Hubei'],
  ['SN', '陕西', 'Shaanxi'],
  ['SD', '山东', 'Shandong'],
  ['HA', '河南', 'Henan'],
].map(([code, nameZh, nameEn]) => ({ code: code!, nameZh: nameZh!, nameEn: nameEn! }));
const REPS = ['rep.north', 'rep.east', 'rep.south'];
const TEMPLATE = 'pulse_bench_template';

const COPY_COLUMNS = [
  'code',
  'name',
  'name_normalized',
  'type',
  'hospital_grade',
  'distributor_level',
  'channel',
  'tax_id',
  'region_id',
  'address',
  'contact_name',
  'contact_phone',
  'owner_rep_id',
  'payment_terms_days',
  'min_shelf_life_days',
  'is_target',
  'is_active',
];
const DEFAULT_CHANNEL: Record<string, string> = {
  hospital: 'direct',
  clinic: 'direct',
  distributor: 'distributor',
  agent: 'agent',
};

async function admin(url: string, sql: string) {
  const client = new pg.Client({ connectionString: withDatabase(url, 'postgres') });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function prepareTemplate(
  adminUrl: string,
): Promise<{ regionIds: Map<string, number>; repIds: Map<string, number> }> {
  await admin(adminUrl, `DROP DATABASE IF EXISTS ${TEMPLATE}`);
  await admin(adminUrl, `CREATE DATABASE ${TEMPLATE}`);
  const url = withDatabase(adminUrl, TEMPLATE);
  await migrate(url);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO regions (id, parent_id, level, code, name_zh, name_en) VALUES (1, NULL, 'country', 'CN', '中国', 'China')`,
    );
    const regionIds = new Map<string, number>();
    for (const [i, region] of REGIONS.entries()) {
      await client.query(
        `INSERT INTO regions (id, parent_id, level, code, name_zh, name_en) VALUES ($1, 1, 'province', $2, $3, $4)`,
        [10 + i, region.code, region.nameZh, region.nameEn],
      );
      regionIds.set(region.code, 10 + i);
    }
    const repIds = new Map<string, number>();
    for (const username of REPS) {
      const { rows } = await client.query<{ id: number }>(
        `INSERT INTO users (username, display_name, password_hash, roles) VALUES ($1, $1, 'x', '{sales_rep}') RETURNING id`,
        [username],
      );
      repIds.set(username, rows[0]!.id);
    }
    return { regionIds, repIds };
  } finally {
    await client.end();
  }
}

const csvCell = (value: unknown) => {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) || text === '' ? `"${text.replaceAll('"', '""')}"` : text;
};

/** The rows as COPY needs them: table columns, canonical values, ids — prepared before timing. */
function prepareCopyFile(rows: string[][], headers: string[], repIds: Map<string, number>): Buffer {
  const columns = new Map(
    customerFields.flatMap((f) => {
      const index = headers.indexOf(
        {
          code: '客户编码',
          name: '客户名称',
          type: '客户类型',
          hospitalGrade: '医院等级',
          distributorLevel: '经销商级别',
          channel: '渠道',
          taxId: '统一社会信用代码',
          region: '区域',
          address: '地址',
          contactName: '联系人',
          contactPhone: '联系电话',
          ownerRep: '负责销售',
          paymentTermsDays: '账期(天)',
          minShelfLifeDays: '最短效期(天)',
          isTarget: '目标医院',
        }[f.name] ?? '',
      );
      return index < 0 ? [] : [[f.name, index] as const];
    }),
  );
  const regions = buildRegionIndex(REGIONS.map((r, i) => ({ ...r, id: 10 + i })));
  const lines: string[] = [];
  const parsed = parseRows(
    rows.map((cells, i) => ({ rowNumber: i + 2, cells })),
    customerFields,
    columns,
    () => {
      throw new Error('the benchmark file must be clean');
    },
  );
  for (const { values: v } of parsed) {
    const region = regions.resolve(v.region as string);
    if (region.kind !== 'found') throw new Error('unknown region in benchmark file');
    const type = v.type as string;
    lines.push(
      [
        v.code,
        v.name,
        normalizeCustomerName(v.name as string),
        type,
        v.hospitalGrade,
        v.distributorLevel,
        v.channel ?? DEFAULT_CHANNEL[type],
        v.taxId,
        region.id,
        v.address,
        v.contactName,
        v.contactPhone,
        v.ownerRep ? repIds.get(v.ownerRep as string) : null,
        v.paymentTermsDays ?? 30,
        v.minShelfLifeDays ?? 0,
        v.isTarget === true,
        true,
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return Buffer.from(`${lines.join('\n')}\n`, 'utf8');
}

interface Measurement {
  rows: number;
  copySeconds: number;
  uploadSeconds: number;
  dryRunSeconds: number;
  commitSeconds: number;
}

const seconds = (start: number) => (performance.now() - start) / 1000;

async function measure(
  adminUrl: string,
  appUrl: string,
  rows: number,
  repIds: Map<string, number>,
): Promise<Measurement> {
  const sample = generateCustomerFile({ rows, seed: 7, regions: REGIONS, ownerReps: REPS });
  const importFile = iconv.encode(toCsvText(sample.headers, sample.rows), 'gbk');
  const copyFile = prepareCopyFile(sample.rows, sample.headers, repIds);
  sample.rows.length = 0;

  const copyDb = `pulse_bench_copy_${rows}`;
  await admin(adminUrl, `DROP DATABASE IF EXISTS ${copyDb}`);
  await admin(adminUrl, `CREATE DATABASE ${copyDb} TEMPLATE ${TEMPLATE}`);
  const copyClient = new pg.Client({ connectionString: withDatabase(adminUrl, copyDb) });
  await copyClient.connect();
  let start = performance.now();
  await copyFromBuffer(
    copyClient,
    `COPY customers (${COPY_COLUMNS.join(', ')}) FROM STDIN WITH (FORMAT csv)`,
    copyFile,
  );
  const copySeconds = seconds(start);
  const copied = (await copyClient.query<{ n: number }>('SELECT count(*)::int AS n FROM customers')).rows[0]!
    .n;
  await copyClient.end();
  await admin(adminUrl, `DROP DATABASE ${copyDb}`);
  if (copied !== rows) throw new Error(`COPY loaded ${copied} rows, expected ${rows}`);

  const importDb = `pulse_bench_import_${rows}`;
  await admin(adminUrl, `DROP DATABASE IF EXISTS ${importDb}`);
  await admin(adminUrl, `CREATE DATABASE ${importDb} TEMPLATE ${TEMPLATE}`);
  const db = createPool(withDatabase(appUrl, importDb), 10);
  const ctx = systemContext('en');
  const limits = {
    ...readImportLimits(),
    maxFileBytes: 1024 ** 3,
    maxRows: 2_000_000,
    maxStoredProblems: 1000,
  };
  try {
    start = performance.now();
    const job = await uploadImport(
      db,
      ctx,
      { entity: 'customers', fileName: `customers-${rows}.csv`, content: importFile },
      limits,
    );
    const uploadSeconds = seconds(start);
    start = performance.now();
    const dryRun = await dryRunImport(db, ctx, job.id, { limits });
    const dryRunSeconds = seconds(start);
    if (dryRun.job.problemCount !== 0) throw new Error(`dry run found ${dryRun.job.problemCount} problems`);
    start = performance.now();
    const commit = await commitImport(db, ctx, job.id, { limits });
    const commitSeconds = seconds(start);
    if (commit.created !== rows) throw new Error(`import created ${commit.created} rows, expected ${rows}`);
    return { rows, copySeconds, uploadSeconds, dryRunSeconds, commitSeconds };
  } finally {
    await db.end();
    await admin(adminUrl, `DROP DATABASE IF EXISTS ${importDb}`);
  }
}

function report(results: Measurement[]) {
  const n = (value: number) => Math.round(value).toLocaleString('en-US');
  const s = (value: number) => value.toFixed(1);
  const header = [
    'rows',
    'COPY s',
    'COPY rows/s',
    'upload s',
    'dry run s',
    'commit s',
    'import rows/s',
    'vs COPY',
    'incl. upload',
  ];
  const table = results.map((r) => {
    const copyRate = r.rows / r.copySeconds;
    const importRate = r.rows / (r.dryRunSeconds + r.commitSeconds);
    const withUpload = r.rows / (r.uploadSeconds + r.dryRunSeconds + r.commitSeconds);
    return [
      n(r.rows),
      s(r.copySeconds),
      n(copyRate),
      s(r.uploadSeconds),
      s(r.dryRunSeconds),
      s(r.commitSeconds),
      n(importRate),
      `${Math.round((importRate / copyRate) * 100)}%`,
      `${Math.round((withUpload / copyRate) * 100)}%`,
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)));
  for (const row of [header, ...table])
    console.log(row.map((cell, i) => cell.padStart(widths[i]!)).join('  '));
  console.log(
    'import rows/s = rows ÷ (dry run + commit); "incl. upload" also counts storing and reading the file once.',
  );
  console.log('Target: import at least 25% of COPY.');
}

export async function run(): Promise<void> {
  const sizes = (process.env.BENCH_IMPORT_ROWS ?? '100000,1000000').split(',').map(Number);
  const { adminUrl, appUrl, stop } = await startBenchDatabase('import');
  try {
    const { repIds } = await prepareTemplate(adminUrl);
    const version = new pg.Client({ connectionString: withDatabase(adminUrl, TEMPLATE) });
    await version.connect();
    const { rows } = await version.query<{ v: string }>("SELECT current_setting('server_version') AS v");
    await version.end();
    console.log(
      `Customers from a GBK CSV; PostgreSQL ${rows[0]!.v} (${process.env.DATABASE_URL ? 'DATABASE_URL' : 'embedded, default settings'}); ` +
        `${os.cpus().length} CPUs; Node ${process.version}`,
    );
    const results: Measurement[] = [];
    for (const size of sizes) {
      results.push(await measure(adminUrl, appUrl, size, repIds));
      console.log(`  ${size.toLocaleString('en-US')} rows done`);
    }
    report(results);
  } finally {
    await admin(adminUrl, `DROP DATABASE IF EXISTS ${TEMPLATE}`).catch(() => {});
    await stop();
  }
}
