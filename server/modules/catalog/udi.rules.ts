/**
 * UDI parsing (DOMAIN §1): one entry point, `parseUdi`, for what a scanner or a person hands
 * us — GS1 element strings (raw, with group separators), their parenthesised human-readable
 * form, GS1 Digital Link URIs and HIBC LIC — returning the same fields whatever the carrier.
 *
 * Errors carry a stable code and the 0-based index into the original input (symbology
 * prefix included) so the UI can point at the offending character. When the input ends too
 * early the position equals the input's length.
 *
 * Not supported, deliberately (they are rejected, never guessed at):
 * - GS1 AIs other than 01, 10, 11, 17, 21, 240, 30 and 7003 (UNKNOWN_AI);
 * - compressed GS1 Digital Link URIs, and Digital Link primary keys other than (01);
 * - HIBC quantity secondaries `$$8` / `$$9` (UNKNOWN_FORMAT at the format digit), HIBC
 *   supplemental fields other than `/14D`, `/16D` and `/S`, and HIBC PAS (provider) data.
 * GS1 mandatory AI associations (e.g. (21) requires (01)) are not enforced: two-line GS1-128
 * labels carry the GTIN and the lot/serial in separate symbols, so each scan is partial.
 */

import { computeGs1CheckDigit } from './gtin.rules.ts';

export type UdiFormat = 'gs1' | 'gs1-digital-link' | 'hibc';

/** Stable codes; the UI translates by code. */
export const udiErrorCodes = [
  'EMPTY',
  'UNKNOWN_FORMAT',
  'UNKNOWN_AI',
  'BAD_LENGTH',
  'BAD_CHECK_DIGIT',
  'BAD_DATE',
  'VALUE_TOO_LONG',
  'DUPLICATE_AI',
  'BAD_CHARACTER',
] as const;

export type UdiErrorCode = (typeof udiErrorCodes)[number];

export interface UdiError {
  code: UdiErrorCode;
  /** English; the UI translates by `code`. */
  message: string;
  /** 0-based index into the original input. */
  position: number;
}

/** HIBC primary data (alone or concatenated with secondary data in one symbol). */
export interface HibcPrimary {
  structure: 'primary' | 'concatenated';
  labelerId: string;
  productCode: string;
  unitOfMeasure: number;
  /** `+` LIC PCN U/M and its own check character: the HIBC UDI-DI as registered. */
  deviceIdentifier: string;
  checkCharacter: string;
}

/** A separate HIBC secondary symbol; `linkCharacter` equals its primary's check character. */
export interface HibcSecondary {
  structure: 'secondary';
  linkCharacter: string;
  checkCharacter: string;
}

export type HibcData = HibcPrimary | HibcSecondary;

export interface Udi {
  format: UdiFormat;
  /** Always GTIN-14. */
  gtin?: string;
  lot?: string;
  serial?: string;
  /** `YYYY-MM-DD`. */
  productionDate?: string;
  /** `YYYY-MM-DD`. */
  expiry?: string;
  /** `YYYY-MM-DDThh:mm`, local time of the labeller, no zone. */
  expiryDateTime?: string;
  additionalId?: string;
  count?: number;
  hibc?: HibcData;
}

export type UdiParseResult = { ok: true; value: Udi } | { ok: false; error: UdiError };

const GS = '\x1d';

// Internal early exit; never escapes parseUdi.
class UdiParseFailure extends Error {
  constructor(readonly error: UdiError) {
    super(error.message);
  }
}

function fail(code: UdiErrorCode, position: number, message: string): never {
  throw new UdiParseFailure({ code, position, message });
}

/**
 * Parses a scanned or typed UDI. `today` (`YYYY-MM-DD`, the company's business date) anchors
 * the two-digit-year window; it is a parameter so the function stays pure.
 */
export function parseUdi(input: string, today: string): UdiParseResult {
  const todayYear = readTodayYear(today);
  try {
    return { ok: true, value: parseAnyFormat(input, todayYear) };
  } catch (error) {
    if (error instanceof UdiParseFailure) return { ok: false, error: error.error };
    throw error;
  }
}

function readTodayYear(today: string): number {
  const match = /^(\d{4})-\d{2}-\d{2}$/.exec(today);
  if (!match) throw new RangeError(`today must be YYYY-MM-DD, got "${today}"`);
  return Number(match[1]);
}

// AIM symbology identifiers. The GS1 ones (DataMatrix, GS1-128, QR, and DataBar) declare an
// element string; the plain ones (DataMatrix, Code 128, QR, Code 39) carry whatever was
// encoded, which for us is a Digital Link URI or HIBC.
const GS1_SYMBOLOGIES: ReadonlySet<string> = new Set([']d2', ']C1', ']Q3', ']e0']);
const PLAIN_SYMBOLOGIES: ReadonlySet<string> = new Set([']d1', ']C0', ']Q1', ']A0']);

function parseAnyFormat(input: string, todayYear: number): Udi {
  // A keyboard-wedge scanner ends with Enter; nothing else is trimmed because a trailing
  // space can be a real HIBC check character.
  let end = input.length;
  while (end > 0 && (input[end - 1] === '\r' || input[end - 1] === '\n')) end--;
  const text = input.slice(0, end);
  if (text.trim() === '') fail('EMPTY', 0, 'Nothing was scanned');

  let start = 0;
  if (text.startsWith(']')) {
    const identifier = text.slice(0, 3);
    if (GS1_SYMBOLOGIES.has(identifier)) return parseElementString(text, 3, todayYear);
    if (!PLAIN_SYMBOLOGIES.has(identifier)) {
      fail('UNKNOWN_FORMAT', 0, `Unsupported symbology identifier "${identifier}"`);
    }
    start = 3;
    if (start >= text.length) fail('EMPTY', start, 'The symbol carries no data');
  }

  const rest = text.slice(start);
  if (/^https?:\/\//i.test(rest)) return parseDigitalLink(text, start, todayYear);
  if (rest.startsWith('+') || rest.startsWith('*+')) return parseHibc(text, start, todayYear);
  if (rest.startsWith('(')) return parseHumanReadable(text, start, todayYear);
  if (rest.startsWith(GS) || /^[0-9]/.test(rest)) return parseElementString(text, start, todayYear);
  return fail('UNKNOWN_FORMAT', start, 'Not a GS1, GS1 Digital Link or HIBC code');
}

// ---------------------------------------------------------------------------------------
// Dates

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * GS1 General Specifications 7.12: a two-digit year lies at most 49 years back and 50 years
 * forward of the current year. HIBC specifies no window; we apply the same one.
 */
function expandTwoDigitYear(yy: number, todayYear: number): number {
  const currentYy = todayYear % 100;
  const century = todayYear - currentYy;
  const difference = yy - currentYy;
  if (difference >= 51) return century - 100 + yy;
  if (difference <= -50) return century + 100 + yy;
  return century + yy;
}

function formatDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
}

function pad2(value: number): string {
  return String(value).padStart(2, '0');
}

/** Reads the digits at [from, from + length) of a value already known to be numeric. */
function numberAt(value: string, from: number, length: number): number {
  return Number(value.slice(from, from + length));
}

/**
 * Validates a calendar date, blaming the month or day at its input position. Day 00 (GS1
 * AIs 11/17) stands for the last day of the month and is never returned as such.
 */
function readCalendarDate(
  year: number,
  month: number,
  day: number,
  monthPosition: number,
  dayPosition: number,
  allowDayZero: boolean,
): string {
  if (month < 1 || month > 12) fail('BAD_DATE', monthPosition, `Month ${pad2(month)} does not exist`);
  const lastDay = daysInMonth(year, month);
  if (day === 0 && allowDayZero) return formatDate(year, month, lastDay);
  if (day < 1 || day > lastDay) {
    fail(
      'BAD_DATE',
      dayPosition,
      `Day ${pad2(day)} does not exist in ${formatDate(year, month, 1).slice(0, 7)}`,
    );
  }
  return formatDate(year, month, day);
}

function readHour(hour: number, position: number): string {
  if (hour > 23) fail('BAD_DATE', position, `Hour ${pad2(hour)} does not exist`);
  return pad2(hour);
}

function readJulianDate(year: number, dayOfYear: number, position: number): string {
  const daysInYear = isLeapYear(year) ? 366 : 365;
  if (dayOfYear < 1 || dayOfYear > daysInYear) {
    fail('BAD_DATE', position, `Day ${dayOfYear} does not exist in ${year}`);
  }
  let month = 1;
  let day = dayOfYear;
  while (day > daysInMonth(year, month)) {
    day -= daysInMonth(year, month);
    month++;
  }
  return formatDate(year, month, day);
}

// ---------------------------------------------------------------------------------------
// GS1 application identifiers

interface AiSpec {
  title: string;
  /** Fixed length, or the maximum for a variable-length field. */
  length: number;
  isFixed: boolean;
  isNumeric: boolean;
}

const AI_SPECS: Readonly<Record<string, AiSpec>> = {
  '01': { title: 'GTIN', length: 14, isFixed: true, isNumeric: true },
  '10': { title: 'lot', length: 20, isFixed: false, isNumeric: false },
  '11': { title: 'production date', length: 6, isFixed: true, isNumeric: true },
  '17': { title: 'expiry date', length: 6, isFixed: true, isNumeric: true },
  '21': { title: 'serial number', length: 20, isFixed: false, isNumeric: false },
  '240': { title: 'additional product id', length: 30, isFixed: false, isNumeric: false },
  '30': { title: 'count', length: 8, isFixed: false, isNumeric: true },
  '7003': { title: 'expiry date and time', length: 10, isFixed: true, isNumeric: true },
};

function findAiSpec(ai: string): AiSpec | undefined {
  return Object.hasOwn(AI_SPECS, ai) ? AI_SPECS[ai] : undefined;
}

// GS1 AI encodable character set 82.
const CSET82 = /^[!"%&'()*+,\-./0-9:;<=>?A-Z_a-z]$/;

/** One AI and its value, with where each value character came from in the input. */
interface Element {
  ai: string;
  aiPosition: number;
  value: string;
  valuePosition: number;
  /** Input index of each value character, when not simply valuePosition + i (percent-decoded URIs). */
  positions?: readonly number[];
}

function positionIn(element: Element, i: number): number {
  return element.positions?.[i] ?? element.valuePosition + i;
}

/** Collects elements into a Udi, validating each as it arrives so the leftmost problem wins. */
class Gs1Collector {
  private readonly seen = new Map<string, string>();
  readonly udi: Udi;

  constructor(
    format: UdiFormat,
    private readonly todayYear: number,
  ) {
    this.udi = { format };
  }

  add(element: Element): void {
    const { ai, value } = element;
    const spec = findAiSpec(ai);
    if (!spec) fail('UNKNOWN_AI', element.aiPosition, `AI (${ai}) is not supported`);
    const earlier = this.seen.get(ai);
    // GS1 allows an AI to repeat only with the same value (General Specifications 4.14.1).
    if (earlier !== undefined) {
      if (earlier === value) return;
      fail('DUPLICATE_AI', element.aiPosition, `AI (${ai}) appears twice with different values`);
    }
    checkCharacters(element, spec);
    this.seen.set(ai, value);
    this.apply(element);
  }

  private apply(element: Element): void {
    const { value } = element;
    const at = (i: number): number => positionIn(element, i);
    switch (element.ai) {
      case '01': {
        const expected = computeGs1CheckDigit(value.slice(0, 13));
        if (String(expected) !== value[13]) {
          fail('BAD_CHECK_DIGIT', at(13), `GTIN check digit should be ${expected}, not ${value[13]}`);
        }
        this.udi.gtin = value;
        return;
      }
      case '11':
        this.udi.productionDate = this.readYymmdd(value, at, true);
        return;
      case '17':
        this.udi.expiry = this.readYymmdd(value, at, true);
        return;
      case '7003': {
        // AI 7003 uses plain YYMMDD: the day-00 convention is for (11)/(17) only.
        const date = this.readYymmdd(value, at, false);
        const hour = readHour(numberAt(value, 6, 2), at(6));
        const minute = numberAt(value, 8, 2);
        if (minute > 59) fail('BAD_DATE', at(8), `Minute ${pad2(minute)} does not exist`);
        this.udi.expiryDateTime = `${date}T${hour}:${pad2(minute)}`;
        return;
      }
      case '10':
        this.udi.lot = value;
        return;
      case '21':
        this.udi.serial = value;
        return;
      case '240':
        this.udi.additionalId = value;
        return;
      case '30':
        this.udi.count = Number(value);
        return;
    }
  }

  private readYymmdd(value: string, at: (i: number) => number, allowDayZero: boolean): string {
    const year = expandTwoDigitYear(numberAt(value, 0, 2), this.todayYear);
    return readCalendarDate(year, numberAt(value, 2, 2), numberAt(value, 4, 2), at(2), at(4), allowDayZero);
  }

  finish(emptyPosition: number): Udi {
    if (this.seen.size === 0) fail('EMPTY', emptyPosition, 'The code carries no data');
    return this.udi;
  }
}

function checkCharacters(element: Element, spec: AiSpec): void {
  const { ai, value } = element;
  const at = (i: number): number => positionIn(element, i);
  for (let i = 0; i < value.length; i++) {
    if (!spec.isFixed && i >= spec.length) {
      fail('VALUE_TOO_LONG', at(i), `The ${spec.title} (${ai}) may have at most ${spec.length} characters`);
    }
    const char = value[i] ?? '';
    const isAllowed = spec.isNumeric ? char >= '0' && char <= '9' : CSET82.test(char);
    if (!isAllowed) {
      fail(
        'BAD_CHARACTER',
        at(i),
        `Character ${describeChar(char)} is not allowed in the ${spec.title} (${ai})`,
      );
    }
  }
  if (spec.isFixed ? value.length !== spec.length : value.length === 0) {
    const expected = spec.isFixed ? `exactly ${spec.length}` : `1 to ${spec.length}`;
    fail('BAD_LENGTH', element.valuePosition, `The ${spec.title} (${ai}) must have ${expected} characters`);
  }
}

function describeChar(char: string): string {
  const code = char.charCodeAt(0);
  return code < 32 || code > 126 ? `U+${code.toString(16).toUpperCase().padStart(4, '0')}` : `"${char}"`;
}

/** Matches the known AI at `position`; GS1 AIs are prefix-free, so shortest-first is exact. */
function matchAi(text: string, position: number): string | undefined {
  for (const length of [2, 3, 4]) {
    const candidate = text.slice(position, position + length);
    if (candidate.length === length && /^\d+$/.test(candidate) && findAiSpec(candidate)) return candidate;
  }
  return undefined;
}

/** Raw element string: AIs back to back, variable-length values ended by GS unless last. */
function parseElementString(text: string, start: number, todayYear: number): Udi {
  const collector = new Gs1Collector('gs1', todayYear);
  let i = start;
  while (i < text.length) {
    // Leading FNC1, and separators that some printers put after fixed-length fields.
    if (text[i] === GS) {
      i++;
      continue;
    }
    const ai = matchAi(text, i);
    if (!ai) fail('UNKNOWN_AI', i, `"${text.slice(i, i + 4)}" does not start with a supported AI`);
    const spec = findAiSpec(ai);
    if (!spec) return fail('UNKNOWN_AI', i, `AI (${ai}) is not supported`);
    const aiPosition = i;
    const valuePosition = i + ai.length;
    let end = valuePosition;
    const limit = spec.isFixed ? Math.min(valuePosition + spec.length, text.length) : text.length;
    while (end < limit && text[end] !== GS) end++;
    collector.add({
      ai,
      aiPosition,
      value: text.slice(valuePosition, end),
      valuePosition,
    });
    i = end;
  }
  return collector.finish(start);
}

/**
 * `(01)09506000134352(17)261231(10)ABC123`. A value runs to the next `(digits)`; spaces around
 * elements are tolerated because people type them. A value that itself contains "(12)" is
 * ambiguous in this form and is read as the start of the next element.
 */
function parseHumanReadable(text: string, start: number, todayYear: number): Udi {
  const collector = new Gs1Collector('gs1', todayYear);
  const nextElement = /\s*\(\d{2,4}\)/g;
  let i = start;
  while (i < text.length) {
    const header = /^\((\d{2,4})\)/.exec(text.slice(i));
    if (!header?.[1]) fail('UNKNOWN_AI', i + 1, 'Expected an AI in parentheses such as (01)');
    const ai = header[1];
    let valuePosition = i + header[0].length;
    while (text[valuePosition] === ' ') valuePosition++;
    nextElement.lastIndex = valuePosition;
    const next = nextElement.exec(text);
    let end = next ? next.index : text.length;
    while (end > valuePosition && text[end - 1] === ' ') end--;
    collector.add({
      ai,
      aiPosition: i + 1,
      value: text.slice(valuePosition, end),
      valuePosition,
    });
    i = next ? next.index + next[0].indexOf('(') : text.length;
  }
  return collector.finish(start);
}

// ---------------------------------------------------------------------------------------
// GS1 Digital Link

/** Percent-decodes one URI component, remembering each decoded character's input index. */
function percentDecodeWithPositions(
  text: string,
  from: number,
  to: number,
): { value: string; positions: number[] } {
  let value = '';
  const positions: number[] = [];
  for (let i = from; i < to; i++) {
    if (text[i] !== '%') {
      value += text[i];
      positions.push(i);
      continue;
    }
    const hex = text.slice(i + 1, i + 3);
    if (!/^[0-9A-Fa-f]{2}$/.test(hex)) fail('BAD_CHARACTER', i, 'Malformed percent-encoding in the URI');
    // Non-ASCII bytes can never be valid AI characters; keep one placeholder so the
    // character check reports the position of the escape.
    value += String.fromCharCode(Number.parseInt(hex, 16));
    positions.push(i);
    i += 2;
  }
  return { value, positions };
}

interface Segment {
  start: number;
  end: number;
}

function splitRange(text: string, from: number, to: number, separator: string): Segment[] {
  const segments: Segment[] = [];
  let segmentStart = from;
  for (let i = from; i <= to; i++) {
    if (i === to || text[i] === separator) {
      segments.push({ start: segmentStart, end: i });
      segmentStart = i + 1;
    }
  }
  return segments;
}

function parseDigitalLink(text: string, start: number, todayYear: number): Udi {
  const hostStart = text.indexOf('://', start) + 3;
  const afterHost = text.slice(hostStart).search(/[/?#]/);
  const pathStart = afterHost < 0 ? text.length : hostStart + afterHost;
  if (pathStart === hostStart) fail('UNKNOWN_FORMAT', hostStart, 'The URI has no host');
  const afterPath = text.slice(pathStart).search(/[?#]/);
  const pathEnd = afterPath < 0 ? text.length : pathStart + afterPath;
  const hashIndex = text.indexOf('#', pathEnd);
  const queryEnd = hashIndex < 0 ? text.length : hashIndex;

  // Anything before /01/ is the resolver's own path prefix, which Digital Link permits.
  const segments = splitRange(text, pathStart, pathEnd, '/').filter((s) => s.end > s.start);
  const primaryIndex = segments.findIndex((s) => text.slice(s.start, s.end) === '01');
  if (primaryIndex < 0) {
    fail('UNKNOWN_FORMAT', pathStart, 'The URI has no /01/{GTIN} path, so it is not a GS1 Digital Link');
  }

  const collector = new Gs1Collector('gs1-digital-link', todayYear);
  for (let k = primaryIndex; k < segments.length; k += 2) {
    const key = segments[k];
    if (!key) break;
    const value = segments[k + 1];
    addUriElement(collector, text, key, value ?? { start: pathEnd, end: pathEnd });
  }

  if (pathEnd < queryEnd && text[pathEnd] === '?') {
    for (const pair of splitRange(text, pathEnd + 1, queryEnd, '&')) {
      const equals = text.indexOf('=', pair.start);
      const keyEnd = equals < 0 || equals > pair.end ? pair.end : equals;
      // Non-numeric keys (linkType, utm_…) are not AIs and are ignored, as the standard says.
      if (!/^\d+$/.test(text.slice(pair.start, keyEnd))) continue;
      const valueStart = keyEnd === pair.end ? pair.end : keyEnd + 1;
      addUriElement(
        collector,
        text,
        { start: pair.start, end: keyEnd },
        { start: valueStart, end: pair.end },
      );
    }
  }
  return collector.finish(pathStart);
}

function addUriElement(collector: Gs1Collector, text: string, key: Segment, valueRange: Segment): void {
  const ai = text.slice(key.start, key.end);
  if (!findAiSpec(ai)) {
    fail('UNKNOWN_AI', key.start, `"${ai}" is not a supported AI in a Digital Link URI`);
  }
  let { value, positions } = percentDecodeWithPositions(text, valueRange.start, valueRange.end);
  // Digital Link allows GTIN-8/12/13 in the URI; we always hold GTIN-14.
  if (ai === '01' && /^\d+$/.test(value) && [8, 12, 13].includes(value.length)) {
    const padding = 14 - value.length;
    value = value.padStart(14, '0');
    positions = [...Array<number>(padding).fill(valueRange.start), ...positions];
  }
  collector.add({ ai, aiPosition: key.start, value, valuePosition: valueRange.start, positions });
}

// ---------------------------------------------------------------------------------------
// HIBC LIC (ANSI/HIBC 2.x supplier labelling)

const HIBC_CHARSET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-. $/+%';
const HIBC_LOT_MAX = 18;
// The legacy Julian-date secondary (`+YYJJJ lot`) allows a shorter lot.
const HIBC_LEGACY_LOT_MAX = 13;

/**
 * HIBC Mod 43 check character over `data` (which starts with the leading `+`): the sum of the
 * Code 39 character values modulo 43. Throws on characters outside the Code 39 set.
 */
export function computeHibcCheckCharacter(data: string): string {
  let sum = 0;
  for (const char of data) {
    const value = HIBC_CHARSET.indexOf(char);
    if (value < 0) throw new RangeError(`"${char}" is not an HIBC character`);
    sum += value;
  }
  return HIBC_CHARSET.charAt(sum % 43);
}

function parseHibc(text: string, start: number, todayYear: number): Udi {
  let from = start;
  let to = text.length;
  // `*…*` is the Code 39 human-readable form printed under the bars.
  if (text[from] === '*') {
    if (to - from < 2 || text[to - 1] !== '*')
      fail('BAD_CHARACTER', from, 'Unmatched "*" around the HIBC code');
    from++;
    to--;
  }
  for (let i = from; i < to; i++) {
    const char = text[i] ?? '';
    if (!HIBC_CHARSET.includes(char)) {
      fail('BAD_CHARACTER', i, `Character ${describeChar(char)} is not allowed in an HIBC code`);
    }
  }
  if (to - from < 3) fail('BAD_LENGTH', to, 'The HIBC code is too short');
  const checkPosition = to - 1;
  const checkCharacter = text.charAt(checkPosition);
  const expected = computeHibcCheckCharacter(text.slice(from, checkPosition));
  if (checkCharacter !== expected) {
    fail(
      'BAD_CHECK_DIGIT',
      checkPosition,
      `HIBC check character should be "${expected}", not "${checkCharacter}"`,
    );
  }

  const bodyStart = from + 1;
  const udi: Udi = { format: 'hibc' };
  const secondary = new HibcSecondaryReader(text, udi, todayYear);

  if (/^[A-Z]$/.test(text.charAt(bodyStart))) {
    const slash = text.indexOf('/', bodyStart);
    const primaryEnd = slash < 0 || slash >= checkPosition ? checkPosition : slash;
    const primary = readHibcPrimary(text, bodyStart, primaryEnd);
    if (primaryEnd < checkPosition) {
      for (const segment of splitRange(text, primaryEnd + 1, checkPosition, '/')) secondary.read(segment);
    }
    udi.hibc = {
      structure: primaryEnd < checkPosition ? 'concatenated' : 'primary',
      ...primary,
      checkCharacter,
    };
    return udi;
  }

  if (/^[0-9$]$/.test(text.charAt(bodyStart))) {
    // Separate secondary symbol: data, then the primary's check character as a link.
    const linkPosition = checkPosition - 1;
    if (linkPosition <= bodyStart) fail('BAD_LENGTH', bodyStart, 'The HIBC secondary data is missing');
    for (const segment of splitRange(text, bodyStart, linkPosition, '/')) secondary.read(segment);
    udi.hibc = { structure: 'secondary', linkCharacter: text.charAt(linkPosition), checkCharacter };
    return udi;
  }

  return fail('UNKNOWN_FORMAT', bodyStart, 'HIBC data must start with a labeler code, a digit or "$"');
}

function readHibcPrimary(
  text: string,
  from: number,
  to: number,
): Omit<HibcPrimary, 'structure' | 'checkCharacter'> {
  // LIC (4) + product code (≥ 1) + unit of measure (1).
  if (to - from < 6)
    fail(
      'BAD_LENGTH',
      from,
      'HIBC primary data needs a 4-character LIC, a product code and a unit of measure',
    );
  for (let i = from; i < to; i++) {
    if (!/^[A-Z0-9]$/.test(text.charAt(i))) {
      fail(
        'BAD_CHARACTER',
        i,
        `Character ${describeChar(text.charAt(i))} is not allowed in HIBC primary data`,
      );
    }
  }
  const unitPosition = to - 1;
  if (!/^[0-9]$/.test(text.charAt(unitPosition))) {
    fail('BAD_CHARACTER', unitPosition, 'The HIBC unit of measure must be a digit');
  }
  const productCode = text.slice(from + 4, unitPosition);
  if (productCode.length > 18) {
    fail('VALUE_TOO_LONG', from + 4 + 18, 'The HIBC product code may have at most 18 characters');
  }
  const primaryData = `+${text.slice(from, to)}`;
  return {
    labelerId: text.slice(from, from + 4),
    productCode,
    unitOfMeasure: Number(text.charAt(unitPosition)),
    deviceIdentifier: primaryData + computeHibcCheckCharacter(primaryData),
  };
}

/** Reads HIBC secondary and supplemental segments (each already split on `/`). */
class HibcSecondaryReader {
  constructor(
    private readonly text: string,
    private readonly udi: Udi,
    private readonly todayYear: number,
  ) {}

  read({ start, end }: Segment): void {
    const segment = this.text.slice(start, end);
    if (segment.length === 0) fail('BAD_LENGTH', start, 'Empty HIBC data segment');
    if (segment.startsWith('16D')) {
      this.set('productionDate', this.readYyyymmdd(start + 3, end), start);
    } else if (segment.startsWith('14D')) {
      this.set('expiry', this.readYyyymmdd(start + 3, end), start);
    } else if (segment.startsWith('S')) {
      this.set('serial', this.readLot(start + 1, end, HIBC_LOT_MAX, true), start);
    } else if (segment.startsWith('$$')) {
      this.readDatedLot(start, end);
    } else if (segment.startsWith('$')) {
      const isSerial = segment[1] === '+';
      const value = this.readLot(start + (isSerial ? 2 : 1), end, HIBC_LOT_MAX, true);
      this.set(isSerial ? 'serial' : 'lot', value, start);
    } else if (/^[0-9]/.test(segment)) {
      // Legacy secondary: Julian date YYJJJ then an optional lot.
      this.requireDigits(start, 5, end);
      const year = expandTwoDigitYear(numberAt(this.text, start, 2), this.todayYear);
      this.set('expiry', readJulianDate(year, numberAt(this.text, start + 2, 3), start + 2), start);
      if (start + 5 < end)
        this.set('lot', this.readLot(start + 5, end, HIBC_LEGACY_LOT_MAX, false), start + 5);
    } else {
      fail('UNKNOWN_FORMAT', start, `Unsupported HIBC data segment "${segment}"`);
    }
  }

  /** `$$` [+] format-digit date lot/serial. */
  private readDatedLot(start: number, end: number): void {
    let i = start + 2;
    const isSerial = this.text[i] === '+';
    if (isSerial) i++;
    const format = this.text.charAt(i);
    const ty = this.todayYear;
    const n = (offset: number, length: number): number => numberAt(this.text, i + offset, length);
    switch (format) {
      case '0':
      case '1': {
        // MMYY: an expiry month means "use by the end of that month", as GS1 day 00 does.
        this.requireDigits(i, 4, end);
        const year = expandTwoDigitYear(n(2, 2), ty);
        this.set('expiry', readCalendarDate(year, n(0, 2), 0, i, i, true), i);
        i += 4;
        break;
      }
      case '2': {
        this.requireDigits(++i, 6, end);
        const year = expandTwoDigitYear(n(4, 2), ty);
        this.set('expiry', readCalendarDate(year, n(0, 2), n(2, 2), i, i + 2, false), i);
        i += 6;
        break;
      }
      case '3':
      case '4': {
        const length = format === '3' ? 6 : 8;
        this.requireDigits(++i, length, end);
        const year = expandTwoDigitYear(n(0, 2), ty);
        const date = readCalendarDate(year, n(2, 2), n(4, 2), i + 2, i + 4, false);
        this.set('expiry', date, i);
        if (format === '4') this.set('expiryDateTime', `${date}T${readHour(n(6, 2), i + 6)}:00`, i);
        i += length;
        break;
      }
      case '5':
      case '6': {
        const length = format === '5' ? 5 : 7;
        this.requireDigits(++i, length, end);
        const year = expandTwoDigitYear(n(0, 2), ty);
        const date = readJulianDate(year, n(2, 3), i + 2);
        this.set('expiry', date, i);
        if (format === '6') this.set('expiryDateTime', `${date}T${readHour(n(5, 2), i + 5)}:00`, i);
        i += length;
        break;
      }
      case '7':
        i++;
        break;
      default:
        fail(
          'UNKNOWN_FORMAT',
          i,
          format === '8' || format === '9'
            ? `HIBC quantity format $$${format} is not supported`
            : 'Expected an HIBC date format digit after "$$"',
        );
    }
    // The lot may be absent: a symbol can carry an expiry date alone.
    if (i < end) this.set(isSerial ? 'serial' : 'lot', this.readLot(i, end, HIBC_LOT_MAX, false), i);
  }

  private requireDigits(from: number, length: number, end: number): void {
    for (let i = from; i < from + length; i++) {
      if (i >= end) fail('BAD_LENGTH', from, `Expected ${length} digits of date`);
      if (!/^[0-9]$/.test(this.text.charAt(i))) fail('BAD_CHARACTER', i, 'Expected a digit of the date');
    }
  }

  private readYyyymmdd(from: number, end: number): string {
    this.requireDigits(from, 8, end);
    if (end !== from + 8) fail('BAD_LENGTH', from, 'Expected a date as YYYYMMDD');
    const value = this.text.slice(from, end);
    return readCalendarDate(
      numberAt(value, 0, 4),
      numberAt(value, 4, 2),
      numberAt(value, 6, 2),
      from + 4,
      from + 6,
      false,
    );
  }

  private readLot(from: number, end: number, max: number, isRequired: boolean): string {
    if (isRequired && from >= end) fail('BAD_LENGTH', from, 'The HIBC lot or serial number is missing');
    for (let i = from; i < end; i++) {
      if (i - from >= max)
        fail('VALUE_TOO_LONG', i, `An HIBC lot or serial number may have at most ${max} characters`);
      if (!/^[A-Z0-9]$/.test(this.text.charAt(i))) {
        fail(
          'BAD_CHARACTER',
          i,
          `Character ${describeChar(this.text.charAt(i))} is not allowed in an HIBC lot or serial number`,
        );
      }
    }
    return this.text.slice(from, end);
  }

  private set(
    field: 'lot' | 'serial' | 'expiry' | 'expiryDateTime' | 'productionDate',
    value: string,
    position: number,
  ): void {
    const earlier = this.udi[field];
    if (earlier !== undefined && earlier !== value) {
      fail('DUPLICATE_AI', position, `The HIBC code gives the ${field} twice with different values`);
    }
    this.udi[field] = value;
  }
}
