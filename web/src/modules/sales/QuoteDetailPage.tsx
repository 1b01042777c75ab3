import { ArrowLeftOutlined, SwapOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Flex,
  Modal,
  Result,
  Skeleton,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import type { Quote } from '../../../../contracts/sales.ts';
import { useCurrentUser } from '../../app/auth.tsx';
import { NotFoundPage } from '../../app/status.tsx';
import { isApiError } from '../../shared/api.ts';
import { formatAmount } from '../../shared/currency.ts';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { businessToday, EMPTY_VALUE, formatDate, formatPercent } from '../../shared/format.ts';
import { useIsMobile, useLanguage } from '../../shared/responsive.ts';
import { useIdempotencyKey } from '../finance/useIdempotencyKey.ts';
import { ConfirmationProblems } from './ConfirmationProblems.tsx';
import { PriceSourceTag, QuoteStatusTag } from './SalesTags.tsx';
import { useConvertQuote, useQuote } from './sales.api.ts';

type QuoteLine = Quote['lines'][number];

export function QuoteDetailPage() {
  const { id } = useParams();
  const quoteId = Number(id);
  if (!Number.isInteger(quoteId) || quoteId <= 0) return <NotFoundPage />;
  return <QuoteDetail quoteId={quoteId} />;
}

function QuoteDetail({ quoteId }: { quoteId: number }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const isMobile = useIsMobile();
  const user = useCurrentUser();
  const quote = useQuote(quoteId);
  const [isConverting, setConverting] = useState(false);
  const backLink = (
    <Link to="/quotes">
      <ArrowLeftOutlined /> {t('sales.quotes.backToList')}
    </Link>
  );
  if (quote.isLoading) return <Skeleton active />;
  if (!quote.data) {
    return isApiError(quote.error) && quote.error.status === 404 ? (
      <Result status="404" title={t('sales.quotes.notFound')} extra={backLink} />
    ) : (
      <ErrorAlert error={quote.error} />
    );
  }
  const data = quote.data;
  const money = (minor: number) => formatAmount(minor, data.currency, lang);
  const isExpired = data.validUntil < businessToday();

  const columns: ColumnsType<QuoteLine> = [
    { key: 'lineNo', title: '#', dataIndex: 'lineNo', width: 44 },
    {
      key: 'product',
      title: t('sales.fields.product'),
      render: (_value, line) => (
        <Flex vertical>
          <Typography.Text strong>{line.sku}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {line.productNameZh}
          </Typography.Text>
        </Flex>
      ),
    },
    { key: 'quantity', title: t('sales.fields.quantity'), dataIndex: 'quantity', align: 'right' },
    {
      key: 'unitPrice',
      title: t('sales.fields.unitPrice'),
      align: 'right',
      render: (_value, line) => (
        <Flex vertical align="flex-end" gap={2}>
          <span>{money(line.unitPrice)}</span>
          <PriceSourceTag source={line.priceSource} />
        </Flex>
      ),
    },
    {
      key: 'discount',
      title: t('sales.fields.discount'),
      dataIndex: 'discountRate',
      align: 'right',
      render: (rate: number) => (rate ? formatPercent(rate, lang, 2) : EMPTY_VALUE),
    },
    { key: 'net', title: t('sales.fields.net'), dataIndex: 'netAmount', align: 'right', render: money },
    { key: 'tax', title: t('sales.fields.vat'), dataIndex: 'taxAmount', align: 'right', render: money },
  ];

  return (
    <Flex vertical gap={16}>
      {backLink}
      <Card
        styles={{ body: { padding: isMobile ? 12 : undefined } }}
        title={
          <Flex align="center" gap={8} wrap style={{ padding: '8px 0' }}>
            <Typography.Title level={4} style={{ margin: 0 }} data-testid="quote-title">
              {data.number}
            </Typography.Title>
            <QuoteStatusTag status={data.status} />
            {data.status === 'open' && isExpired && <Tag color="red">{t('sales.quotes.expired')}</Tag>}
          </Flex>
        }
        extra={
          data.status === 'open' &&
          !isExpired &&
          user.permissions.includes('orders:write') && (
            <Button
              type="primary"
              icon={<SwapOutlined />}
              data-testid="quote-convert"
              onClick={() => setConverting(true)}
            >
              {isMobile ? null : t('sales.quotes.convert')}
            </Button>
          )
        }
      >
        <Flex vertical gap={16}>
          <Descriptions
            bordered
            size="small"
            column={{ xs: 1, sm: 1, md: 2, lg: 3, xl: 3, xxl: 3 }}
            items={[
              { key: 'customer', label: t('sales.fields.customer'), children: data.customerName },
              {
                key: 'quoteDate',
                label: t('sales.fields.quoteDate'),
                children: formatDate(data.quoteDate, lang),
              },
              {
                key: 'validUntil',
                label: t('sales.fields.validUntil'),
                children: formatDate(data.validUntil, lang),
              },
              { key: 'net', label: t('sales.fields.net'), children: money(data.netAmount) },
              { key: 'tax', label: t('sales.fields.vat'), children: money(data.taxAmount) },
              {
                key: 'gross',
                label: t('sales.fields.gross'),
                children: <Typography.Text strong>{money(data.grossAmount)}</Typography.Text>,
              },
              {
                key: 'order',
                label: t('sales.fields.orderNumber'),
                children: data.orderId ? (
                  <Link to={`/orders/${data.orderId}`} data-testid="quote-order-link">
                    {t('sales.quotes.openOrder')}
                  </Link>
                ) : (
                  EMPTY_VALUE
                ),
              },
              {
                key: 'note',
                label: t('sales.fields.note'),
                children: data.note ?? EMPTY_VALUE,
                span: 'filled',
              },
            ]}
          />
          <Table<QuoteLine>
            rowKey="lineNo"
            size="small"
            pagination={false}
            scroll={{ x: 'max-content' }}
            columns={columns}
            dataSource={data.lines}
          />
        </Flex>
      </Card>
      {isConverting && <ConvertQuoteModal quote={data} onClose={() => setConverting(false)} />}
    </Flex>
  );
}

function ConvertQuoteModal({ quote, onClose }: { quote: Quote; onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const convert = useConvertQuote();
  const keyOf = useIdempotencyKey();
  const today = businessToday();
  const [promisedDate, setPromisedDate] = useState(today);
  const [acceptPartial, setAcceptPartial] = useState(false);
  const [confirmNow, setConfirmNow] = useState(true);

  async function submit() {
    const body = { version: quote.version, promisedDate, acceptPartial, confirm: confirmNow };
    try {
      const order = await convert.mutateAsync({ id: quote.id, body, key: keyOf({ id: quote.id, ...body }) });
      void message.success(t('sales.quotes.converted', { number: order.number }));
      void navigate(`/orders/${order.id}`);
    } catch {
      // Shown in the modal.
    }
  }

  return (
    <Modal
      open
      title={t('sales.quotes.convertTitle', { number: quote.number })}
      onCancel={onClose}
      destroyOnHidden
      footer={[
        <Button key="back" onClick={onClose}>
          {t('common.back')}
        </Button>,
        <Button
          key="ok"
          type="primary"
          loading={convert.isPending}
          data-testid="quote-convert-submit"
          onClick={() => void submit()}
        >
          {t('sales.quotes.convert')}
        </Button>,
      ]}
    >
      <Flex vertical gap={12}>
        <Flex vertical gap={4}>
          <Typography.Text>{t('sales.fields.promisedDate')}</Typography.Text>
          <DatePicker
            value={dayjs(promisedDate)}
            allowClear={false}
            disabledDate={(day) => day.isBefore(dayjs(today), 'day')}
            onChange={(value) => value && setPromisedDate(value.format('YYYY-MM-DD'))}
          />
        </Flex>
        <Flex gap={8} align="center">
          <Switch checked={confirmNow} onChange={setConfirmNow} data-testid="quote-convert-confirm" />
          <Typography.Text>{t('sales.quotes.confirmNow')}</Typography.Text>
        </Flex>
        <Flex gap={8} align="center">
          <Switch checked={acceptPartial} onChange={setAcceptPartial} />
          <Typography.Text>{t('sales.fields.acceptPartial')}</Typography.Text>
        </Flex>
        <ConfirmationProblems error={convert.error} testId="quote-convert-error" />
      </Flex>
    </Modal>
  );
}
