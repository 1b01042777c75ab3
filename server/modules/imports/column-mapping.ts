/**
 * Column mapping: which file column feeds which field. Pure.
 *
 * Header names are user input and may be anything, "__proto__" and "constructor" included, so
 * they are only ever values or Map keys here — never keys of plain objects.
 */
import type { ImportMapping } from '../../../contracts/imports.ts';

export interface MappableField {
  name: string;
  required: boolean;
  /** Header names that mean this field, in Chinese and English. */
  synonyms: readonly string[];
}

/** Decorations people add to headers that say nothing about the column's meaning. */
const DECORATIONS = /必填|选填|可选|required|optional/g;

/** Compares headers regardless of case, width, spaces, punctuation and "(必填)" markers. */
export function normalizeHeader(header: string): string {
  return header
    .normalize('NFKC')
    .toLowerCase()
    .replace(DECORATIONS, '')
    .replace(/[\s\p{P}\p{S}]+/gu, '');
}

/**
 * Suggests a header for each field: exact matches of a synonym first, then headers that
 * contain a synonym (the longest synonym wins, e.g. "客户名称（全称）" → name). Each header feeds
 * at most one field.
 */
export function suggestMapping(headers: readonly string[], fields: readonly MappableField[]): ImportMapping {
  const candidates: { field: string; column: number; score: number }[] = [];
  const normalizedHeaders = headers.map(normalizeHeader);
  for (const field of fields) {
    const synonyms = [field.name, ...field.synonyms].map(normalizeHeader).filter((s) => s !== '');
    normalizedHeaders.forEach((header, column) => {
      if (header === '') return;
      let score = 0;
      for (const synonym of synonyms) {
        if (header === synonym) score = Math.max(score, 1000 + synonym.length);
        else if (synonym.length >= 2 && header.includes(synonym)) score = Math.max(score, synonym.length);
      }
      if (score > 0) candidates.push({ field: field.name, column, score });
    });
  }
  candidates.sort((a, b) => b.score - a.score || a.column - b.column);
  const takenFields = new Set<string>();
  const takenColumns = new Set<number>();
  const mapping: ImportMapping = Object.create(null);
  for (const field of fields) mapping[field.name] = null;
  for (const { field, column, score } of candidates) {
    if (takenFields.has(field) || takenColumns.has(column)) continue;
    // A vague containment match must not steal a column another field names exactly.
    if (score < 1000 && candidates.some((c) => c.column === column && c.score >= 1000 && c.field !== field))
      continue;
    takenFields.add(field);
    takenColumns.add(column);
    mapping[field] = headers[column]!;
  }
  return mapping;
}

export interface ResolvedMapping {
  /** Field name → column index, for mapped fields only. */
  columns: Map<string, number>;
  /** The mapping as stored: every field, null when unmapped. */
  mapping: ImportMapping;
  unmappedRequired: string[];
}

export type MappingCheck = { ok: true; resolved: ResolvedMapping } | { ok: false; problems: string[] };

/**
 * Checks a mapping against the file's headers and the entity's fields: every key must be a
 * field, every header must exist in the file, no header may feed two fields. Unmapped
 * required fields are reported separately, because a mapping may be saved before it is
 * complete but cannot be run.
 */
export function resolveMapping(
  mapping: ImportMapping,
  headers: readonly string[],
  fields: readonly MappableField[],
): MappingCheck {
  const problems: string[] = [];
  const fieldNames = new Set(fields.map((f) => f.name));
  const columnOf = new Map<string, number>();
  headers.forEach((header, index) => {
    if (header !== '' && !columnOf.has(header)) columnOf.set(header, index);
  });
  const columns = new Map<string, number>();
  const fieldOfColumn = new Map<number, string>();
  const stored: ImportMapping = Object.create(null);
  for (const field of fields) stored[field.name] = null;
  for (const [field, header] of Object.entries(mapping)) {
    if (!fieldNames.has(field)) {
      problems.push(`unknown field "${field}"`);
      continue;
    }
    if (header === null || header === '') continue;
    const column = columnOf.get(header);
    if (column === undefined) {
      problems.push(`the file has no column "${header}" (for ${field})`);
      continue;
    }
    const other = fieldOfColumn.get(column);
    if (other !== undefined) {
      problems.push(`column "${header}" is mapped to both ${other} and ${field}`);
      continue;
    }
    fieldOfColumn.set(column, field);
    columns.set(field, column);
    stored[field] = header;
  }
  if (problems.length > 0) return { ok: false, problems };
  const unmappedRequired = fields.filter((f) => f.required && !columns.has(f.name)).map((f) => f.name);
  return { ok: true, resolved: { columns, mapping: stored, unmappedRequired } };
}
