import { Menu, type MenuProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router-dom';
import { useCurrentUser } from '../auth.tsx';
import { findActiveModule, listVisibleModules, type ModuleEntry } from '../modules.tsx';

type MenuItem = Required<MenuProps>['items'][number];

export function ModuleMenu({ onNavigate }: { onNavigate?: () => void }) {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const entries = listVisibleModules(user).filter((entry) => !entry.hideInMenu);
  const active = findActiveModule(pathname);

  const toItem = (entry: ModuleEntry) => ({
    key: entry.key,
    icon: entry.icon,
    label: t(entry.labelKey),
    'data-testid': `menu-${entry.key}`,
  });
  // Grouped modules sit in a submenu at the place of the group's first module.
  const items: MenuItem[] = [];
  const groupsSeen = new Set<string>();
  for (const entry of entries) {
    const { group } = entry;
    if (!group) {
      items.push(toItem(entry));
      continue;
    }
    if (groupsSeen.has(group.key)) continue;
    groupsSeen.add(group.key);
    items.push({
      key: `group-${group.key}`,
      icon: group.icon,
      label: <span data-testid={`menu-group-${group.key}`}>{t(group.labelKey)}</span>,
      children: entries.filter((candidate) => candidate.group?.key === group.key).map(toItem),
    });
  }

  return (
    <Menu
      mode="inline"
      data-testid="module-menu"
      selectedKeys={active ? [active.key] : []}
      defaultOpenKeys={active?.group ? [`group-${active.group.key}`] : []}
      items={items}
      onClick={({ key }) => {
        const entry = entries.find((candidate) => candidate.key === key);
        if (entry) void navigate(entry.path);
        onNavigate?.();
      }}
      style={{ borderInlineEnd: 'none' }}
    />
  );
}
