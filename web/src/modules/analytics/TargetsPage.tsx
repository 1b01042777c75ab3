import { UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, DatePicker, Flex, Modal, Table, Tabs, Tooltip, Typography, Upload } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TargetImportResult } from '../../../../contracts/targets.ts';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { useLanguage } from '../../shared/responsive.ts';
import { AttainmentView } from './targets/AttainmentView.tsx';
import { TargetGrid } from './targets/TargetGrid.tsx';
import { useImportTargets, useTargetYear } from './targets.api.ts';

type Problem = TargetImportResult['problems'][number];

/**
 * Revenue targets (销售指标): the year's grid per region and rep to view and set them, an
 * import of a whole file, and attainment (revenue against target) for a chosen period.
 */
export function TargetsPage() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const { message } = App.useApp();
  const [year, setYear] = useState(dayjs().year());
  const targets = useTargetYear(year, lang);
  const importTargets = useImportTargets(lang);
  const [failed, setFailed] = useState<TargetImportResult | null>(null);
  const canEdit = (targets.data?.editableRegionIds.length ?? 0) > 0;

  const upload = (file: File) => {
    importTargets.mutate(file, {
      onSuccess: (result) => {
        if (result.isCommitted) message.success(t('targets.imported', result));
        else setFailed(result);
      },
    });
    return false;
  };

  return (
    <Flex vertical gap={16} data-testid="targets-page">
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('targets.title')}
        </Typography.Title>
        <Flex gap={8} align="center" wrap>
          <span>{t('targets.year')}</span>
          <DatePicker
            picker="year"
            allowClear={false}
            value={dayjs(`${year}-01-01`)}
            onChange={(v) => v && setYear(v.year())}
            data-testid="targets-year"
          />
          {canEdit ? (
            <Tooltip title={t('targets.importHint')}>
              <Upload accept=".csv,.xlsx" showUploadList={false} beforeUpload={upload}>
                <Button
                  icon={<UploadOutlined />}
                  loading={importTargets.isPending}
                  data-testid="targets-import"
                >
                  {t('targets.import')}
                </Button>
              </Upload>
            </Tooltip>
          ) : null}
        </Flex>
      </Flex>
      <ErrorAlert error={targets.error ?? importTargets.error} />
      <Tabs
        items={[
          {
            key: 'grid',
            label: t('targets.tabs.grid'),
            children: <TargetGrid data={targets.data} loading={targets.isLoading} />,
          },
          {
            key: 'attainment',
            label: t('targets.tabs.attainment'),
            children: <AttainmentView key={year} year={year} />,
          },
        ]}
      />
      <Modal
        open={failed !== null}
        title={t('targets.import')}
        footer={null}
        width={720}
        onCancel={() => setFailed(null)}
      >
        <Flex vertical gap={12}>
          <Alert
            type="error"
            showIcon
            title={t('targets.importFailed', { count: failed?.problems.length ?? 0 })}
          />
          <Table<Problem>
            rowKey={(p) => `${p.rowNumber}:${p.column}:${p.code}`}
            size="small"
            pagination={{ pageSize: 20 }}
            dataSource={failed?.problems ?? []}
            data-testid="targets-import-problems"
            columns={[
              { title: t('targets.row'), dataIndex: 'rowNumber', width: 70 },
              { title: t('targets.column'), dataIndex: 'column', width: 100 },
              { title: t('targets.problem'), render: (_, p) => `${p.message} (${p.code})` },
            ]}
          />
        </Flex>
      </Modal>
    </Flex>
  );
}
