import { DeleteOutlined, KeyOutlined, PlusOutlined, SendOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Drawer,
  Flex,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Webhook, webhookEventTypes } from '../../../../contracts/workflow.ts';
import { describeError, ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { EMPTY_VALUE, formatDateTime } from '../../shared/format.ts';
import { useDrawerSize, useIsMobile, useLanguage } from '../../shared/responsive.ts';
import {
  useDeleteWebhook,
  useDeliveries,
  usePingWebhook,
  useRetryDelivery,
  useSaveWebhook,
  useWebhooks,
} from './workflow.api.ts';

const statusColors = { pending: 'processing', delivered: 'success', failed: 'error' } as const;

function DeliveryLog({ webhook }: { webhook: Webhook }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const { message } = App.useApp();
  const deliveries = useDeliveries(webhook.id);
  const retry = useRetryDelivery();
  if (deliveries.error) return <ErrorAlert error={deliveries.error} />;
  return (
    <Table
      rowKey="id"
      size="small"
      loading={deliveries.isLoading}
      dataSource={deliveries.data?.items ?? []}
      pagination={false}
      scroll={{ x: 760 }}
      data-testid={`deliveries-${webhook.id}`}
      expandable={{
        expandedRowRender: (d) => (
          <Flex vertical gap={4}>
            {d.log.map((a) => (
              <Typography.Text key={a.attempt} type={a.error ? 'danger' : undefined} style={{ fontSize: 12 }}>
                {t('workflow.webhooks.attempt', { n: a.attempt })} · {formatDateTime(a.at, lang)} ·{' '}
                {a.statusCode ?? EMPTY_VALUE}
                {a.durationMs !== null ? ` · ${a.durationMs} ms` : ''}
                {a.error ? ` · ${a.error}` : ''}
              </Typography.Text>
            ))}
            <Typography.Text code style={{ fontSize: 12, whiteSpace: 'pre-wrap' }}>
              {JSON.stringify(d.payload)}
            </Typography.Text>
          </Flex>
        ),
      }}
      columns={[
        {
          key: 'at',
          title: t('workflow.webhooks.time'),
          render: (_, d) => formatDateTime(d.createdAt, lang),
          width: 150,
        },
        { key: 'event', title: t('workflow.webhooks.event'), dataIndex: 'eventType', width: 170 },
        {
          key: 'status',
          title: t('common.status'),
          width: 100,
          render: (_, d) => (
            <Tag color={statusColors[d.status]}>{t(`workflow.webhooks.deliveryStatus.${d.status}`)}</Tag>
          ),
        },
        {
          key: 'attempts',
          title: t('workflow.webhooks.attempts'),
          dataIndex: 'attempts',
          width: 90,
          align: 'right',
        },
        {
          key: 'last',
          title: t('workflow.webhooks.lastStatus'),
          render: (_, d) => [d.lastStatus, d.lastError].filter((v) => v !== null).join(' · ') || EMPTY_VALUE,
        },
        {
          key: 'next',
          title: t('workflow.webhooks.nextAttempt'),
          width: 150,
          render: (_, d) =>
            d.status === 'pending' && d.nextAttemptAt ? formatDateTime(d.nextAttemptAt, lang) : EMPTY_VALUE,
        },
        {
          key: 'retry',
          title: '',
          width: 80,
          render: (_, d) =>
            d.status === 'failed' ? (
              <Button
                size="small"
                onClick={() =>
                  retry.mutate(
                    { webhookId: webhook.id, deliveryId: d.id },
                    { onError: (error) => void message.error(describeError(error, t)) },
                  )
                }
              >
                {t('workflow.webhooks.retry')}
              </Button>
            ) : null,
        },
      ]}
    />
  );
}

interface WebhookForm {
  name: string;
  url: string;
  eventTypes: string[];
  isActive: boolean;
}

/** /admin/webhooks: outgoing webhooks, their signing secret (shown once) and delivery log. */
export function WebhooksPage() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const isMobile = useIsMobile();
  const drawerSize = useDrawerSize(520);
  const { message } = App.useApp();
  const webhooks = useWebhooks();
  const save = useSaveWebhook();
  const remove = useDeleteWebhook();
  const ping = usePingWebhook();
  const [editing, setEditing] = useState<Webhook | 'new' | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const [form] = Form.useForm<WebhookForm>();

  function open(target: Webhook | 'new') {
    setEditing(target);
    form.setFieldsValue(
      target === 'new'
        ? { name: '', url: 'https://', eventTypes: ['approval.approved'], isActive: true }
        : { name: target.name, url: target.url, eventTypes: target.eventTypes, isActive: target.isActive },
    );
  }

  async function submit() {
    const values = await form.validateFields();
    try {
      const result =
        editing === 'new'
          ? await save.mutateAsync({ id: null, body: values })
          : await save.mutateAsync({
              id: (editing as Webhook).id,
              body: { ...values, version: (editing as Webhook).version },
            });
      setEditing(null);
      if ('secret' in result && typeof result.secret === 'string') setSecret(result.secret);
      else void message.success(t('common.saved'));
    } catch (error) {
      void message.error(describeError(error, t));
    }
  }

  async function rotate(webhook: Webhook) {
    try {
      const result = await save.mutateAsync({
        id: webhook.id,
        body: { version: webhook.version, rotateSecret: true },
      });
      if ('secret' in result && typeof result.secret === 'string') setSecret(result.secret);
    } catch (error) {
      void message.error(describeError(error, t));
    }
  }

  const columns: ColumnsType<Webhook> = [
    {
      key: 'name',
      title: t('workflow.webhooks.name'),
      width: 160,
      render: (_, w) => <Typography.Link onClick={() => open(w)}>{w.name}</Typography.Link>,
    },
    { key: 'url', title: t('workflow.webhooks.url'), dataIndex: 'url', width: 280, ellipsis: true },
    {
      key: 'events',
      title: t('workflow.webhooks.events'),
      render: (_, w) => (
        <Flex gap={4} wrap>
          {w.eventTypes.map((e) => (
            <Tag key={e}>{e}</Tag>
          ))}
        </Flex>
      ),
    },
    {
      key: 'active',
      title: t('workflow.webhooks.active'),
      width: 80,
      render: (_, w) => (
        <Switch
          checked={w.isActive}
          onChange={(isActive) =>
            save.mutate(
              { id: w.id, body: { version: w.version, isActive } },
              { onError: (error) => void message.error(describeError(error, t)) },
            )
          }
        />
      ),
    },
    {
      key: 'last',
      title: t('workflow.webhooks.lastDelivery'),
      width: 180,
      render: (_, w) =>
        w.lastDelivery ? (
          <Space size={4}>
            <Tag color={statusColors[w.lastDelivery.status as keyof typeof statusColors]}>
              {t(
                `workflow.webhooks.deliveryStatus.${w.lastDelivery.status}` as 'workflow.webhooks.deliveryStatus.pending',
              )}
            </Tag>
            {formatDateTime(w.lastDelivery.at, lang)}
          </Space>
        ) : (
          EMPTY_VALUE
        ),
    },
    {
      key: 'actions',
      title: t('common.actions'),
      width: 220,
      render: (_, w) => (
        <Space size={4} wrap>
          <Button
            size="small"
            icon={<SendOutlined />}
            onClick={() =>
              ping.mutate(w.id, {
                onSuccess: () => void message.success(t('workflow.webhooks.pinged')),
                onError: (error) => void message.error(describeError(error, t)),
              })
            }
          >
            {t('workflow.webhooks.ping')}
          </Button>
          <Button size="small" icon={<KeyOutlined />} onClick={() => void rotate(w)}>
            {t('workflow.webhooks.rotate')}
          </Button>
          <Popconfirm
            title={t('workflow.webhooks.deleteConfirm', { name: w.name })}
            onConfirm={() => remove.mutate(w.id)}
          >
            <Button size="small" danger icon={<DeleteOutlined />} aria-label={t('common.delete')} />
          </Popconfirm>
        </Space>
      ),
    },
  ];

  return (
    <Flex vertical gap={12}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={isMobile ? 4 : 3} style={{ margin: 0 }}>
          {t('workflow.webhooks.title')}
        </Typography.Title>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => open('new')} data-testid="webhook-new">
          {t('workflow.webhooks.new')}
        </Button>
      </Flex>
      <Typography.Text type="secondary">{t('workflow.webhooks.intro')}</Typography.Text>
      {webhooks.error && <ErrorAlert error={webhooks.error} />}
      <Table
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={webhooks.data ?? []}
        loading={webhooks.isLoading}
        pagination={false}
        scroll={{ x: 1100 }}
        expandable={{ expandedRowRender: (w) => <DeliveryLog webhook={w} /> }}
        data-testid="webhooks-table"
      />
      <Drawer
        open={editing !== null}
        size={drawerSize}
        title={editing === 'new' ? t('workflow.webhooks.new') : (editing?.name ?? '')}
        onClose={() => setEditing(null)}
        destroyOnHidden
        extra={
          <Button
            type="primary"
            loading={save.isPending}
            onClick={() => void submit()}
            data-testid="webhook-save"
          >
            {t('common.save')}
          </Button>
        }
      >
        <Form form={form} layout="vertical">
          <Form.Item name="name" label={t('workflow.webhooks.name')} rules={[{ required: true }]}>
            <Input maxLength={100} data-testid="webhook-name" />
          </Form.Item>
          <Form.Item name="url" label={t('workflow.webhooks.url')} rules={[{ required: true }]}>
            <Input maxLength={2000} data-testid="webhook-url" />
          </Form.Item>
          <Form.Item name="eventTypes" label={t('workflow.webhooks.events')} rules={[{ required: true }]}>
            <Select mode="multiple" options={webhookEventTypes.map((e) => ({ value: e, label: e }))} />
          </Form.Item>
          <Form.Item name="isActive" label={t('workflow.webhooks.active')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Form>
      </Drawer>
      <Modal
        open={secret !== null}
        title={t('workflow.webhooks.secretTitle')}
        onOk={() => setSecret(null)}
        onCancel={() => setSecret(null)}
        cancelButtonProps={{ style: { display: 'none' } }}
      >
        <Alert
          type="warning"
          showIcon
          title={t('workflow.webhooks.secretHint')}
          style={{ marginBottom: 12 }}
        />
        <Typography.Paragraph copyable code data-testid="webhook-secret">
          {secret}
        </Typography.Paragraph>
      </Modal>
    </Flex>
  );
}
