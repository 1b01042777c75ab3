export const EDIT_PARAM = 'edit';

/** A list page's address that opens one record's edit form, e.g. /products?q=SKU-1&edit=5. */
export function editLink(path: string, id: number, q?: string): string {
  const params = new URLSearchParams();
  if (q) params.set('q', q);
  params.set(EDIT_PARAM, String(id));
  return `${path}?${params.toString()}`;
}
