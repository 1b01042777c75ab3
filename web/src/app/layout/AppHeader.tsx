import { DownOutlined, KeyOutlined, LogoutOutlined, MenuOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Dropdown, Flex, Layout, type MenuProps, theme } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { WorkflowHeaderWidgets } from '../../modules/workflow/HeaderWidgets.tsx';
import { useCurrentUser, useLogout } from '../auth.tsx';
import { LanguageSwitch } from './LanguageSwitch.tsx';

export interface AppHeaderProps {
  isMobile: boolean;
  onOpenMenu: () => void;
}

export function AppHeader({ isMobile, onOpenMenu }: AppHeaderProps) {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const logout = useLogout();
  const navigate = useNavigate();
  const { token } = theme.useToken();

  const userMenu: MenuProps['items'] = [
    {
      key: '/account',
      icon: <UserOutlined />,
      label: t('nav.account'),
      'data-testid': 'user-menu-account',
    },
  ];
  if (user.permissions.includes('apikeys:manage')) {
    userMenu.push({
      key: '/account?tab=api-keys',
      icon: <KeyOutlined />,
      label: t('account.menuApiKeys'),
      'data-testid': 'user-menu-api-keys',
    });
  }

  return (
    <Layout.Header
      style={{
        background: token.colorBgContainer,
        borderBottom: `1px solid ${token.colorBorderSecondary}`,
        padding: isMobile ? '0 12px' : '0 24px',
        display: 'flex',
        alignItems: 'center',
        gap: isMobile ? 8 : 16,
      }}
    >
      {isMobile && (
        <Button type="text" icon={<MenuOutlined />} aria-label={t('nav.openMenu')} onClick={onOpenMenu} />
      )}
      <Flex style={{ minWidth: 0, flex: 1, justifyContent: 'flex-end' }}>
        <Dropdown
          trigger={['click']}
          placement="bottomRight"
          menu={{ items: userMenu, onClick: ({ key }) => void navigate(key) }}
        >
          <Button
            type="text"
            data-testid="user-menu"
            aria-label={t('nav.userMenu')}
            style={{ minWidth: 0, maxWidth: '100%', paddingInline: isMobile ? 4 : undefined }}
          >
            <Flex align="center" gap={6} style={{ minWidth: 0 }}>
              <UserOutlined />
              <span
                data-testid="current-user"
                title={user.displayName}
                style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}
              >
                {user.displayName}
              </span>
              <DownOutlined style={{ fontSize: 10 }} />
            </Flex>
          </Button>
        </Dropdown>
      </Flex>
      <WorkflowHeaderWidgets compact={isMobile} />
      <LanguageSwitch size={isMobile ? 'small' : 'middle'} />
      <Button
        data-testid="logout"
        icon={<LogoutOutlined />}
        aria-label={t('auth.logout')}
        title={t('auth.logout')}
        loading={logout.isPending}
        onClick={() => logout.mutate()}
      >
        {isMobile ? null : t('auth.logout')}
      </Button>
    </Layout.Header>
  );
}
