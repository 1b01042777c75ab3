import {
  App,
  Button,
  Card,
  Descriptions,
  Drawer,
  Flex,
  Input,
  InputNumber,
  Select,
  Skeleton,
  Table,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { SalesReturn } from '../../../../../contracts/finance.ts';
import { useCurrentUser } from '../../../app/auth.tsx';
import { formatAmount } from '../../../shared/currency.ts';
import { ErrorAlert } from '../../../shared/ErrorAlert.tsx';
import { EMPTY_VALUE, formatDate, formatDateTime } from '../../../shared/format.ts';
import { useDrawerSize, useLanguage } from '../../../shared/responsive.ts';
import { SaveErrorAlert } from '../../../shared/SaveErrorAlert.tsx';
import { ReturnStatusTag } from '../FinanceTags.tsx';
import { useInspectReturn, useSalesReturn } from '../finance.api.ts';

type ReturnLine = SalesReturn['lines'][number];
interface Decision {
  accepted: number | null;
  rejected: number | null;
  rejectedSerials: string[];
}

export function ReturnDetailDrawer({ returnId, onClose }: { returnId: number; onClose: () => void }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const user = useCurrentUser();
  const drawerSize = useDrawerSize(820);
  const salesReturn = useSalesReturn(returnId);
  const data = salesReturn.data;
  const canInspect =
    user.permissions.includes('quality:lots') || user.permissions.includes('inventory:write');

  return (
    <Drawer
      open
      size={drawerSize}
      title={data ? t('finance.returns.detailTitle', { number: data.number }) : t('app.loading')}
      onClose={onClose}
      destroyOnHidden
    >
      <ErrorAlert error={salesReturn.error} />
      {salesReturn.isLoading && <Skeleton active />}
      {data && (
        <Flex vertical gap={16} data-testid="return-detail">
          <Descriptions
            bordered
            size="small"
            column={{ xs: 1, sm: 1, md: 2, lg: 2, xl: 2, xxl: 2 }}
            items={[
              {
                key: 'status',
                label: t('common.status'),
                children: <ReturnStatusTag status={data.status} />,
              },
              { key: 'customer', label: t('finance.fields.customer'), children: data.customerName },
              { key: 'shipment', label: t('finance.shipment.number'), children: data.shipmentNumber },
              {
                key: 'date',
                label: t('finance.returns.returnDate'),
                children: formatDate(data.returnDate, lang),
              },
              { key: 'reason', label: t('finance.fields.reason'), children: data.reason, span: 'filled' },
              ...(data.inspectedAt
                ? [
                    {
                      key: 'inspectedAt',
                      label: t('finance.returns.inspectedAt'),
                      children: formatDateTime(data.inspectedAt, lang),
                    },
                    {
                      key: 'inspectionNote',
                      label: t('finance.returns.inspectionNote'),
                      children: data.inspectionNote ?? EMPTY_VALUE,
                    },
                  ]
                : []),
            ]}
          />
          {data.status === 'awaiting_inspection' && canInspect ? (
            <InspectionForm salesReturn={data} onReload={() => void salesReturn.refetch()} />
          ) : (
            <Table<ReturnLine>
              data-testid="return-detail-lines"
              rowKey="id"
              size="small"
              pagination={false}
              scroll={{ x: 'max-content' }}
              dataSource={data.lines}
              columns={[
                { key: 'sku', title: 'SKU', dataIndex: 'sku' },
                { key: 'product', title: t('finance.fields.product'), dataIndex: 'productName' },
                { key: 'lot', title: t('finance.fields.lot'), dataIndex: 'lotNumber' },
                {
                  key: 'quantity',
                  title: t('finance.returns.returned'),
                  dataIndex: 'quantity',
                  align: 'right',
                },
                {
                  key: 'accepted',
                  title: t('finance.returns.accepted'),
                  align: 'right',
                  render: (_v, line) => line.acceptedQuantity ?? EMPTY_VALUE,
                },
                {
                  key: 'rejected',
                  title: t('finance.returns.rejected'),
                  align: 'right',
                  render: (_v, line) => line.rejectedQuantity ?? EMPTY_VALUE,
                },
                {
                  key: 'serials',
                  title: t('inventory.fields.serial'),
                  render: (_v, line) => (line.serials.length > 0 ? line.serials.join(', ') : EMPTY_VALUE),
                },
              ]}
            />
          )}
          <Card size="small" title={t('finance.creditNotes.listTitle')}>
            <Table
              data-testid="return-credit-notes"
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={data.creditNotes}
              locale={{ emptyText: t('finance.returns.noCreditNote') }}
              columns={[
                { key: 'number', title: t('finance.creditNotes.number'), dataIndex: 'number' },
                {
                  key: 'invoice',
                  title: t('finance.fields.invoiceNumber'),
                  render: (_v, note) => <Link to={`/invoices/${note.invoiceId}`}>{note.invoiceNumber}</Link>,
                },
                {
                  key: 'gross',
                  title: t('finance.fields.gross'),
                  align: 'right',
                  render: (_v, note) => formatAmount(note.grossAmount, note.currency, lang),
                },
              ]}
            />
          </Card>
        </Flex>
      )}
    </Drawer>
  );
}

/** Accepted units go back to sellable stock, rejected ones are scrapped; accepted + rejected = returned. */
function InspectionForm({ salesReturn, onReload }: { salesReturn: SalesReturn; onReload: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const inspect = useInspectReturn();
  const [note, setNote] = useState('');
  const [decisions, setDecisions] = useState<Record<number, Decision>>(() =>
    Object.fromEntries(
      salesReturn.lines.map((line) => [
        line.id,
        { accepted: line.quantity, rejected: 0, rejectedSerials: [] },
      ]),
    ),
  );

  function patch(line: ReturnLine, change: Partial<Decision>) {
    setDecisions((current) => {
      const before = current[line.id] ?? { accepted: 0, rejected: 0, rejectedSerials: [] };
      const next = { ...before, ...change };
      // Serial lines: the rejected units are the named serials, the rest is accepted.
      if (line.serials.length > 0 && 'rejectedSerials' in change) {
        next.rejected = next.rejectedSerials.length;
        next.accepted = line.quantity - next.rejected;
      } else if ('accepted' in change && next.accepted !== null) {
        next.rejected = Math.max(0, line.quantity - next.accepted);
      } else if ('rejected' in change && next.rejected !== null) {
        next.accepted = Math.max(0, line.quantity - next.rejected);
      }
      return { ...current, [line.id]: next };
    });
  }

  async function submit() {
    try {
      await inspect.mutateAsync({
        id: salesReturn.id,
        body: {
          version: salesReturn.version,
          note: note.trim() || undefined,
          lines: salesReturn.lines.map((line) => {
            const decision = decisions[line.id];
            return {
              lineId: line.id,
              acceptedQuantity: decision?.accepted ?? 0,
              rejectedQuantity: decision?.rejected ?? 0,
              ...(line.serials.length > 0 ? { rejectedSerials: decision?.rejectedSerials ?? [] } : {}),
            };
          }),
        },
      });
      void message.success(t('finance.returns.inspected'));
    } catch {
      // Shown by the alert.
    }
  }

  return (
    <Card size="small" title={t('finance.returns.inspection')} data-testid="return-inspection">
      <Flex vertical gap={12}>
        <Typography.Text type="secondary">{t('finance.returns.inspectionHint')}</Typography.Text>
        <Table<ReturnLine>
          rowKey="id"
          size="small"
          pagination={false}
          scroll={{ x: 'max-content' }}
          dataSource={salesReturn.lines}
          columns={[
            { key: 'sku', title: 'SKU', dataIndex: 'sku' },
            { key: 'lot', title: t('finance.fields.lot'), dataIndex: 'lotNumber' },
            { key: 'quantity', title: t('finance.returns.returned'), dataIndex: 'quantity', align: 'right' },
            {
              key: 'accepted',
              title: t('finance.returns.accepted'),
              width: 110,
              render: (_v, line) => (
                <InputNumber<number>
                  size="small"
                  data-testid={`return-accepted-${line.id}`}
                  precision={0}
                  min={0}
                  max={line.quantity}
                  disabled={line.serials.length > 0}
                  value={decisions[line.id]?.accepted ?? null}
                  onChange={(accepted) => patch(line, { accepted })}
                  style={{ width: '100%' }}
                />
              ),
            },
            {
              key: 'rejected',
              title: t('finance.returns.rejected'),
              width: 200,
              render: (_v, line) =>
                line.serials.length > 0 ? (
                  <Select
                    mode="multiple"
                    size="small"
                    data-testid={`return-rejected-serials-${line.id}`}
                    placeholder={t('finance.returns.rejectedSerials')}
                    value={decisions[line.id]?.rejectedSerials ?? []}
                    onChange={(rejectedSerials: string[]) => patch(line, { rejectedSerials })}
                    options={line.serials.map((serial) => ({ value: serial, label: serial }))}
                    style={{ width: '100%' }}
                  />
                ) : (
                  <InputNumber<number>
                    size="small"
                    data-testid={`return-rejected-${line.id}`}
                    precision={0}
                    min={0}
                    max={line.quantity}
                    value={decisions[line.id]?.rejected ?? null}
                    onChange={(rejected) => patch(line, { rejected })}
                    style={{ width: '100%' }}
                  />
                ),
            },
          ]}
        />
        <Input.TextArea
          data-testid="return-inspection-note"
          rows={2}
          maxLength={1000}
          placeholder={t('finance.returns.inspectionNote')}
          value={note}
          onChange={(event) => setNote(event.target.value)}
        />
        <SaveErrorAlert error={inspect.error} onReload={onReload} testId="return-inspection-error" />
        <Flex justify="flex-end">
          <Button
            type="primary"
            data-testid="return-inspection-submit"
            loading={inspect.isPending}
            onClick={() => void submit()}
          >
            {t('finance.returns.recordInspection')}
          </Button>
        </Flex>
      </Flex>
    </Card>
  );
}
