import { Card, Col, DatePicker, Descriptions, Flex, Row, Statistic, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Statement } from '../../../../../contracts/finance.ts';
import { ErrorAlert } from '../../../shared/ErrorAlert.tsx';
import { businessToday, EMPTY_VALUE, formatDate, formatMoney } from '../../../shared/format.ts';
import { useIsMobile, useLanguage } from '../../../shared/responsive.ts';
import { useStatement } from '../finance.api.ts';
import { monthOf } from '../finance.rules.ts';

type StatementLine = Statement['lines'][number];

/** The customer statement (对账单) for a period: opening balance, movements, closing balance (CNY). */
export function CustomerStatementTab({ customerId }: { customerId: number }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const isMobile = useIsMobile();
  const [period, setPeriod] = useState(() => monthOf(businessToday()));
  const statement = useStatement(customerId, period.from, period.to, true);
  const data = statement.data;
  const money = (fen: number) => formatMoney(fen, lang);
  const change = (fen: number) =>
    fen === 0 ? (
      EMPTY_VALUE
    ) : (
      <Typography.Text type={fen > 0 ? undefined : 'success'}>
        {fen > 0 ? `+${money(fen)}` : money(fen)}
      </Typography.Text>
    );

  const columns: ColumnsType<StatementLine> = [
    {
      key: 'date',
      title: t('finance.fields.date'),
      width: 110,
      render: (_v, line) => formatDate(line.date, lang),
    },
    {
      key: 'type',
      title: t('finance.statement.type'),
      width: 110,
      render: (_v, line) => <Tag>{t(`finance.journalSources.${line.type}`)}</Tag>,
    },
    {
      key: 'document',
      title: t('finance.journals.document'),
      width: 170,
      render: (_v, line) => line.documentNumber ?? EMPTY_VALUE,
    },
    { key: 'description', title: t('finance.journals.description'), dataIndex: 'description', width: 220 },
    {
      key: 'receivable',
      title: t('finance.statement.receivableChange'),
      align: 'right',
      width: 130,
      render: (_v, line) => change(line.receivableChangeCnyFen),
    },
    {
      key: 'credit',
      title: t('finance.statement.creditChange'),
      align: 'right',
      width: 130,
      render: (_v, line) => change(line.creditChangeCnyFen),
    },
    {
      key: 'balance',
      title: t('finance.statement.balance'),
      align: 'right',
      width: 140,
      render: (_v, line) => <Typography.Text strong>{money(line.balanceCnyFen)}</Typography.Text>,
    },
  ];

  return (
    <Flex vertical gap={16} data-testid="customer-statement">
      <Flex gap={8} wrap align="center">
        <Typography.Text>{t('finance.statement.period')}</Typography.Text>
        <DatePicker.RangePicker
          data-testid="statement-period"
          allowClear={false}
          value={[dayjs(period.from), dayjs(period.to)]}
          onChange={(range) => {
            const [from, to] = range ?? [];
            if (from && to) setPeriod({ from: from.format('YYYY-MM-DD'), to: to.format('YYYY-MM-DD') });
          }}
          style={{ width: isMobile ? '100%' : 260 }}
        />
      </Flex>
      <ErrorAlert error={statement.error} testId="statement-error" />
      {data && (
        <>
          <Row gutter={[12, 12]}>
            <Col xs={12} md={8}>
              <Card size="small">
                <Statistic
                  title={t('finance.statement.opening', { date: formatDate(data.from, lang) })}
                  value={money(data.openingBalanceCnyFen)}
                  data-testid="statement-opening"
                />
              </Card>
            </Col>
            <Col xs={12} md={8}>
              <Card size="small">
                <Statistic
                  title={t('finance.statement.movement')}
                  value={money(data.closingBalanceCnyFen - data.openingBalanceCnyFen)}
                />
              </Card>
            </Col>
            <Col xs={24} md={8}>
              <Card size="small">
                <Statistic
                  title={t('finance.statement.closing', { date: formatDate(data.to, lang) })}
                  value={money(data.closingBalanceCnyFen)}
                  data-testid="statement-closing"
                />
              </Card>
            </Col>
          </Row>
          <Table<StatementLine>
            data-testid="statement-lines"
            rowKey="journalId"
            size="small"
            pagination={false}
            loading={statement.isFetching}
            scroll={{ x: 'max-content' }}
            columns={columns}
            dataSource={data.lines}
            locale={{ emptyText: t('finance.statement.noMovements') }}
          />
          <Descriptions
            bordered
            size="small"
            column={{ xs: 1, sm: 2, md: 3, lg: 3, xl: 3, xxl: 3 }}
            title={t('finance.statement.totals')}
            items={[
              {
                key: 'invoiced',
                label: t('finance.statement.invoiced'),
                children: money(data.totals.invoicedCnyFen),
              },
              {
                key: 'credited',
                label: t('finance.statement.credited'),
                children: money(data.totals.creditedCnyFen),
              },
              {
                key: 'received',
                label: t('finance.statement.received'),
                children: money(data.totals.receivedCnyFen),
              },
              {
                key: 'allocated',
                label: t('finance.statement.allocated'),
                children: money(data.totals.allocatedCnyFen),
              },
              {
                key: 'writtenOff',
                label: t('finance.statement.writtenOff'),
                children: money(data.totals.writtenOffCnyFen),
              },
              { key: 'other', label: t('finance.statement.other'), children: money(data.totals.otherCnyFen) },
              {
                key: 'closingReceivable',
                label: t('finance.statement.closingReceivable'),
                children: money(data.closingReceivableCnyFen),
              },
              {
                key: 'closingCredit',
                label: t('finance.statement.closingCredit'),
                children: money(data.closingCreditCnyFen),
              },
            ]}
          />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('finance.statement.hint')}
          </Typography.Text>
        </>
      )}
    </Flex>
  );
}
