import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../../contracts/auth.ts';
import { useLanguageSwitcher } from '../auth.tsx';
import { getCurrentLanguage } from '../i18n.ts';

export interface LanguageSwitchProps {
  /** Called after the language changed, e.g. to clear messages shown in the old one. */
  onChange?: (language: Language) => void;
  size?: 'small' | 'middle' | 'large';
}

export function LanguageSwitch({ onChange, size = 'middle' }: LanguageSwitchProps) {
  const { t } = useTranslation();
  const switchLanguage = useLanguageSwitcher();
  return (
    <Segmented<Language>
      data-testid="lang-switch"
      aria-label={t('language.label')}
      size={size}
      value={getCurrentLanguage()}
      options={[
        { value: 'zh-CN', label: t('language.zhCN') },
        { value: 'en', label: t('language.en') },
      ]}
      onChange={(language) => {
        void switchLanguage(language);
        onChange?.(language);
      }}
    />
  );
}
