import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Flex, Input, Modal, Popconfirm, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TargetYear } from '../../../../../contracts/targets.ts';
import { EMPTY_VALUE, formatMoney } from '../../../shared/format.ts';
import { formatFenAsYuanInput, parseYuanToFen } from '../../../shared/money.ts';
import { useLanguage } from '../../../shared/responsive.ts';
import { SaveErrorAlert } from '../../../shared/SaveErrorAlert.tsx';
import { targetKeys, useDeleteTarget, useSaveTarget } from '../targets.api.ts';
import { buildTargetGrid, monthsOf, type TargetGridRow } from './targetGrid.rules.ts';

interface EditedCell {
  row: TargetGridRow;
  month: string;
}

/** The year × month grid of targets: regions with their reps below; click a cell to set it. */
export function TargetGrid({ data, loading }: { data: TargetYear | undefined; loading: boolean }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const [edited, setEdited] = useState<EditedCell | null>(null);
  // Regions start expanded (their reps in view); the user may fold them.
  const [folded, setFolded] = useState<ReadonlySet<string>>(new Set());
  const rows = useMemo(
    () => (data ? buildTargetGrid(data, (name) => `${name} · ${t('targets.regionOwn')}`) : []),
    [data, t],
  );
  const months = monthsOf(data?.year ?? new Date().getFullYear());

  const columns: ColumnsType<TargetGridRow> = [
    { title: t('targets.name'), dataIndex: 'name', fixed: 'left', width: 220 },
    ...months.map((month) => ({
      title: month.slice(5),
      key: month,
      align: 'right' as const,
      width: 110,
      render: (_: unknown, row: TargetGridRow) => {
        const target = row.targets.get(month);
        const text = target ? formatMoney(target.amountFen, lang, { compact: true }) : EMPTY_VALUE;
        return row.isEditable ? (
          <Button
            type="link"
            size="small"
            data-testid={`target-cell-${row.key}-${month}`}
            onClick={() => setEdited({ row, month })}
          >
            {text}
          </Button>
        ) : (
          text
        );
      },
    })),
    {
      title: t('targets.yearTotal'),
      key: 'year',
      align: 'right',
      width: 130,
      fixed: 'right',
      render: (_: unknown, row) =>
        row.targets.size === 0 ? (
          EMPTY_VALUE
        ) : (
          <strong>{formatMoney(row.yearTotalFen, lang, { compact: true })}</strong>
        ),
    },
  ];

  return (
    <Flex vertical gap={12}>
      {data && data.editableRegionIds.length === 0 ? (
        <Alert type="info" showIcon title={t('targets.readOnly')} />
      ) : null}
      <Table<TargetGridRow>
        rowKey="key"
        size="small"
        loading={loading}
        pagination={false}
        columns={columns}
        dataSource={rows}
        expandable={{
          expandedRowKeys: rows.filter((r) => !folded.has(r.key)).map((r) => r.key),
          onExpand: (isExpanded, row) =>
            setFolded((before) => {
              const next = new Set(before);
              if (isExpanded) next.delete(row.key);
              else next.add(row.key);
              return next;
            }),
        }}
        scroll={{ x: 1700 }}
        data-testid="targets-grid"
      />
      {edited ? <TargetEditor cell={edited} onClose={() => setEdited(null)} /> : null}
    </Flex>
  );
}

function TargetEditor({ cell, onClose }: { cell: EditedCell; onClose: () => void }) {
  const { t } = useTranslation();
  const existing = cell.row.targets.get(cell.month);
  const [text, setText] = useState(existing ? formatFenAsYuanInput(existing.amountFen) : '');
  const save = useSaveTarget();
  const remove = useDeleteTarget();
  const client = useQueryClient();
  // Someone else changed the target: show the grid as it is now and let the user start again.
  const reload = async () => {
    await client.invalidateQueries({ queryKey: targetKeys.all });
    onClose();
  };
  const amountFen = parseYuanToFen(text);

  const submit = () => {
    if (amountFen === null) return;
    save.mutate(
      {
        month: cell.month,
        regionId: cell.row.regionId,
        repId: cell.row.repId,
        amountFen,
        version: existing?.version ?? null,
      },
      { onSuccess: onClose },
    );
  };

  return (
    <Modal
      open
      title={t('targets.editTitle', { name: cell.row.name, month: cell.month })}
      onCancel={onClose}
      onOk={submit}
      okText={t('common.save')}
      okButtonProps={{ disabled: amountFen === null, loading: save.isPending }}
      footer={(_, { OkBtn, CancelBtn }) => (
        <Flex justify="space-between">
          {existing ? (
            <Popconfirm
              title={t('common.confirmDelete')}
              onConfirm={() =>
                remove.mutate({ id: existing.id, version: existing.version }, { onSuccess: onClose })
              }
            >
              <Button danger loading={remove.isPending}>
                {t('targets.removeTarget')}
              </Button>
            </Popconfirm>
          ) : (
            <span />
          )}
          <Flex gap={8}>
            <CancelBtn />
            <OkBtn />
          </Flex>
        </Flex>
      )}
    >
      <Flex vertical gap={8}>
        <Typography.Text>{t('targets.amountYuan')}</Typography.Text>
        <Input
          autoFocus
          value={text}
          inputMode="decimal"
          prefix="¥"
          status={text !== '' && amountFen === null ? 'error' : undefined}
          onChange={(e) => setText(e.target.value)}
          onPressEnter={submit}
          data-testid="target-amount"
        />
        {text !== '' && amountFen === null ? (
          <Typography.Text type="danger">{t('targets.invalidAmount')}</Typography.Text>
        ) : null}
        <SaveErrorAlert error={save.error ?? remove.error} onReload={reload} testId="target-error" />
      </Flex>
    </Modal>
  );
}
