import { Drawer, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StockBalance, StockMove } from '../../../../contracts/inventory.ts';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { EMPTY_VALUE, formatDate, formatDateTime } from '../../shared/format.ts';
import { useDrawerSize, useIsMobile, useLanguage } from '../../shared/responsive.ts';
import { useStockMoves } from './inventory.api.ts';

const PAGE_SIZE = 20;

/** The stock ledger of one lot in one warehouse: every immutable move, newest first. */
export function MovesDrawer({ row, onClose }: { row: StockBalance; onClose: () => void }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const isMobile = useIsMobile();
  const drawerSize = useDrawerSize(820);
  const [page, setPage] = useState(1);
  const moves = useStockMoves(
    { warehouseId: row.warehouseId, lotId: row.lotId, page, pageSize: PAGE_SIZE },
    true,
  );

  const columns: ColumnsType<StockMove> = [
    {
      key: 'businessDate',
      title: t('inventory.fields.businessDate'),
      dataIndex: 'businessDate',
      width: 110,
      render: (value: string) => formatDate(value, lang),
    },
    {
      key: 'kind',
      title: t('inventory.moves.kind'),
      dataIndex: 'kind',
      width: 110,
      render: (kind: StockMove['kind']) => <Tag>{t(`inventory.moveKinds.${kind}`)}</Tag>,
    },
    {
      key: 'quantity',
      title: t('inventory.fields.quantity'),
      dataIndex: 'quantity',
      align: 'right',
      width: 90,
      render: (quantity: number) => (
        <Typography.Text type={quantity < 0 ? 'danger' : 'success'}>
          {quantity > 0 ? `+${quantity}` : quantity}
        </Typography.Text>
      ),
    },
    { key: 'serial', title: t('inventory.fields.serial'), dataIndex: 'serial', width: 100 },
    {
      key: 'reference',
      title: t('inventory.moves.reference'),
      width: 140,
      render: (_value, move) =>
        move.referenceType ? `${move.referenceType} #${move.referenceId ?? ''}` : EMPTY_VALUE,
    },
    {
      key: 'reason',
      title: t('inventory.fields.reason'),
      dataIndex: 'reason',
      render: (reason: string | null) => reason ?? EMPTY_VALUE,
    },
    {
      key: 'createdBy',
      title: t('inventory.moves.by'),
      width: 150,
      render: (_value, move) => `${move.createdBy ?? EMPTY_VALUE} · ${formatDateTime(move.movedAt, lang)}`,
    },
  ];

  return (
    <Drawer
      open
      size={drawerSize}
      title={t('inventory.moves.title', { lot: row.lotNumber, warehouse: row.warehouseName })}
      onClose={onClose}
      destroyOnHidden
    >
      <ErrorAlert error={moves.error} style={{ marginBottom: 12 }} />
      <Table<StockMove>
        data-testid="stock-moves-table"
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={moves.data?.items ?? []}
        loading={moves.isFetching}
        scroll={{ x: 'max-content' }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: moves.data?.total ?? 0,
          simple: isMobile,
          onChange: setPage,
        }}
      />
    </Drawer>
  );
}
