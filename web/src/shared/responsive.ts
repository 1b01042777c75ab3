import { Grid } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../contracts/auth.ts';

/** Phones and narrow tablets: below antd's md breakpoint (768px), like the app layout. */
export function useIsMobile(): boolean {
  const screens = Grid.useBreakpoint();
  return !screens.md;
}

/** A drawer fills a phone's screen and keeps a comfortable width elsewhere. */
export function useDrawerSize(width = 560): number | string {
  return useIsMobile() ? '100%' : width;
}

/** The UI language; re-renders the caller when it changes. */
export function useLanguage(): Language {
  const { i18n } = useTranslation();
  return i18n.language === 'en' ? 'en' : 'zh-CN';
}
