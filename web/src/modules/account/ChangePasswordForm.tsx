import { App, Button, Form, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useCurrentUser } from '../../app/auth.tsx';
import { isApiError } from '../../shared/api.ts';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { useChangePassword } from './account.api.ts';

interface PasswordFormValues {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

const MIN_PASSWORD = 10;

export function ChangePasswordForm() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<PasswordFormValues>();
  const change = useChangePassword();
  const user = useCurrentUser();

  async function submit(values: PasswordFormValues) {
    try {
      await change.mutateAsync({ currentPassword: values.currentPassword, newPassword: values.newPassword });
      form.resetFields();
      void message.success(t('account.passwordChanged'));
    } catch (error) {
      if (isApiError(error) && error.code === 'INVALID_CREDENTIALS') {
        form.setFields([{ name: 'currentPassword', errors: [t('account.wrongCurrentPassword')] }]);
      } else if (isApiError(error) && error.code === 'WEAK_PASSWORD') {
        form.setFields([{ name: 'newPassword', errors: [error.message] }]);
      }
    }
  }

  // Errors shown at a field need no second mention above the form.
  const fieldError =
    isApiError(change.error) && ['INVALID_CREDENTIALS', 'WEAK_PASSWORD'].includes(change.error.code);

  return (
    <Form<PasswordFormValues>
      form={form}
      layout="vertical"
      data-testid="account-password-form"
      style={{ maxWidth: 420 }}
      onFinish={(values) => void submit(values)}
      onValuesChange={() => {
        if (change.error) change.reset();
      }}
    >
      <Typography.Paragraph type="secondary">{t('account.passwordIntro')}</Typography.Paragraph>
      {!fieldError && (
        <ErrorAlert error={change.error} testId="account-password-error" style={{ marginBottom: 16 }} />
      )}
      {/* A hidden username lets password managers file the new password under the right account. */}
      <input
        type="text"
        name="username"
        autoComplete="username"
        value={user.username}
        readOnly
        style={{ display: 'none' }}
      />
      <Form.Item
        name="currentPassword"
        label={t('account.currentPassword')}
        rules={[{ required: true, message: t('account.validation.currentRequired') }]}
      >
        <Input.Password data-testid="account-current-password" autoComplete="current-password" />
      </Form.Item>
      <Form.Item
        name="newPassword"
        label={t('account.newPassword')}
        dependencies={['currentPassword']}
        rules={[
          { required: true, message: t('account.validation.newRequired') },
          { min: MIN_PASSWORD, message: t('account.validation.newLength') },
          { max: 200, message: t('common.maxLength', { max: 200 }) },
          {
            validator: async (_rule, value: string | undefined) => {
              if (value && value === form.getFieldValue('currentPassword')) {
                throw new Error(t('account.validation.sameAsCurrent'));
              }
            },
          },
        ]}
      >
        <Input.Password data-testid="account-new-password" autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        name="confirmPassword"
        label={t('account.confirmPassword')}
        dependencies={['newPassword']}
        rules={[
          { required: true, message: t('account.validation.newRequired') },
          {
            validator: async (_rule, value: string | undefined) => {
              if (value && value !== form.getFieldValue('newPassword')) {
                throw new Error(t('account.validation.confirmMismatch'));
              }
            },
          },
        ]}
      >
        <Input.Password data-testid="account-confirm-password" autoComplete="new-password" />
      </Form.Item>
      <Button
        type="primary"
        htmlType="submit"
        loading={change.isPending}
        data-testid="account-password-submit"
      >
        {t('account.submitPassword')}
      </Button>
    </Form>
  );
}
