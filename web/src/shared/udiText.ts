/** ASCII 29, the GS1 group separator that ends a variable-length field (lot, serial). */
export const GROUP_SEPARATOR = '\x1d';

/**
 * Whether typed or scanned text is a UDI rather than a lot number: GS1 element strings (raw, with
 * a symbology identifier, or human-readable with parentheses), GS1 Digital Link addresses and HIBC.
 */
export function looksLikeUdi(text: string): boolean {
  const value = text.trim();
  if (value.includes(GROUP_SEPARATOR)) return true;
  if (/^\(01\)\d{14}/.test(value)) return true;
  if (/^(?:\][A-Za-z]\d)?01\d{14}/.test(value)) return true;
  if (/^https?:\/\/\S+\/01\/\d{8,14}/i.test(value)) return true;
  return /^\+[A-Z][A-Z0-9]{3}/.test(value);
}

/** The scanned text with the invisible separator made visible, for logs and titles. */
export function showSeparators(text: string): string {
  return text.replaceAll(GROUP_SEPARATOR, '<GS>');
}
