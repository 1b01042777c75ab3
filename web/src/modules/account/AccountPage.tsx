import { Card, Descriptions, Flex, Tabs, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { useCurrentUser } from '../../app/auth.tsx';
import { useIsMobile } from '../../shared/responsive.ts';
import { ApiKeysPanel } from './ApiKeysPanel.tsx';
import { ChangePasswordForm } from './ChangePasswordForm.tsx';

function Profile() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const scope = user.distributorId
    ? t('account.scopeDistributor')
    : user.isCompanyWide
      ? t('account.scopeCompanyWide')
      : t('account.scopeRegions', { count: user.regionIds.length });
  return (
    <Descriptions
      data-testid="account-profile"
      bordered
      size="small"
      column={{ xs: 1, sm: 1, md: 2 }}
      items={[
        { key: 'username', label: t('account.fields.username'), children: user.username },
        { key: 'displayName', label: t('account.fields.displayName'), children: user.displayName },
        {
          key: 'roles',
          label: t('account.fields.roles'),
          children: (
            <Flex gap={4} wrap>
              {user.roles.map((role) => (
                <Tag key={role} color="blue">
                  {t(`roles.${role}`)}
                </Tag>
              ))}
            </Flex>
          ),
        },
        { key: 'scope', label: t('account.fields.scope'), children: scope },
      ]}
    />
  );
}

/** The signed-in user's own settings: password and, for those allowed, API keys. */
export function AccountPage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const isMobile = useIsMobile();
  const [params, setParams] = useSearchParams();
  const canManageKeys = user.permissions.includes('apikeys:manage');
  const tab = canManageKeys && params.get('tab') === 'api-keys' ? 'api-keys' : 'password';

  return (
    <Card
      title={t('account.title')}
      styles={{ body: { padding: isMobile ? 12 : undefined, paddingTop: isMobile ? 4 : 8 } }}
    >
      <Tabs
        activeKey={tab}
        onChange={(key) =>
          setParams(
            (current) => {
              const next = new URLSearchParams(current);
              if (key === 'api-keys') next.set('tab', key);
              else next.delete('tab');
              return next;
            },
            { replace: true },
          )
        }
        items={[
          {
            key: 'password',
            label: <span data-testid="account-tab-password">{t('account.profile')}</span>,
            children: (
              <Flex vertical gap={24}>
                <Profile />
                <Card size="small" title={t('account.changePassword')} type="inner">
                  <ChangePasswordForm />
                </Card>
              </Flex>
            ),
          },
          ...(canManageKeys
            ? [
                {
                  key: 'api-keys',
                  label: <span data-testid="account-tab-api-keys">{t('account.apiKeys')}</span>,
                  children: <ApiKeysPanel />,
                },
              ]
            : []),
        ]}
      />
    </Card>
  );
}
