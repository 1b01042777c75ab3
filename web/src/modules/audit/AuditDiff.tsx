import { Flex, Switch, Table, Typography, theme } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EMPTY_VALUE } from '../../shared/format.ts';
import { useIsMobile } from '../../shared/responsive.ts';
import type { AuditEntry } from './audit.api.ts';
import { type DiffRow, diffRecords, formatAuditValue, WHOLE_VALUE } from './audit.diff.ts';

function Value({ value, tone }: { value: unknown; tone: 'before' | 'after' | 'same' }) {
  const { token } = theme.useToken();
  const text = formatAuditValue(value);
  if (text === null) return <Typography.Text type="secondary">{EMPTY_VALUE}</Typography.Text>;
  const background =
    tone === 'before' ? token.colorErrorBg : tone === 'after' ? token.colorSuccessBg : undefined;
  return (
    <span
      style={{
        background,
        padding: background ? '1px 4px' : undefined,
        borderRadius: 4,
        wordBreak: 'break-word',
        whiteSpace: 'pre-wrap',
      }}
    >
      {text}
    </span>
  );
}

/** What an entry changed: a row per field, the old value on red and the new one on green. */
export function AuditDiff({ entry }: { entry: AuditEntry }) {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const [showAll, setShowAll] = useState(false);
  const rows = diffRecords(entry.before, entry.after);
  const changed = rows.filter((row) => row.isChanged);
  const shown = showAll ? rows : changed;
  // A create has no before and a delete no after: an empty side is left out rather than shown as dashes.
  const hasBefore = entry.before !== null && entry.before !== undefined;
  const hasAfter = entry.after !== null && entry.after !== undefined;

  if (rows.length === 0) {
    return (
      <Typography.Text type="secondary" data-testid={`audit-diff-${entry.seq}`}>
        {t('audit.noDetails')}
      </Typography.Text>
    );
  }

  const allColumns: ColumnsType<DiffRow> = [
    {
      key: 'field',
      title: t('audit.fields.field'),
      dataIndex: 'field',
      width: 180,
      render: (field: string, row) =>
        field === WHOLE_VALUE ? (
          EMPTY_VALUE
        ) : (
          <Typography.Text strong={row.isChanged}>{field}</Typography.Text>
        ),
    },
    {
      key: 'before',
      title: t('audit.fields.before'),
      render: (_value, row) => <Value value={row.before} tone={row.isChanged ? 'before' : 'same'} />,
    },
    {
      key: 'after',
      title: t('audit.fields.after'),
      render: (_value, row) => <Value value={row.after} tone={row.isChanged ? 'after' : 'same'} />,
    },
  ];

  const columns = allColumns.filter(
    (column) => (column.key !== 'before' || hasBefore) && (column.key !== 'after' || hasAfter),
  );

  // On a phone the table scrolls sideways; the diff stays in view and lists each field on its own lines.
  const frame = isMobile
    ? { position: 'sticky' as const, left: 0, maxWidth: 'calc(100vw - 72px)' }
    : { maxWidth: 960 };

  return (
    <Flex vertical gap={8} data-testid={`audit-diff-${entry.seq}`} style={frame}>
      <Flex gap={16} align="center" wrap>
        <Typography.Text type="secondary">
          {changed.length === 0 ? t('audit.noChanges') : t('audit.changedFields', { count: changed.length })}
        </Typography.Text>
        {changed.length < rows.length && (
          <Flex gap={6} align="center">
            <Switch
              size="small"
              checked={showAll}
              onChange={setShowAll}
              data-testid={`audit-diff-all-${entry.seq}`}
            />
            <Typography.Text>{t('audit.showAllFields')}</Typography.Text>
          </Flex>
        )}
      </Flex>
      {shown.length > 0 && !isMobile && (
        <Table<DiffRow>
          size="small"
          rowKey="field"
          columns={columns}
          dataSource={shown}
          pagination={false}
          tableLayout="fixed"
          bordered
        />
      )}
      {isMobile &&
        shown.map((row) => (
          <Flex key={row.field} vertical gap={2}>
            <Typography.Text strong={row.isChanged}>
              {row.field === WHOLE_VALUE ? EMPTY_VALUE : row.field}
            </Typography.Text>
            {hasBefore && (
              <span>
                <Typography.Text type="secondary">{t('audit.fields.before')}: </Typography.Text>
                <Value value={row.before} tone={row.isChanged ? 'before' : 'same'} />
              </span>
            )}
            {hasAfter && (
              <span>
                <Typography.Text type="secondary">{t('audit.fields.after')}: </Typography.Text>
                <Value value={row.after} tone={row.isChanged ? 'after' : 'same'} />
              </span>
            )}
          </Flex>
        ))}
      {entry.reason && (
        <Typography.Text>
          {t('audit.fields.reason')}: {entry.reason}
        </Typography.Text>
      )}
    </Flex>
  );
}
