import { Menu } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router-dom';
import { useCurrentUser } from '../auth.tsx';
import { findActiveModule, listVisibleModules } from '../modules.tsx';

export function ModuleMenu({ onNavigate }: { onNavigate?: () => void }) {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const entries = listVisibleModules(user);
  const active = findActiveModule(pathname);
  return (
    <Menu
      mode="inline"
      data-testid="module-menu"
      selectedKeys={active ? [active.key] : []}
      items={entries.map((entry) => ({
        key: entry.key,
        icon: entry.icon,
        label: t(entry.labelKey),
        'data-testid': `menu-${entry.key}`,
      }))}
      onClick={({ key }) => {
        const entry = entries.find((candidate) => candidate.key === key);
        if (entry) void navigate(entry.path);
        onNavigate?.();
      }}
      style={{ borderInlineEnd: 'none' }}
    />
  );
}
