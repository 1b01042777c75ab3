import { ArrowLeftOutlined, StopOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Descriptions,
  Empty,
  Flex,
  Form,
  Input,
  Modal,
  Result,
  Skeleton,
  Table,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import type { SalesContract } from '../../../../contracts/sales-contracts.ts';
import { useCurrentUser } from '../../app/auth.tsx';
import { NotFoundPage } from '../../app/status.tsx';
import { isApiError } from '../../shared/api.ts';
import { formatAmount } from '../../shared/currency.ts';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { EMPTY_VALUE, formatDateTime } from '../../shared/format.ts';
import { productNameIn } from '../../shared/names.ts';
import { useIsMobile, useLanguage } from '../../shared/responsive.ts';
import { SaveErrorAlert } from '../../shared/SaveErrorAlert.tsx';
import { ContractApprovalCard } from './ContractApprovalCard.tsx';
import { ContractStatusTag, FloorPriceCell, ValidityRange, ValidityTag } from './PricingParts.tsx';
import { pricingKeys, useCancelContract, useContract } from './pricing.api.ts';
import { canSeeFloorPrice, canSetPrices } from './pricing.rules.ts';

type ContractLine = SalesContract['lines'][number];

export function ContractDetailPage() {
  const { id } = useParams();
  const contractId = Number(id);
  if (!Number.isInteger(contractId) || contractId <= 0) return <NotFoundPage />;
  return <ContractDetail contractId={contractId} />;
}

function ContractDetail({ contractId }: { contractId: number }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const isMobile = useIsMobile();
  const user = useCurrentUser();
  const contract = useContract(contractId);
  const [isCancelling, setCancelling] = useState(false);
  const backLink = (
    <Link to="/sales-contracts">
      <ArrowLeftOutlined /> {t('sales.contracts.backToList')}
    </Link>
  );
  if (contract.isLoading) return <Skeleton active />;
  if (!contract.data) {
    return isApiError(contract.error) && contract.error.status === 404 ? (
      <Result status="404" title={t('sales.contracts.notFound')} extra={backLink} />
    ) : (
      <Flex vertical gap={16}>
        {backLink}
        <ErrorAlert error={contract.error} testId="contract-load-error" />
      </Flex>
    );
  }
  const data = contract.data;

  const columns: ColumnsType<ContractLine> = [
    { key: 'sku', title: t('sales.priceLines.sku'), dataIndex: 'sku', width: 150 },
    {
      key: 'name',
      title: t('sales.priceLines.name'),
      width: 280,
      render: (_value, line) => productNameIn(lang, line),
    },
    {
      key: 'unitPrice',
      title: t('sales.priceLines.agreedPrice'),
      dataIndex: 'unitPrice',
      width: 140,
      align: 'right',
      render: (unitPrice: number) => formatAmount(unitPrice, data.currency, lang),
    },
    ...(canSeeFloorPrice(user)
      ? [
          {
            key: 'floor',
            title: t('sales.priceLines.floorPrice'),
            width: 180,
            render: (_value: unknown, line: ContractLine) => (
              <FloorPriceCell
                productId={line.productId}
                unitPrice={line.unitPrice}
                currency={data.currency}
              />
            ),
          },
        ]
      : []),
  ];

  return (
    <Flex vertical gap={16} data-testid="contract-detail">
      {backLink}
      <Card
        title={
          <Flex gap={8} align="center" wrap>
            <span>{data.number}</span>
            <ContractStatusTag status={data.status} />
          </Flex>
        }
        size="small"
        styles={{ body: { padding: isMobile ? 12 : undefined } }}
        extra={
          canSetPrices(user) &&
          data.status === 'active' && (
            <Button
              danger
              icon={<StopOutlined />}
              data-testid="contract-cancel"
              onClick={() => setCancelling(true)}
            >
              {t('sales.contracts.cancel')}
            </Button>
          )
        }
      >
        <Descriptions size="small" column={isMobile ? 1 : 3}>
          <Descriptions.Item label={t('sales.contracts.fields.customer')}>
            {data.customerName}
          </Descriptions.Item>
          <Descriptions.Item label={t('sales.contracts.fields.validity')}>
            <Flex gap={6} align="center" wrap>
              <ValidityRange validFrom={data.validFrom} validUntil={data.validUntil} />
              {data.status === 'active' && (
                <ValidityTag validFrom={data.validFrom} validUntil={data.validUntil} />
              )}
            </Flex>
          </Descriptions.Item>
          <Descriptions.Item label={t('sales.contracts.fields.currency')}>{data.currency}</Descriptions.Item>
          <Descriptions.Item label={t('sales.contracts.fields.quote')}>
            {data.quoteId === null ? (
              EMPTY_VALUE
            ) : (
              <Link to={`/quotes/${data.quoteId}`}>#{data.quoteId}</Link>
            )}
          </Descriptions.Item>
          <Descriptions.Item label={t('sales.contracts.fields.createdAt')}>
            {formatDateTime(data.createdAt, lang)}
          </Descriptions.Item>
          <Descriptions.Item label={t('sales.contracts.fields.note')}>
            {data.note ?? EMPTY_VALUE}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title={t('sales.contracts.fields.lines')} size="small">
        <Table<ContractLine>
          data-testid="contract-lines"
          rowKey="productId"
          size="small"
          columns={columns}
          dataSource={data.lines}
          loading={contract.isFetching}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <Empty description={t('sales.priceLines.empty')} /> }}
          pagination={data.lines.length > 20 ? { pageSize: 20, simple: isMobile } : false}
        />
      </Card>
      <ContractApprovalCard contract={data} />
      {isCancelling && <CancelContractModal contract={data} onClose={() => setCancelling(false)} />}
    </Flex>
  );
}

function CancelContractModal({ contract, onClose }: { contract: SalesContract; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const cancel = useCancelContract();
  const [form] = Form.useForm<{ reason: string }>();

  async function submit({ reason }: { reason: string }) {
    try {
      await cancel.mutateAsync({
        id: contract.id,
        body: { version: contract.version, reason: reason.trim() },
      });
      void message.success(t('sales.contracts.cancelled', { number: contract.number }));
      onClose();
    } catch {
      // Shown by the alert.
    }
  }

  return (
    <Modal
      open
      title={t('sales.contracts.cancelTitle', { number: contract.number })}
      onCancel={onClose}
      destroyOnHidden
      footer={[
        <Button key="back" onClick={onClose}>
          {t('common.back')}
        </Button>,
        <Button
          key="ok"
          type="primary"
          danger
          loading={cancel.isPending}
          data-testid="contract-cancel-confirm"
          onClick={() => form.submit()}
        >
          {t('sales.contracts.cancel')}
        </Button>,
      ]}
    >
      <SaveErrorAlert
        error={cancel.error}
        onReload={() => {
          // Someone changed the contract meanwhile: show it as it is now before anyone tries again.
          void queryClient.invalidateQueries({ queryKey: pricingKeys.contract(contract.id) });
          onClose();
        }}
        style={{ marginBottom: 16 }}
      />
      <Typography.Paragraph type="secondary">{t('sales.contracts.cancelHint')}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ reason: '' }}>
        <Form.Item
          name="reason"
          label={t('sales.contracts.cancelReason')}
          rules={[
            { required: true, whitespace: true, message: t('sales.validation.reasonRequired') },
            { min: 2, max: 500, message: t('sales.validation.reasonLength') },
          ]}
        >
          <Input.TextArea data-testid="contract-cancel-reason" rows={3} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
