import type { Language } from '../../../contracts/auth.ts';

/** A product's name in the UI language (the Chinese name when no English one is on file). */
export function productNameIn(lang: Language, item: { productName: string; productNameEn: string }): string {
  return lang === 'en' && item.productNameEn.trim() !== '' ? item.productNameEn : item.productName;
}
