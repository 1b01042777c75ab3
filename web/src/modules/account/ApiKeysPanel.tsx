import { CopyOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Flex, Form, Input, Modal, Popconfirm, Table, Tag, Typography } from 'antd';
import type { TextAreaRef } from 'antd/es/input/TextArea';
import type { ColumnsType } from 'antd/es/table';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError, ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { formatDateTime } from '../../shared/format.ts';
import { useIsMobile, useLanguage } from '../../shared/responsive.ts';
import {
  type ApiKey,
  type CreatedApiKey,
  useApiKeys,
  useCreateApiKey,
  useRevokeApiKey,
} from './account.api.ts';

/** The clipboard API needs a secure page; elsewhere the selected text is copied the old way. */
async function copyText(
  text: string,
  fallbackInput: HTMLTextAreaElement | null | undefined,
): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    if (!fallbackInput) return false;
    fallbackInput.select();
    return document.execCommand('copy');
  }
}

/** Shows a new key once, with a copy button; closing it is the only way out, so it is not lost by a stray click. */
function CreatedKeyModal({ created, onClose }: { created: CreatedApiKey; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const keyRef = useRef<TextAreaRef>(null);

  async function copy() {
    if (await copyText(created.key, keyRef.current?.resizableTextArea?.textArea))
      void message.success(t('account.copied'));
    else void message.warning(t('account.copyFailed'));
  }

  return (
    <Modal
      open
      title={t('account.keyCreatedTitle')}
      closable={false}
      mask={{ closable: false }}
      keyboard={false}
      data-testid="apikey-created-modal"
      footer={
        <Button type="primary" data-testid="apikey-created-close" onClick={onClose}>
          {t('account.savedIt')}
        </Button>
      }
    >
      <Flex vertical gap={12}>
        <Alert type="warning" showIcon title={t('account.keyCreatedWarning')} />
        <Typography.Text strong>{created.name}</Typography.Text>
        <Input.TextArea
          ref={keyRef}
          readOnly
          data-testid="apikey-created-key"
          value={created.key}
          autoSize={{ minRows: 2, maxRows: 4 }}
          onFocus={(event) => event.currentTarget.select()}
          style={{
            fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
            wordBreak: 'break-all',
          }}
        />
        <Button icon={<CopyOutlined />} data-testid="apikey-copy" onClick={() => void copy()}>
          {t('account.copy')}
        </Button>
      </Flex>
    </Modal>
  );
}

export function ApiKeysPanel() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const isMobile = useIsMobile();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ name: string }>();
  const keys = useApiKeys(true);
  const create = useCreateApiKey();
  const revoke = useRevokeApiKey();
  const [created, setCreated] = useState<CreatedApiKey | null>(null);

  async function submit({ name }: { name: string }) {
    try {
      setCreated(await create.mutateAsync(name.trim()));
      form.resetFields();
    } catch {
      // Shown by the alert below the form.
    }
  }

  async function remove(key: ApiKey) {
    try {
      await revoke.mutateAsync(key.id);
      void message.success(t('account.revoked'));
    } catch (error) {
      void message.error(describeError(error, t));
    }
  }

  const columns: ColumnsType<ApiKey> = [
    { key: 'name', title: t('account.fields.name'), dataIndex: 'name', width: 180 },
    {
      key: 'prefix',
      title: t('account.fields.prefix'),
      dataIndex: 'prefix',
      width: 170,
      render: (prefix: string) => <Typography.Text code>{`pulse_${prefix}_…`}</Typography.Text>,
    },
    {
      key: 'createdAt',
      title: t('account.fields.createdAt'),
      dataIndex: 'createdAt',
      width: 160,
      render: (value: string) => formatDateTime(value, lang),
    },
    {
      key: 'lastUsedAt',
      title: t('account.fields.lastUsedAt'),
      dataIndex: 'lastUsedAt',
      width: 160,
      render: (value: string | null) =>
        value ? (
          formatDateTime(value, lang)
        ) : (
          <Typography.Text type="secondary">{t('account.neverUsed')}</Typography.Text>
        ),
    },
    {
      key: 'status',
      title: t('account.fields.status'),
      width: 200,
      render: (_value, key) =>
        key.revokedAt ? (
          <Tag title={formatDateTime(key.revokedAt, lang)}>
            {t('account.revoked')} {formatDateTime(key.revokedAt, lang)}
          </Tag>
        ) : (
          <Tag color="green">{t('account.active')}</Tag>
        ),
    },
    {
      key: 'actions',
      title: t('common.actions'),
      width: 90,
      render: (_value, key) =>
        key.revokedAt ? null : (
          <Popconfirm
            title={t('account.revokeConfirm', { name: key.name })}
            description={t('account.revokeHint')}
            okText={t('account.revoke')}
            cancelText={t('common.cancel')}
            okButtonProps={{ danger: true }}
            onConfirm={() => remove(key)}
          >
            <Button size="small" danger icon={<DeleteOutlined />} data-testid={`apikey-revoke-${key.id}`}>
              {t('account.revoke')}
            </Button>
          </Popconfirm>
        ),
    },
  ];

  // Revoked keys stay listed (for the record) but below the working ones.
  const sorted = [...(keys.data ?? [])].sort(
    (a, b) => Number(a.revokedAt !== null) - Number(b.revokedAt !== null) || b.id - a.id,
  );

  return (
    <Flex vertical gap={16}>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('account.apiKeysIntro')}
      </Typography.Paragraph>
      <Form<{ name: string }>
        form={form}
        layout={isMobile ? 'vertical' : 'inline'}
        data-testid="apikey-form"
        onFinish={(values) => void submit(values)}
      >
        <Form.Item
          name="name"
          label={t('account.keyName')}
          rules={[
            { required: true, whitespace: true, message: t('account.validation.nameRequired') },
            { max: 100, message: t('common.maxLength', { max: 100 }) },
          ]}
          style={{ minWidth: isMobile ? undefined : 320 }}
        >
          <Input data-testid="apikey-name" placeholder={t('account.keyNamePlaceholder')} autoComplete="off" />
        </Form.Item>
        <Form.Item>
          <Button
            type="primary"
            htmlType="submit"
            icon={<PlusOutlined />}
            loading={create.isPending}
            data-testid="apikey-create"
          >
            {t('account.createKey')}
          </Button>
        </Form.Item>
      </Form>
      <ErrorAlert error={create.error} testId="apikey-error" />
      <ErrorAlert error={keys.error} testId="apikeys-error" />
      <Table<ApiKey>
        data-testid="apikeys-table"
        rowKey="id"
        size={isMobile ? 'small' : 'middle'}
        columns={columns}
        dataSource={sorted}
        loading={keys.isFetching}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('account.noKeys') }}
        pagination={false}
      />
      {created && <CreatedKeyModal created={created} onClose={() => setCreated(null)} />}
    </Flex>
  );
}
