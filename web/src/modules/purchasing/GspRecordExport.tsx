import { DownloadOutlined } from '@ant-design/icons';
import { Button, DatePicker, Flex, Tooltip, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ExportButton } from '../../shared/ExportButton.tsx';
import { businessToday } from '../../shared/format.ts';
import { useIsMobile } from '../../shared/responsive.ts';

/**
 * The GSP purchase-receipt record (购进验收记录) for an arrival-date range, as CSV or Excel —
 * what the regulator asks for, one row per lot received.
 */
export function GspRecordExport() {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null]>(() => {
    const today = dayjs(businessToday());
    return [today.startOf('month'), today];
  });
  const [from, to] = range;
  const isComplete = from !== null && to !== null && !from.isAfter(to);

  return (
    <Flex gap={8} wrap align="center" data-testid="gsp-export">
      <Typography.Text strong>{t('purchasing.receipts.gspRecord')}</Typography.Text>
      <DatePicker.RangePicker
        data-testid="gsp-export-range"
        value={range}
        allowEmpty={[false, false]}
        onChange={(next) => setRange([next?.[0] ?? null, next?.[1] ?? null])}
        placeholder={[t('purchasing.receipts.gspFrom'), t('purchasing.receipts.gspTo')]}
        style={{ width: isMobile ? '100%' : 250 }}
      />
      {isComplete ? (
        <Tooltip title={t('purchasing.receipts.gspHint')}>
          <span>
            <ExportButton
              path="/api/receipts/gsp-record"
              query={{ from: from.format('YYYY-MM-DD'), to: to.format('YYYY-MM-DD') }}
              baseName="gsp-purchase-receipts"
              testId="gsp-export-button"
            />
          </span>
        </Tooltip>
      ) : (
        <Button icon={<DownloadOutlined />} disabled>
          {t('common.export')}
        </Button>
      )}
    </Flex>
  );
}
