import type { FormInstance } from 'antd';
import { isApiError } from './api.ts';

/** The form field a server error is about (details.field), if the form has that field. */
export function fieldOfError(
  error: unknown,
  fieldNames: readonly string[],
  aliases: Record<string, string> = {},
): string | undefined {
  if (!isApiError(error)) return undefined;
  const named = error.details?.field;
  if (typeof named !== 'string') return undefined;
  const field = aliases[named] ?? named;
  return fieldNames.includes(field) ? field : undefined;
}

/**
 * Shows a server error under the field it is about, as well as in the form's alert.
 * `aliases` maps request fields to form fields where they differ (listPriceFen → listPrice).
 */
export function markFieldError(
  form: FormInstance,
  error: unknown,
  fieldNames: readonly string[],
  aliases: Record<string, string> = {},
): void {
  const field = fieldOfError(error, fieldNames, aliases);
  if (field && isApiError(error)) form.setFields([{ name: field, errors: [error.message] }]);
}

export function isVersionConflict(error: unknown): boolean {
  return isApiError(error) && error.code === 'VERSION_CONFLICT';
}
