import { Card, Flex, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useCurrentUser } from '../../app/auth.tsx';

/** Placeholder start page until the sales dashboard replaces it. */
export function HomePage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  return (
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
  );
}
