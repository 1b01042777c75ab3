import { Drawer, Grid, Layout, theme } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet } from 'react-router-dom';
import { AppHeader } from './AppHeader.tsx';
import { ModuleMenu } from './ModuleMenu.tsx';

function Brand({ compact }: { compact: boolean }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  return (
    <div
      style={{
        height: 64,
        display: 'flex',
        alignItems: 'center',
        justifyContent: compact ? 'center' : 'flex-start',
        padding: compact ? 0 : '0 24px',
        fontSize: 20,
        fontWeight: 600,
        color: token.colorPrimary,
        whiteSpace: 'nowrap',
      }}
    >
      {compact ? t('app.name').slice(0, 1) : t('app.name')}
    </div>
  );
}

/** Side menu on wide screens (collapsing to icons below lg), a drawer on phones. */
export function AppLayout() {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const isMobile = !screens.md;
  const [collapsed, setCollapsed] = useState(false);
  const [drawerOpen, setDrawerOpen] = useState(false);
  const { token } = theme.useToken();

  return (
    <Layout style={{ minHeight: '100vh' }}>
      {isMobile ? (
        <Drawer
          placement="left"
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          title={t('app.name')}
          size={260}
          styles={{ body: { padding: 0 } }}
        >
          <ModuleMenu onNavigate={() => setDrawerOpen(false)} />
        </Drawer>
      ) : (
        <Layout.Sider
          theme="light"
          // Wide enough for the longest English group label ("Marketing & pipeline") beside its
          // arrow (antd's default is 200).
          width={224}
          collapsible
          breakpoint="lg"
          collapsed={collapsed}
          onCollapse={setCollapsed}
          // Sticky, with the menu scrolling inside it: the menu is longer than a laptop screen,
          // and the collapse button (fixed at the bottom of the window) must not cover its items.
          style={{
            borderInlineEnd: `1px solid ${token.colorBorderSecondary}`,
            position: 'sticky',
            top: 0,
            height: '100vh',
          }}
        >
          <div style={{ height: '100%', overflowY: 'auto', overflowX: 'hidden' }}>
            <Brand compact={collapsed} />
            <ModuleMenu />
          </div>
        </Layout.Sider>
      )}
      <Layout>
        <AppHeader isMobile={isMobile} onOpenMenu={() => setDrawerOpen(true)} />
        <Layout.Content style={{ padding: isMobile ? 12 : 24, minWidth: 0 }}>
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
