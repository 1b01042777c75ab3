/**
 * The history's binary COPY (copy-binary.ts) stores exactly what CSV stores for the same values:
 * the same rows COPYed both ways into twin tables read back identical, for chosen edge cases and
 * for random rows. Values a column cannot take are refused with the column's name, and a table
 * with a type the encoder does not write goes through the writer as CSV.
 */
import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyIn } from '../../server/modules/imports/copy-in.ts';
import { createTestDatabase, type TestDatabase } from '../../server/testing/test-db.ts';
import { BinaryChunk, binaryColumnTypes, columnTypeOids, OffsetTime } from './copy-binary.ts';
import { CsvChunk } from './csv.ts';
import { HistoryWriter } from './writer.ts';

let test: TestDatabase;
let client: pg.Client;

const columns = [
  'id',
  'i2',
  'i4',
  'i8',
  'rate',
  'fx',
  'amount',
  'label',
  'code',
  'flag',
  'day',
  'at',
  'serials',
];
const definition = `(id int PRIMARY KEY, i2 smallint, i4 integer, i8 bigint, rate numeric(5,4), fx numeric(18,8),
  amount numeric, label text, code varchar(40), flag boolean, day date, at timestamptz, serials text[])`;

beforeAll(async () => {
  test = await createTestDatabase();
  client = new pg.Client({ connectionString: test.adminUrl });
  await client.connect();
  await client.query(`CREATE TABLE copy_binary ${definition}`);
  await client.query(`CREATE TABLE copy_csv ${definition}`);
  await client.query('CREATE TABLE copy_json (id int PRIMARY KEY, doc jsonb)');
}, 120_000);
afterAll(async () => {
  await client?.end();
  await test?.drop();
});

/** COPYs `rows` into both tables, one way each, and reads both back as text. */
async function bothWays(rows: readonly unknown[][]): Promise<{ binary: string[]; csv: string[] }> {
  await client.query('TRUNCATE copy_binary, copy_csv');
  const types = binaryColumnTypes(await columnTypeOids(client), 'copy_binary', columns);
  if (!types) throw new Error('every column of copy_binary has a type the encoder writes');
  const binary = new BinaryChunk('copy_binary', columns, types, 64);
  const csv = new CsvChunk(64);
  for (const row of rows) {
    binary.row(row);
    // CSV takes arrays as literals only; the binary chunk takes both.
    csv.row(row.map((v) => (Array.isArray(v) ? `{${v.join(',')}}` : v)));
  }
  const list = columns.join(', ');
  await copyIn(client, `COPY copy_binary (${list}) FROM STDIN (FORMAT binary)`, binary.finish());
  await copyIn(client, `COPY copy_csv (${list}) FROM STDIN (FORMAT csv)`, csv.finish());
  const read = async (table: string) =>
    (await client.query<{ r: string }>(`SELECT t::text AS r FROM ${table} t ORDER BY id`)).rows.map(
      (r) => r.r,
    );
  return { binary: await read('copy_binary'), csv: await read('copy_csv') };
}

describe('binary COPY for the history', () => {
  it('stores what CSV stores: integers, decimals, text, dates, timestamps, arrays and NULLs', async () => {
    const rows: unknown[][] = [
      [1, 0, 0, 0, '0', '0', '0', '', '', false, '2000-01-01', '2000-01-01 00:00:00Z', '{}'],
      [
        2,
        -32_768,
        -2_147_483_648,
        -9_007_199_254_740_991,
        '-0.0500',
        '-12345678.12345678',
        '-0.00',
        'a "quoted", word',
        'SO-2026',
        true,
        '1999-12-31',
        new OffsetTime('2026-03-09', 8 * 3600 + 30 * 60, 8),
        '{SN1,SN2}',
      ],
      [
        3,
        32_767,
        2_147_483_647,
        9_007_199_254_740_991,
        '0.1300',
        7.12345678,
        1234.5,
        '上海中心仓 🚑\nline',
        'x',
        't',
        '2024-02-29',
        '2025-12-31 23:59:59.5-05:30',
        ['A1', 'b-2'],
      ],
      [
        4,
        '12',
        '-7',
        '9223372036854775807',
        1,
        '0.00000001',
        '100000000.0001',
        '退货 "RT-1"',
        'y',
        'f',
        '2026-11-25',
        '2026-11-25 08:00:00+0800',
        '{ONE}',
      ],
      [
        5,
        null,
        null,
        '-9223372036854775808',
        null,
        null,
        '10000',
        null,
        null,
        null,
        null,
        '2026-06-01T12:00:00.123456Z',
        null,
      ],
      [
        6,
        -1,
        65_536,
        4_294_967_296,
        '0.0001',
        '99999.99999999',
        '0.1',
        'tail',
        'z',
        false,
        '2030-01-31',
        new OffsetTime('1999-12-31', 23 * 3600, -1),
        '{x}',
      ],
      [
        7,
        1,
        -65_536,
        -4_294_967_297,
        '9.9999',
        '-0.00000001',
        '-1e-7',
        '',
        'w',
        true,
        '2026-01-01',
        '2026-01-01 00:00:00+14',
        '{A,B,C}',
      ],
    ];
    const { binary, csv } = await bothWays(rows);
    expect(binary).toHaveLength(rows.length);
    expect(binary).toEqual(csv);
    // Spot checks of what the text says, in case both ways were wrong alike.
    expect(binary[1]).toContain('"2026-03-09 00:30:00+00"');
    expect(binary[3]).toContain('9223372036854775807');
    expect(binary[1]).toContain('-0.0500');
  });

  it('stores what CSV stores for random rows', async () => {
    const decimal = (whole: number, decimals: number) =>
      fc
        .tuple(
          fc.boolean(),
          fc.bigInt({ min: 0n, max: 10n ** BigInt(whole) - 1n }),
          fc.integer({ min: 0, max: 10 ** decimals - 1 }),
        )
        .map(([negative, w, f]) => `${negative ? '-' : ''}${w}.${String(f).padStart(decimals, '0')}`);
    const day = fc
      .date({
        min: new Date('1990-01-01T00:00:00Z'),
        max: new Date('2040-12-31T00:00:00Z'),
        noInvalidDate: true,
      })
      .map((d) => d.toISOString().slice(0, 10));
    const offset = fc.constantFrom('Z', '+08', '-05', '-05:30', '+0545', '+00');
    const timestampText = fc
      .tuple(
        day,
        fc.integer({ min: 0, max: 86_399 }),
        fc.option(fc.integer({ min: 0, max: 999_999 }), { nil: null }),
        offset,
      )
      .map(([d, s, us, o]) => {
        const hh = String(Math.floor(s / 3600)).padStart(2, '0');
        const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
        const ss = String(s % 60).padStart(2, '0');
        return `${d} ${hh}:${mm}:${ss}${us === null ? '' : `.${String(us).padStart(6, '0')}`}${o}`;
      });
    // The history's timestamps are OffsetTimes, which CSV prints and the binary chunk stores.
    const offsetTime = fc
      .tuple(day, fc.integer({ min: 0, max: 86_399 }), fc.integer({ min: -12, max: 14 }))
      .map(([d, s, h]) => new OffsetTime(d, s, h));
    const timestamp = fc.oneof(timestampText, offsetTime);
    const nullable = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null, freq: 6 });
    const row = fc.tuple(
      nullable(fc.integer({ min: -32_768, max: 32_767 })),
      nullable(fc.integer({ min: -2_147_483_648, max: 2_147_483_647 })),
      nullable(fc.maxSafeInteger()),
      nullable(decimal(1, 4)),
      nullable(decimal(10, 8)),
      nullable(decimal(20, 6)),
      nullable(fc.string({ unit: 'binary', maxLength: 30 }).map((s) => s.replaceAll('\u0000', ''))),
      nullable(fc.string({ maxLength: 40 })),
      nullable(fc.boolean()),
      nullable(day),
      nullable(timestamp),
      nullable(fc.array(fc.stringMatching(/^[A-Z0-9]{1,12}$/), { maxLength: 5 })),
    );
    const rows = fc.sample(row, { numRuns: 400, seed: 2026 }).map((r, i) => [i + 1, ...r]);
    const { binary, csv } = await bothWays(rows);
    expect(binary).toHaveLength(400);
    expect(binary).toEqual(csv);
  });

  it('refuses values the column cannot take, naming the column', () => {
    const types = binaryColumnTypes(
      new Map([
        [
          't',
          new Map([
            ['n', 21],
            ['d', 1082],
            ['at', 1184],
            ['x', 1700],
            ['b', 16],
            ['s', 1009],
          ]),
        ],
      ]),
      't',
      ['n', 'd', 'at', 'x', 'b', 's'],
    )!;
    const row = (changes: Record<number, unknown>) => {
      const values: unknown[] = [1, '2026-01-31', '2026-01-31 08:00:00+08', '1.5', true, '{A}'];
      for (const [i, v] of Object.entries(changes)) values[Number(i)] = v;
      return () => new BinaryChunk('t', ['n', 'd', 'at', 'x', 'b', 's'], types).row(values);
    };
    expect(row({})).not.toThrow();
    expect(row({ 0: 40_000 })).toThrow('t.n (int2): 40000 is out of range');
    expect(row({ 0: 1.5 })).toThrow('t.n (int2): 1.5 is not a whole number');
    expect(row({ 1: '2026-02-30' })).toThrow('t.d (date): 2026-02-30 is not a date');
    expect(row({ 2: '2026-01-31 08:00:00' })).toThrow('t.at (timestamptz)');
    expect(row({ 2: new OffsetTime('2026-01-31', 86_400, 8) })).toThrow(
      't.at (timestamptz): 86400 is not a second',
    );
    expect(row({ 2: new OffsetTime('2026-13-01', 0, 8) })).toThrow(
      't.at (timestamptz): 2026-13-01 is not a date',
    );
    expect(row({ 3: '1,5' })).toThrow('t.x (numeric): 1,5 is not a decimal number');
    expect(row({ 4: 'yes' })).toThrow('t.b (bool): yes is not a boolean');
    expect(row({ 5: '{"a b"}' })).toThrow('t.s (text[])');
    expect(() => new BinaryChunk('t', ['n'], ['int2']).row([1, 2])).toThrow(
      'a row of 2 values for 1 columns',
    );
  });

  it('writes a table with a type it does not encode (jsonb) as CSV, through the writer', async () => {
    const oids = await columnTypeOids(client);
    expect(binaryColumnTypes(oids, 'copy_json', ['id', 'doc'])).toBeNull();
    expect(binaryColumnTypes(oids, 'copy_binary', columns)).toHaveLength(columns.length);
    const writer = new HistoryWriter(client);
    await writer.copy('copy_json', ['id', 'doc'], 3, (i) => [i + 1, JSON.stringify({ n: i, s: 'a,"b"' })]);
    await writer.copy('copy_binary', ['id', 'label', 'day'], 2, (i) => [10_000 + i, `行 ${i}`, '2026-11-25']);
    await writer.flush();
    const json = await client.query<{ n: number; s: string }>(
      `SELECT (doc->>'n')::int AS n, doc->>'s' AS s FROM copy_json ORDER BY id`,
    );
    expect(json.rows).toEqual([0, 1, 2].map((n) => ({ n, s: 'a,"b"' })));
    const binary = await client.query<{ r: string }>(
      `SELECT concat(id, ' ', label, ' ', day) AS r FROM copy_binary WHERE id >= 10000 ORDER BY id`,
    );
    expect(binary.rows.map((r) => r.r)).toEqual(['10000 行 0 2026-11-25', '10001 行 1 2026-11-25']);
  });
});
