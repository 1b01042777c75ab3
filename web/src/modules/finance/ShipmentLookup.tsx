import { SearchOutlined } from '@ant-design/icons';
import { Alert, Button, Descriptions, Flex, Input, Space, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Shipment } from '../../../../contracts/sales.ts';
import { describeError } from '../../shared/ErrorAlert.tsx';
import { EMPTY_VALUE, formatDate } from '../../shared/format.ts';
import { useLanguage } from '../../shared/responsive.ts';
import { findShipment } from './finance.api.ts';

export interface ShipmentLookupProps {
  shipment: Shipment | null;
  onFound: (shipment: Shipment | null) => void;
  testId: string;
  autoFocus?: boolean;
}

/** Finds a shipment by its number (SH-…) or id and shows what it is. */
export function ShipmentLookup({ shipment, onFound, testId, autoFocus }: ShipmentLookupProps) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const [text, setText] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [notFound, setNotFound] = useState(false);
  const [isLoading, setLoading] = useState(false);

  async function search(value: string) {
    setError(null);
    setNotFound(false);
    if (!value.trim()) return;
    setLoading(true);
    try {
      const found = await findShipment(value);
      setNotFound(found === null);
      onFound(found);
    } catch (cause) {
      setError(cause);
      onFound(null);
    } finally {
      setLoading(false);
    }
  }

  return (
    <Flex vertical gap={8}>
      <Space.Compact style={{ width: '100%' }}>
        <Input
          data-testid={testId}
          aria-label={t('finance.shipment.placeholder')}
          autoFocus={autoFocus}
          value={text}
          onChange={(event) => setText(event.target.value)}
          onPressEnter={() => void search(text)}
          placeholder={t('finance.shipment.placeholder')}
          allowClear
        />
        <Button
          type="primary"
          icon={<SearchOutlined />}
          loading={isLoading}
          data-testid={`${testId}-find`}
          onClick={() => void search(text)}
        >
          {t('finance.shipment.find')}
        </Button>
      </Space.Compact>
      {error ? <Alert type="error" showIcon title={describeError(error, t)} /> : null}
      {notFound && (
        <Alert type="warning" showIcon title={t('finance.shipment.notFound', { text: text.trim() })} />
      )}
      {shipment && (
        <Descriptions
          data-testid={`${testId}-found`}
          size="small"
          bordered
          column={{ xs: 1, sm: 2, md: 2, lg: 2, xl: 2, xxl: 2 }}
          items={[
            { key: 'number', label: t('finance.shipment.number'), children: shipment.number },
            {
              key: 'status',
              label: t('common.status'),
              children: <Tag>{t(`finance.shipment.statuses.${shipment.status}`)}</Tag>,
            },
            { key: 'customer', label: t('finance.fields.customer'), children: shipment.customerName },
            { key: 'order', label: t('finance.fields.order'), children: shipment.orderNumber },
            {
              key: 'shippedOn',
              label: t('finance.shipment.shippedOn'),
              children: shipment.shippedOn ? formatDate(shipment.shippedOn, lang) : EMPTY_VALUE,
            },
            { key: 'currency', label: t('finance.fields.currency'), children: shipment.currency },
          ]}
        />
      )}
    </Flex>
  );
}
