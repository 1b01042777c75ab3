import 'dayjs/locale/zh-cn';
import dayjs from 'dayjs';
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Language } from '../../../contracts/auth.ts';
import { en } from './locales/en.ts';
import { type Messages, zhCN } from './locales/zh-CN.ts';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: Messages };
  }
}

export const LANGUAGE_STORAGE_KEY = 'pulse.lang';
export const supportedLanguages: readonly Language[] = ['zh-CN', 'en'];

export function isLanguage(value: unknown): value is Language {
  return value === 'zh-CN' || value === 'en';
}

/** Chinese for zh-*, English for en-*, and Chinese for everything else (first market: China). */
export function languageFromBrowserTag(tag: string | undefined): Language {
  const lower = (tag ?? '').toLowerCase();
  if (lower.startsWith('en')) return 'en';
  return 'zh-CN';
}

export function readSavedLanguage(): Language | null {
  try {
    const saved = localStorage.getItem(LANGUAGE_STORAGE_KEY);
    return isLanguage(saved) ? saved : null;
  } catch {
    // Storage can be disabled (private mode, strict policies); fall back to detection.
    return null;
  }
}

function saveLanguage(language: Language): void {
  try {
    localStorage.setItem(LANGUAGE_STORAGE_KEY, language);
  } catch {
    // Not persisting is acceptable: the choice still applies to this page.
  }
}

export function detectInitialLanguage(): Language {
  return readSavedLanguage() ?? languageFromBrowserTag(navigator.language);
}

export function getCurrentLanguage(): Language {
  return isLanguage(i18next.language) ? i18next.language : 'zh-CN';
}

/** Switches every text at once; `save` records it as the user's choice in this browser. */
export async function changeLanguage(language: Language, { save }: { save: boolean }): Promise<void> {
  if (save) saveLanguage(language);
  await i18next.changeLanguage(language);
}

function applyToDocument(language: Language): void {
  document.documentElement.lang = language;
  document.title = i18next.t('app.title');
  dayjs.locale(language === 'en' ? 'en' : 'zh-cn');
}

export function initI18n(): typeof i18next {
  i18next.on('languageChanged', (lng) => applyToDocument(isLanguage(lng) ? lng : 'zh-CN'));
  void i18next.use(initReactI18next).init({
    resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
    lng: detectInitialLanguage(),
    fallbackLng: 'zh-CN',
    supportedLngs: supportedLanguages,
    load: 'currentOnly',
    // React escapes on render; escaping here too would show &amp; in names.
    interpolation: { escapeValue: false },
    initAsync: false,
  });
  return i18next;
}
