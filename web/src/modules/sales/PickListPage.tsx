import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Empty, Flex, Result, Skeleton, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import type { PickList } from '../../../../contracts/sales.ts';
import { NotFoundPage } from '../../app/status.tsx';
import { isApiError } from '../../shared/api.ts';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { businessToday, formatDate } from '../../shared/format.ts';
import { useIsMobile, useLanguage } from '../../shared/responsive.ts';
import { usePickList } from './sales.api.ts';

type PickItem = PickList['items'][number];

/**
 * Prints only the pick list: everything else on the page (menu, header, buttons) is hidden on
 * paper, and the list is laid out from the top-left corner.
 */
const printStyles = `
@media print {
  body * { visibility: hidden; }
  .pulse-print-area, .pulse-print-area * { visibility: visible; }
  .pulse-print-area { position: absolute; inset: 0 auto auto 0; width: 100%; }
  .pulse-no-print { display: none !important; }
}`;

/** /orders/:id/pick-list: what to take from which warehouse, lot by lot, for the order. */
export function PickListPage() {
  const { id } = useParams();
  const orderId = Number(id);
  if (!Number.isInteger(orderId) || orderId <= 0) return <NotFoundPage />;
  return <PickListView orderId={orderId} />;
}

function PickListView({ orderId }: { orderId: number }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const isMobile = useIsMobile();
  const pickList = usePickList(orderId);

  const backLink = (
    <Link to={`/orders/${orderId}`} data-testid="pick-list-back" className="pulse-no-print">
      <ArrowLeftOutlined /> {t('sales.entry.backToOrder')}
    </Link>
  );
  if (pickList.isLoading) return <Skeleton active />;
  if (!pickList.data) {
    return isApiError(pickList.error) && pickList.error.status === 404 ? (
      <Result status="404" title={t('sales.orders.notFound')} extra={backLink} />
    ) : (
      <Flex vertical gap={16}>
        {backLink}
        <ErrorAlert error={pickList.error} />
      </Flex>
    );
  }
  const data = pickList.data;
  const warehouses = [...new Map(data.items.map((item) => [item.warehouseId, item])).values()];
  const total = data.items.reduce((sum, item) => sum + item.quantity, 0);

  const columns: ColumnsType<PickItem> = [
    {
      key: 'product',
      title: t('sales.fields.product'),
      render: (_value, item) => (
        <Flex vertical>
          <Typography.Text strong>{item.sku}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {lang === 'en' ? item.productNameEn : item.productNameZh}
          </Typography.Text>
        </Flex>
      ),
    },
    { key: 'lot', title: t('sales.fields.lot'), dataIndex: 'lotNumber' },
    {
      key: 'expiry',
      title: t('sales.fields.expiryDate'),
      dataIndex: 'expiryDate',
      render: (value: string) => formatDate(value, lang),
    },
    {
      key: 'quantity',
      title: t('sales.fields.quantityToPick'),
      dataIndex: 'quantity',
      align: 'right',
      render: (value: number) => <Typography.Text strong>{value}</Typography.Text>,
    },
    { key: 'picked', title: t('sales.pickList.picked'), render: () => '☐', align: 'center', width: 70 },
  ];

  return (
    <Flex vertical gap={16}>
      <style>{printStyles}</style>
      <Flex justify="space-between" align="center" gap={8} wrap className="pulse-no-print">
        {backLink}
        <Button
          type="primary"
          icon={<PrinterOutlined />}
          data-testid="pick-list-print"
          onClick={() => window.print()}
        >
          {t('sales.pickList.print')}
        </Button>
      </Flex>
      <div className="pulse-print-area" data-testid="pick-list">
        <Card
          title={t('sales.pickList.title', { number: data.orderNumber })}
          size="small"
          styles={{ body: { padding: isMobile ? 12 : undefined } }}
        >
          <Flex vertical gap={16}>
            <Descriptions
              size="small"
              bordered
              column={{ xs: 1, sm: 2, md: 2, lg: 4, xl: 4, xxl: 4 }}
              items={[
                { key: 'order', label: t('sales.fields.orderNumber'), children: data.orderNumber },
                { key: 'customer', label: t('sales.fields.customer'), children: data.customerName },
                {
                  key: 'promised',
                  label: t('sales.fields.promisedDate'),
                  children: formatDate(data.promisedDate, lang),
                },
                {
                  key: 'printed',
                  label: t('sales.pickList.printedOn'),
                  children: formatDate(businessToday(), lang),
                },
              ]}
            />
            {data.items.length === 0 ? (
              <Empty description={t('sales.pickList.empty')} />
            ) : (
              warehouses.map((warehouse) => (
                <Flex
                  vertical
                  gap={8}
                  key={warehouse.warehouseId}
                  data-testid={`pick-list-warehouse-${warehouse.warehouseCode}`}
                >
                  <Typography.Title level={5} style={{ margin: 0 }}>
                    {warehouse.warehouseCode} · {warehouse.warehouseName}
                  </Typography.Title>
                  <Table<PickItem>
                    rowKey={(item) => `${item.productId}-${item.lotId}`}
                    size="small"
                    pagination={false}
                    scroll={{ x: 'max-content' }}
                    columns={columns}
                    dataSource={data.items.filter((item) => item.warehouseId === warehouse.warehouseId)}
                  />
                </Flex>
              ))
            )}
            <Typography.Text data-testid="pick-list-total">
              {t('sales.pickList.total', { count: total })}
            </Typography.Text>
            <Flex gap={48} wrap style={{ marginTop: 24 }}>
              <Typography.Text>{t('sales.pickList.pickedBy')}: ________________</Typography.Text>
              <Typography.Text>{t('sales.pickList.checkedBy')}: ________________</Typography.Text>
            </Flex>
          </Flex>
        </Card>
      </div>
    </Flex>
  );
}
