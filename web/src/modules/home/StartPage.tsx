import { Card, Col, Flex, Row, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useCurrentUser } from '../../app/auth.tsx';
import { listVisibleModules } from '../../app/modules.tsx';

/**
 * The start page of users without the sales overview (warehouse, quality, marketing, legal):
 * who they are, and one tile per screen they can open, so the work is one click away.
 */
export function StartPage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const shortcuts = listVisibleModules(user).filter((entry) => entry.path !== '/' && !entry.hideInMenu);
  return (
    <Flex vertical gap={16}>
      <Card>
        <Typography.Title level={2} data-testid="home-title" style={{ marginTop: 0 }}>
          {t('home.welcome', { name: user.displayName })}
        </Typography.Title>
        <Typography.Text type="secondary">{t('home.rolesLabel')}</Typography.Text>
        <Flex wrap gap={8} style={{ marginTop: 8 }} data-testid="home-roles">
          {user.roles.length === 0 && <Typography.Text>{t('home.noRoles')}</Typography.Text>}
          {user.roles.map((role) => (
            <Tag key={role} color="blue" data-testid={`role-${role}`}>
              {t(`roles.${role}`)}
            </Tag>
          ))}
        </Flex>
      </Card>
      {shortcuts.length > 0 && (
        <Card title={t('dashboard.start.subtitle')} size="small" data-testid="start-shortcuts">
          <Row gutter={[12, 12]}>
            {shortcuts.map((entry) => (
              <Col key={entry.key} xs={12} sm={8} lg={6} xl={4}>
                <Link to={entry.path} data-testid={`start-link-${entry.key}`}>
                  <Card size="small" hoverable>
                    <Flex gap={8} align="center">
                      {entry.icon}
                      <Typography.Text ellipsis>{t(entry.labelKey)}</Typography.Text>
                    </Flex>
                  </Card>
                </Link>
              </Col>
            ))}
          </Row>
        </Card>
      )}
    </Flex>
  );
}
