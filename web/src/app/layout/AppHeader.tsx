import { LogoutOutlined, MenuOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Flex, Layout, theme } from 'antd';
import { useTranslation } from 'react-i18next';
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
  const { token } = theme.useToken();
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
      <Flex align="center" gap={6} style={{ minWidth: 0, flex: 1, justifyContent: 'flex-end' }}>
        <UserOutlined />
        <span
          data-testid="current-user"
          title={user.displayName}
          style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}
        >
          {user.displayName}
        </span>
      </Flex>
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
