import { ArrowLeftOutlined } from '@ant-design/icons';
import { Card, Descriptions, Flex, Result, Skeleton, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import type { Receipt } from '../../../../contracts/purchasing.ts';
import { NotFoundPage } from '../../app/status.tsx';
import { isApiError } from '../../shared/api.ts';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { EMPTY_VALUE, formatDate, formatDateTime } from '../../shared/format.ts';
import { useIsMobile, useLanguage } from '../../shared/responsive.ts';
import { ScannedText } from '../udi/ScannedText.tsx';
import { InspectionResultTag } from './PurchasingTags.tsx';
import { useReceipt } from './purchasing.api.ts';

type ReceiptLine = Receipt['lines'][number];

export function ReceiptDetailPage() {
  const { id } = useParams();
  const receiptId = Number(id);
  if (!Number.isInteger(receiptId) || receiptId <= 0) return <NotFoundPage />;
  return <ReceiptDetail receiptId={receiptId} />;
}

function ReceiptDetail({ receiptId }: { receiptId: number }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const isMobile = useIsMobile();
  const receipt = useReceipt(receiptId);

  const backLink = (
    <Link to="/receipts" data-testid="receipt-back">
      <ArrowLeftOutlined /> {t('purchasing.receipts.backToList')}
    </Link>
  );

  if (receipt.isLoading) return <Skeleton active />;
  if (!receipt.data) {
    const isMissing = isApiError(receipt.error) && receipt.error.status === 404;
    return isMissing ? (
      <Result status="404" title={t('purchasing.receipts.notFound')} extra={backLink} />
    ) : (
      <Flex vertical gap={16}>
        {backLink}
        <ErrorAlert error={receipt.error} />
      </Flex>
    );
  }
  const data = receipt.data;
  const date = (value: string | null) => (value ? formatDate(value, lang) : EMPTY_VALUE);

  const columns: ColumnsType<ReceiptLine> = [
    {
      key: 'product',
      title: t('purchasing.fields.product'),
      width: 220,
      render: (_value, line) => (
        <Flex vertical>
          <Typography.Text strong>{line.sku}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {line.productName}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      key: 'lot',
      title: t('purchasing.fields.lotNumber'),
      width: 130,
      render: (_value, line) => <Link to={`/trace?lotId=${line.lotId}`}>{line.lotNumber}</Link>,
    },
    {
      key: 'productionDate',
      title: t('purchasing.fields.productionDate'),
      width: 110,
      render: (_v, l) => date(l.productionDate),
    },
    {
      key: 'expiryDate',
      title: t('purchasing.fields.expiryDate'),
      width: 110,
      render: (_v, l) => date(l.expiryDate),
    },
    {
      key: 'received',
      title: t('purchasing.fields.quantityReceived'),
      dataIndex: 'quantityReceived',
      align: 'right',
      width: 80,
    },
    {
      key: 'accepted',
      title: t('purchasing.fields.quantityAccepted'),
      dataIndex: 'quantityAccepted',
      align: 'right',
      width: 80,
    },
    {
      key: 'rejected',
      title: t('purchasing.fields.quantityRejected'),
      dataIndex: 'quantityRejected',
      align: 'right',
      width: 80,
    },
    {
      key: 'result',
      title: t('purchasing.fields.inspectionResult'),
      width: 110,
      render: (_value, line) => <InspectionResultTag result={line.inspectionResult} />,
    },
    { key: 'inspector', title: t('purchasing.fields.inspector'), dataIndex: 'inspector', width: 100 },
    {
      key: 'reportRef',
      title: t('purchasing.fields.reportRef'),
      dataIndex: 'reportRef',
      width: 130,
      render: (value: string | null) => value ?? EMPTY_VALUE,
    },
    {
      key: 'serials',
      title: t('purchasing.fields.serials'),
      width: 160,
      render: (_value, line) =>
        line.serials.length > 0 ? (
          <Flex gap={4} wrap>
            {line.serials.map((serial) => (
              <Tag key={serial}>{serial}</Tag>
            ))}
          </Flex>
        ) : (
          EMPTY_VALUE
        ),
    },
  ];

  return (
    <Flex vertical gap={16}>
      {backLink}
      <Card
        styles={{ body: { padding: isMobile ? 12 : undefined } }}
        title={
          <Flex align="center" gap={8} wrap style={{ padding: '8px 0' }}>
            <Typography.Title level={4} style={{ margin: 0 }} data-testid="receipt-title">
              {data.number}
            </Typography.Title>
            <Tag color={data.status === 'inspected' ? 'green' : 'default'}>
              {t(`purchasing.receiptStatuses.${data.status}`)}
            </Tag>
          </Flex>
        }
      >
        <Flex vertical gap={16}>
          <Descriptions
            bordered
            size="small"
            column={{ xs: 1, sm: 1, md: 2, lg: 2, xl: 3, xxl: 3 }}
            items={[
              {
                key: 'po',
                label: t('purchasing.receipts.purchaseOrder'),
                children: data.purchaseOrderId ? (
                  <Link to={`/purchase-orders/${data.purchaseOrderId}`}>{data.purchaseOrderNumber}</Link>
                ) : (
                  EMPTY_VALUE
                ),
              },
              { key: 'supplier', label: t('purchasing.fields.supplier'), children: data.supplierName },
              { key: 'warehouse', label: t('purchasing.fields.warehouse'), children: data.warehouseName },
              {
                key: 'arrivalDate',
                label: t('purchasing.receipts.arrivalDate'),
                children: date(data.arrivalDate),
              },
              {
                key: 'createdAt',
                label: t('purchasing.fields.createdAt'),
                children: formatDateTime(data.createdAt, lang),
              },
            ]}
          />
          <Table<ReceiptLine>
            data-testid="receipt-lines"
            rowKey="id"
            size="small"
            pagination={false}
            scroll={{ x: 'max-content' }}
            columns={columns}
            dataSource={data.lines}
            expandable={{
              rowExpandable: (line) => line.scannedUdi !== null,
              expandedRowRender: (line) => (
                <Flex vertical gap={4}>
                  <Typography.Text type="secondary">{t('purchasing.receipts.scannedUdi')}</Typography.Text>
                  <ScannedText text={line.scannedUdi ?? ''} />
                </Flex>
              ),
            }}
          />
        </Flex>
      </Card>
    </Flex>
  );
}
