import {
  ArrowDownOutlined,
  ArrowUpOutlined,
  InboxOutlined,
  RollbackOutlined,
  SwapOutlined,
  ToolOutlined,
} from '@ant-design/icons';
import {
  Button,
  Card,
  Col,
  Descriptions,
  Flex,
  Row,
  Statistic,
  Table,
  Tabs,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { ForwardTrace } from '../../../../contracts/inventory.ts';
import { useCurrentUser } from '../../app/auth.tsx';
import { EMPTY_VALUE, formatDate } from '../../shared/format.ts';
import { productNameIn } from '../../shared/names.ts';
import { useIsMobile, useLanguage } from '../../shared/responsive.ts';
import { LotStatusTag, useWarehouseOptions } from '../inventory/index.ts';
import { BackwardTraceDrawer } from './BackwardTraceDrawer.tsx';
import { buildTimeline, shippedByCustomer, type TraceEvent } from './trace.rules.ts';

type Move = ForwardTrace['shipments'][number];
type Receipt = ForwardTrace['receipts'][number];
type Transfer = ForwardTrace['transfers'][number];
type Remaining = ForwardTrace['remaining'][number];

export function TraceResult({ trace }: { trace: ForwardTrace }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const isMobile = useIsMobile();
  const user = useCurrentUser();
  const warehouses = useWarehouseOptions(user.permissions.includes('masterdata:read'));
  const [backwardMoveId, setBackwardMoveId] = useState<number | null>(null);
  const canReadPurchasing = user.permissions.includes('purchasing:read');
  const { lot } = trace;
  const date = (value: string | null) => (value ? formatDate(value, lang) : EMPTY_VALUE);

  const warehouseName = (id: number) =>
    warehouses.data?.find((warehouse) => warehouse.id === id)?.name ??
    trace.remaining.find((row) => row.warehouseId === id)?.warehouseName ??
    `#${id}`;
  const customerText = (move: Move) =>
    move.isCustomerHidden ? t('trace.customerHidden') : (move.customerName ?? t('trace.unknownCustomer'));

  const timeline = buildTimeline(trace);
  const byCustomer = shippedByCustomer(trace);

  function describeEvent(event: TraceEvent): { color: string; icon: ReactNode; text: ReactNode } {
    switch (event.kind) {
      case 'receipt':
        return {
          color: 'green',
          icon: <InboxOutlined />,
          text: t('trace.events.receipt', {
            number: event.receipt.receiptNumber,
            supplier: event.receipt.supplier.name,
            accepted: event.receipt.inspection.quantityAccepted,
            warehouse: warehouseName(event.receipt.warehouseId),
          }),
        };
      case 'transfer':
        return {
          color: 'blue',
          icon: <SwapOutlined />,
          text: t(event.leg === 'dispatched' ? 'trace.events.transferOut' : 'trace.events.transferIn', {
            number: event.transfer.number,
            from: warehouseName(event.transfer.fromWarehouseId),
            to: warehouseName(event.transfer.toWarehouseId),
            quantity: event.transfer.quantity,
          }),
        };
      case 'shipment':
        return event.move.kind === 'return'
          ? {
              color: 'orange',
              icon: <RollbackOutlined />,
              text: t('trace.events.return', {
                customer: customerText(event.move),
                quantity: event.move.quantity,
                warehouse: event.move.warehouseName,
              }),
            }
          : {
              color: 'purple',
              icon: <ArrowUpOutlined />,
              text: t('trace.events.shipment', {
                customer: customerText(event.move),
                quantity: -event.move.quantity,
                number: event.move.documentNumber ?? EMPTY_VALUE,
                warehouse: event.move.warehouseName,
              }),
            };
      case 'other':
        return {
          color: 'gray',
          icon: event.move.quantity > 0 ? <ArrowDownOutlined /> : <ToolOutlined />,
          text: t('trace.events.other', {
            kind: t(`inventory.moveKinds.${event.move.kind}`),
            quantity: event.move.quantity > 0 ? `+${event.move.quantity}` : event.move.quantity,
            warehouse: event.move.warehouseName,
            reason: event.move.reason ?? '',
          }),
        };
    }
  }

  const receiptColumns: ColumnsType<Receipt> = [
    {
      key: 'receipt',
      title: t('trace.fields.receipt'),
      render: (_value, receipt) =>
        canReadPurchasing ? (
          <Link to={`/receipts/${receipt.receiptId}`}>{receipt.receiptNumber}</Link>
        ) : (
          receipt.receiptNumber
        ),
    },
    {
      key: 'arrivalDate',
      title: t('trace.fields.date'),
      render: (_value, receipt) => date(receipt.arrivalDate),
    },
    {
      key: 'supplier',
      title: t('trace.fields.supplier'),
      render: (_value, receipt) => receipt.supplier.name,
    },
    {
      key: 'po',
      title: t('trace.fields.purchaseOrder'),
      render: (_value, receipt) => receipt.purchaseOrderNumber ?? EMPTY_VALUE,
    },
    {
      key: 'warehouse',
      title: t('trace.fields.warehouse'),
      render: (_value, r) => warehouseName(r.warehouseId),
    },
    {
      key: 'inspection',
      title: t('trace.fields.inspection'),
      render: (_value, receipt) =>
        t('trace.inspectionText', {
          accepted: receipt.inspection.quantityAccepted,
          rejected: receipt.inspection.quantityRejected,
        }),
    },
    {
      key: 'inspector',
      title: t('trace.fields.inspector'),
      render: (_value, receipt) => receipt.inspection.inspector,
    },
    {
      key: 'report',
      title: t('trace.fields.report'),
      render: (_value, receipt) => receipt.inspection.reportRef ?? EMPTY_VALUE,
    },
  ];

  const moveColumns = (withBackward: boolean): ColumnsType<Move> => [
    { key: 'date', title: t('trace.fields.date'), render: (_value, move) => date(move.businessDate) },
    {
      key: 'kind',
      title: t('trace.fields.kind'),
      render: (_value, move) => <Tag>{t(`inventory.moveKinds.${move.kind}`)}</Tag>,
    },
    {
      key: 'customer',
      title: t('trace.fields.customer'),
      render: (_value, move) =>
        move.isCustomerHidden || move.customerName === null ? (
          <Typography.Text type="secondary">{customerText(move)}</Typography.Text>
        ) : (
          move.customerName
        ),
    },
    {
      key: 'document',
      title: t('trace.fields.document'),
      render: (_value, move) => move.documentNumber ?? EMPTY_VALUE,
    },
    { key: 'warehouse', title: t('trace.fields.warehouse'), dataIndex: 'warehouseName' },
    {
      key: 'serial',
      title: t('inventory.fields.serial'),
      render: (_value, move) => move.serial || EMPTY_VALUE,
    },
    {
      key: 'quantity',
      title: t('trace.fields.quantity'),
      align: 'right',
      render: (_value, move) => (move.quantity > 0 ? `+${move.quantity}` : move.quantity),
    },
    ...(withBackward
      ? [
          {
            key: 'backward',
            title: t('common.actions'),
            render: (_value: unknown, move: Move) => (
              <Button
                size="small"
                icon={<RollbackOutlined />}
                data-testid={`trace-back-${move.moveId}`}
                onClick={() => setBackwardMoveId(move.moveId)}
              >
                {t('trace.traceBack')}
              </Button>
            ),
          },
        ]
      : [
          {
            key: 'reason',
            title: t('inventory.fields.reason'),
            render: (_value: unknown, move: Move) => move.reason ?? EMPTY_VALUE,
          },
        ]),
  ];

  const transferColumns: ColumnsType<Transfer> = [
    { key: 'number', title: t('inventory.transfers.number'), dataIndex: 'number' },
    {
      key: 'from',
      title: t('inventory.transfers.from'),
      render: (_v, tr) => warehouseName(tr.fromWarehouseId),
    },
    { key: 'to', title: t('inventory.transfers.to'), render: (_v, tr) => warehouseName(tr.toWarehouseId) },
    {
      key: 'dispatchedOn',
      title: t('inventory.transfers.dispatchedOn'),
      render: (_v, tr) => date(tr.dispatchedOn),
    },
    {
      key: 'receivedOn',
      title: t('inventory.transfers.receivedOn'),
      render: (_v, tr) => date(tr.receivedOn),
    },
    {
      key: 'status',
      title: t('common.status'),
      render: (_v, tr) => <Tag>{t(`inventory.transferStatuses.${tr.status}`)}</Tag>,
    },
    { key: 'quantity', title: t('trace.fields.quantity'), dataIndex: 'quantity', align: 'right' },
  ];

  const remainingColumns: ColumnsType<Remaining> = [
    { key: 'warehouse', title: t('trace.fields.warehouse'), dataIndex: 'warehouseName' },
    { key: 'serial', title: t('inventory.fields.serial'), render: (_v, row) => row.serial || EMPTY_VALUE },
    { key: 'onHand', title: t('inventory.fields.onHand'), dataIndex: 'onHand', align: 'right' },
    { key: 'reserved', title: t('inventory.fields.reserved'), dataIndex: 'reserved', align: 'right' },
  ];

  const table = <T extends object>(
    testId: string,
    rows: T[],
    columns: ColumnsType<T>,
    rowKey: (row: T) => string | number,
  ) => (
    <Table<T>
      data-testid={testId}
      rowKey={rowKey}
      size="small"
      pagination={rows.length > 20 ? { pageSize: 20, simple: isMobile } : false}
      scroll={{ x: 'max-content' }}
      columns={columns}
      dataSource={rows}
    />
  );

  return (
    <Flex vertical gap={16} data-testid="trace-result" data-lot-id={lot.id}>
      <Card
        size="small"
        title={
          <Flex gap={8} align="center" wrap style={{ padding: '6px 0' }}>
            <Typography.Title level={5} style={{ margin: 0 }} data-testid="trace-lot-number">
              {t('trace.lotTitle', { lot: lot.lotNumber })}
            </Typography.Title>
            <LotStatusTag status={lot.status} />
            {trace.serial && <Tag color="blue">{t('trace.serialTag', { serial: trace.serial })}</Tag>}
          </Flex>
        }
      >
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 2, md: 3, lg: 3, xl: 3, xxl: 3 }}
          items={[
            {
              key: 'product',
              label: t('trace.fields.product'),
              children: `${lot.sku} · ${productNameIn(lang, lot)}`,
            },
            { key: 'model', label: t('trace.fields.model'), children: lot.modelSpec },
            { key: 'gtin', label: 'GTIN', children: lot.gtin ?? EMPTY_VALUE },
            {
              key: 'production',
              label: t('inventory.fields.productionDate'),
              children: date(lot.productionDate),
            },
            { key: 'expiry', label: t('inventory.fields.expiryDate'), children: date(lot.expiryDate) },
          ]}
        />
        <Row gutter={[12, 12]} style={{ marginTop: 12 }}>
          {(
            [
              ['accepted', trace.totals.accepted],
              ['shipped', trace.totals.shipped],
              ['inTransit', trace.totals.inTransit],
              ['onHand', trace.totals.onHand],
            ] as const
          ).map(([key, value]) => (
            <Col key={key} xs={12} md={6}>
              <Card size="small">
                <Statistic
                  title={t(`trace.totals.${key}`)}
                  value={value}
                  data-testid={`trace-total-${key}`}
                />
              </Card>
            </Col>
          ))}
        </Row>
      </Card>

      <Row gutter={[16, 16]}>
        <Col xs={24} lg={10}>
          <Card size="small" title={t('trace.timeline')} style={{ height: '100%' }}>
            {timeline.length === 0 ? (
              <Typography.Text type="secondary">{t('common.noData')}</Typography.Text>
            ) : (
              <Timeline
                data-testid="trace-timeline"
                items={timeline.map((event, index) => {
                  const { color, icon, text } = describeEvent(event);
                  return {
                    key: `${event.kind}-${index}`,
                    color,
                    icon,
                    content: (
                      <Flex vertical>
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {date(event.date)}
                        </Typography.Text>
                        <span>{text}</span>
                        {event.kind === 'shipment' && (
                          <Button
                            type="link"
                            size="small"
                            style={{ padding: 0, alignSelf: 'flex-start' }}
                            onClick={() => setBackwardMoveId(event.move.moveId)}
                          >
                            {t('trace.traceBack')}
                          </Button>
                        )}
                      </Flex>
                    ),
                  };
                })}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <Card size="small" title={t('trace.byCustomer')} style={{ height: '100%' }}>
            {byCustomer.length === 0 ? (
              <Typography.Text type="secondary">{t('trace.notShipped')}</Typography.Text>
            ) : (
              <Table
                data-testid="trace-by-customer"
                rowKey={(row) => `${row.hidden}-${row.customer}`}
                size="small"
                pagination={false}
                dataSource={byCustomer}
                columns={[
                  {
                    key: 'customer',
                    title: t('trace.fields.customer'),
                    render: (_v, row) =>
                      row.hidden || row.customer === null ? (
                        <Typography.Text type="secondary">
                          {row.hidden ? t('trace.customerHidden') : t('trace.unknownCustomer')}
                        </Typography.Text>
                      ) : (
                        row.customer
                      ),
                  },
                  {
                    key: 'quantity',
                    title: t('trace.fields.netShipped'),
                    dataIndex: 'quantity',
                    align: 'right',
                  },
                ]}
              />
            )}
          </Card>
        </Col>
      </Row>

      <Card size="small" styles={{ body: { paddingTop: 0 } }}>
        <Tabs
          items={[
            {
              key: 'shipments',
              label: `${t('trace.tabs.shipments')} (${trace.shipments.length})`,
              children: table('trace-shipments', trace.shipments, moveColumns(true), (m) => m.moveId),
            },
            {
              key: 'receipts',
              label: `${t('trace.tabs.receipts')} (${trace.receipts.length})`,
              children: table('trace-receipts', trace.receipts, receiptColumns, (r) => r.receiptLineId),
            },
            {
              key: 'transfers',
              label: `${t('trace.tabs.transfers')} (${trace.transfers.length})`,
              children: table(
                'trace-transfers',
                trace.transfers,
                transferColumns,
                (tr) => `${tr.transferId}-${tr.serial}`,
              ),
            },
            {
              key: 'remaining',
              label: `${t('trace.tabs.remaining')} (${trace.remaining.length})`,
              children: table(
                'trace-remaining',
                trace.remaining,
                remainingColumns,
                (row) => `${row.warehouseId}-${row.serial}`,
              ),
            },
            {
              key: 'other',
              label: `${t('trace.tabs.other')} (${trace.otherMoves.length})`,
              children: table('trace-other', trace.otherMoves, moveColumns(false), (m) => m.moveId),
            },
          ]}
        />
      </Card>
      {backwardMoveId !== null && (
        <BackwardTraceDrawer moveId={backwardMoveId} onClose={() => setBackwardMoveId(null)} />
      )}
    </Flex>
  );
}
