import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Form, Input, Typography, theme } from 'antd';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router-dom';
import type { LoginRequest } from '../../../../contracts/auth.ts';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { useAuth, useLogin } from '../auth.tsx';
import { redirectTarget } from '../guards.tsx';
import { LanguageSwitch } from '../layout/LanguageSwitch.tsx';

export function LoginPage() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const location = useLocation();
  const login = useLogin();
  const { token } = theme.useToken();

  // Also how a successful login leaves this page: the user appears and we redirect.
  if (user) return <Navigate to={redirectTarget(location.state)} replace />;

  return (
    <Flex
      vertical
      align="center"
      justify="center"
      style={{ minHeight: '100vh', padding: 16, background: token.colorBgLayout }}
    >
      <Card style={{ width: '100%', maxWidth: 400 }}>
        <Flex justify="flex-end">
          {/* The server message was in the old language: clear it rather than mix languages. */}
          <LanguageSwitch size="small" onChange={() => login.reset()} />
        </Flex>
        <Typography.Title level={3} style={{ marginTop: 8, marginBottom: 4 }}>
          {t('auth.loginTitle')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('auth.loginSubtitle')}</Typography.Paragraph>
        <ErrorAlert error={login.error} testId="login-error" style={{ marginBottom: 16 }} />
        <Form<LoginRequest>
          layout="vertical"
          requiredMark={false}
          disabled={login.isPending}
          onFinish={(values) => login.mutate(values)}
        >
          <Form.Item
            name="username"
            label={t('auth.username')}
            rules={[{ required: true, whitespace: true, message: t('auth.usernameRequired') }]}
          >
            <Input
              data-testid="login-username"
              prefix={<UserOutlined />}
              autoComplete="username"
              autoFocus
              size="large"
            />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('auth.password')}
            rules={[{ required: true, message: t('auth.passwordRequired') }]}
          >
            <Input.Password
              data-testid="login-password"
              prefix={<LockOutlined />}
              autoComplete="current-password"
              size="large"
            />
          </Form.Item>
          <Button
            data-testid="login-submit"
            type="primary"
            htmlType="submit"
            size="large"
            block
            loading={login.isPending}
          >
            {t('auth.submit')}
          </Button>
        </Form>
      </Card>
    </Flex>
  );
}
