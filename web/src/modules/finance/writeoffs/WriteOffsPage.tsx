import { CheckOutlined, CloseOutlined } from '@ant-design/icons';
import { App, Button, Card, Flex, Form, Input, Modal, Select, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { type WriteOff, writeOffStatuses } from '../../../../../contracts/finance.ts';
import { useCurrentUser } from '../../../app/auth.tsx';
import { formatAmount } from '../../../shared/currency.ts';
import { ErrorAlert } from '../../../shared/ErrorAlert.tsx';
import { EMPTY_VALUE, formatDateTime } from '../../../shared/format.ts';
import { PAGE_SIZES, useListState } from '../../../shared/list.ts';
import { useIsMobile, useLanguage } from '../../../shared/responsive.ts';
import { SearchInput } from '../../../shared/SearchInput.tsx';
import { CustomerSelect } from '../CustomerSelect.tsx';
import { WriteOffStatusTag } from '../FinanceTags.tsx';
import { useDecideWriteOff, useWriteOffList } from '../finance.api.ts';

const FILTER_KEYS = ['status', 'customerId'] as const;

type Decision = { writeOff: WriteOff; decision: 'approve' | 'reject' };

export function WriteOffsPage() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const isMobile = useIsMobile();
  const user = useCurrentUser();
  const canApprove = user.permissions.includes('finance:approve');
  const list = useListState(FILTER_KEYS);
  const writeOffs = useWriteOffList(list.query);
  const [deciding, setDeciding] = useState<Decision | null>(null);

  const columns: ColumnsType<WriteOff> = [
    {
      key: 'number',
      title: t('finance.writeOffs.number'),
      dataIndex: 'number',
      width: 170,
      fixed: isMobile ? undefined : 'left',
    },
    {
      key: 'status',
      title: t('common.status'),
      width: 90,
      render: (_v, w) => <WriteOffStatusTag status={w.status} />,
    },
    {
      key: 'invoice',
      title: t('finance.fields.invoiceNumber'),
      width: 170,
      render: (_v, w) => <Link to={`/invoices/${w.invoiceId}`}>{w.invoiceNumber}</Link>,
    },
    { key: 'customer', title: t('finance.fields.customer'), dataIndex: 'customerName', width: 200 },
    {
      key: 'amount',
      title: t('finance.fields.amount'),
      align: 'right',
      width: 130,
      render: (_v, w) => formatAmount(w.amount, w.currency, lang),
    },
    { key: 'reason', title: t('finance.fields.reason'), dataIndex: 'reason', width: 220 },
    {
      key: 'requested',
      title: t('finance.writeOffs.requestedBy'),
      width: 170,
      render: (_v, w) => (
        <Flex vertical>
          <span>
            {w.requestedByName}
            {w.requestedBy === user.id && (
              <Tag style={{ marginInlineStart: 6 }} color="blue">
                {t('finance.writeOffs.yours')}
              </Tag>
            )}
          </span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {formatDateTime(w.requestedAt, lang)}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      key: 'decided',
      title: t('finance.writeOffs.decidedBy'),
      width: 200,
      render: (_v, w) =>
        w.decidedByName ? (
          <Flex vertical>
            <span>{w.decidedByName}</span>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {w.decidedAt ? formatDateTime(w.decidedAt, lang) : ''} {w.decisionNote ?? ''}
            </Typography.Text>
          </Flex>
        ) : (
          EMPTY_VALUE
        ),
    },
  ];
  if (canApprove) {
    columns.push({
      key: 'actions',
      title: t('common.actions'),
      width: 170,
      fixed: isMobile ? undefined : 'right',
      render: (_v, w) =>
        w.status === 'requested' ? (
          <Flex gap={4}>
            <Button
              size="small"
              type="primary"
              icon={<CheckOutlined />}
              data-testid={`write-off-approve-${w.id}`}
              onClick={() => setDeciding({ writeOff: w, decision: 'approve' })}
            >
              {t('finance.writeOffs.approve')}
            </Button>
            <Button
              size="small"
              danger
              icon={<CloseOutlined />}
              data-testid={`write-off-reject-${w.id}`}
              onClick={() => setDeciding({ writeOff: w, decision: 'reject' })}
            >
              {t('finance.writeOffs.reject')}
            </Button>
          </Flex>
        ) : (
          EMPTY_VALUE
        ),
    });
  }

  return (
    <Card title={t('finance.writeOffs.title')} styles={{ body: { padding: isMobile ? 12 : undefined } }}>
      <Flex vertical gap={16}>
        <Flex gap={8} wrap>
          <SearchInput
            testId="write-offs-search"
            value={list.q}
            placeholder={t('finance.writeOffs.searchPlaceholder')}
            onSearch={(q) => list.update({ q })}
            style={{ width: isMobile ? '100%' : 240 }}
          />
          <Select<string>
            allowClear
            data-testid="write-offs-filter-status"
            placeholder={t('common.status')}
            value={list.filters.status}
            onChange={(status?: string) => list.update({ filters: { status } })}
            options={writeOffStatuses.map((value) => ({
              value,
              label: t(`finance.writeOffStatuses.${value}`),
            }))}
            style={{ width: isMobile ? '100%' : 140 }}
          />
          <CustomerSelect
            allowClear
            testId="write-offs-filter-customer"
            placeholder={t('finance.fields.customer')}
            value={list.filters.customerId ? Number(list.filters.customerId) : undefined}
            onChange={(customerId) => list.update({ filters: { customerId: customerId?.toString() } })}
            style={{ width: isMobile ? '100%' : 220 }}
          />
        </Flex>
        <ErrorAlert error={writeOffs.error} testId="write-offs-error" />
        <Table<WriteOff>
          data-testid="write-offs-table"
          rowKey="id"
          size={isMobile ? 'small' : 'middle'}
          columns={columns}
          dataSource={writeOffs.data?.items ?? []}
          loading={writeOffs.isFetching}
          scroll={{ x: 'max-content' }}
          pagination={{
            current: list.page,
            pageSize: list.pageSize,
            total: writeOffs.data?.total ?? 0,
            showSizeChanger: !isMobile,
            pageSizeOptions: PAGE_SIZES.map(String),
            showTotal: (total) => t('common.total', { count: total }),
            simple: isMobile,
            onChange: (page, pageSize) => list.update({ page, pageSize }),
          }}
        />
      </Flex>
      {deciding && <DecisionModal decision={deciding} onClose={() => setDeciding(null)} />}
    </Card>
  );
}

function DecisionModal({ decision, onClose }: { decision: Decision; onClose: () => void }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const { message } = App.useApp();
  const decide = useDecideWriteOff();
  const [form] = Form.useForm<{ note: string }>();
  const { writeOff } = decision;
  const isReject = decision.decision === 'reject';

  async function submit({ note }: { note: string }) {
    try {
      await decide.mutateAsync({
        id: writeOff.id,
        decision: decision.decision,
        note: note.trim() || undefined,
      });
      void message.success(t(isReject ? 'finance.writeOffs.rejected' : 'finance.writeOffs.approved'));
      onClose();
    } catch {
      // The server's refusal (e.g. deciding one's own request) is shown in the dialog.
    }
  }

  return (
    <Modal
      open
      title={t(isReject ? 'finance.writeOffs.rejectTitle' : 'finance.writeOffs.approveTitle', {
        number: writeOff.number,
      })}
      onCancel={onClose}
      destroyOnHidden
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t('common.cancel')}
        </Button>,
        <Button
          key="ok"
          type="primary"
          danger={isReject}
          loading={decide.isPending}
          data-testid="write-off-decision-confirm"
          onClick={() => form.submit()}
        >
          {t(isReject ? 'finance.writeOffs.reject' : 'finance.writeOffs.approve')}
        </Button>,
      ]}
    >
      <Typography.Paragraph>
        {t('finance.writeOffs.decisionSummary', {
          invoice: writeOff.invoiceNumber,
          customer: writeOff.customerName,
          amount: formatAmount(writeOff.amount, writeOff.currency, lang),
          reason: writeOff.reason,
        })}
      </Typography.Paragraph>
      <ErrorAlert error={decide.error} testId="write-off-decision-error" style={{ marginBottom: 16 }} />
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ note: '' }}>
        <Form.Item
          name="note"
          label={t('finance.writeOffs.note')}
          rules={
            isReject
              ? [
                  { required: true, whitespace: true, message: t('finance.validation.reasonRequired') },
                  { min: 2, max: 500, message: t('finance.validation.reasonLength') },
                ]
              : [{ max: 500, message: t('common.maxLength', { max: 500 }) }]
          }
        >
          <Input.TextArea data-testid="write-off-decision-note" rows={3} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
