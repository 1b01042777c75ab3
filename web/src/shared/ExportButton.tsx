import { DownloadOutlined, FileExcelOutlined, FileTextOutlined } from '@ant-design/icons';
import { App, Button, Dropdown } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiDownload } from './api.ts';
import { saveFile } from './download.ts';
import { describeError } from './ErrorAlert.tsx';

type ExportFormat = 'csv' | 'xlsx';
type QueryValue = string | number | boolean | null | undefined;

export interface ExportButtonProps {
  /** The export endpoint, e.g. /api/customers/export. */
  path: string;
  /** The list's current filters and sort; paging is left out on purpose (the export is the whole list). */
  query: Record<string, QueryValue>;
  /** File name when the server does not send one. */
  baseName: string;
  testId: string;
  iconOnly?: boolean;
}

/** CSV / Excel export of what the list currently shows (every page of it). */
export function ExportButton({ path, query, baseName, testId, iconOnly = false }: ExportButtonProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [pending, setPending] = useState<ExportFormat | null>(null);

  async function download(format: ExportFormat) {
    setPending(format);
    try {
      const { page: _page, pageSize: _pageSize, ...filters } = query;
      const file = await apiDownload(path, `${baseName}.${format}`, { query: { ...filters, format } });
      saveFile(file.blob, file.filename);
    } catch (error) {
      void message.error(describeError(error, t));
    } finally {
      setPending(null);
    }
  }

  return (
    <Dropdown
      trigger={['click']}
      disabled={pending !== null}
      menu={{
        items: [
          {
            key: 'csv',
            icon: <FileTextOutlined />,
            label: t('common.exportCsv'),
            'data-testid': `${testId}-csv`,
          },
          {
            key: 'xlsx',
            icon: <FileExcelOutlined />,
            label: t('common.exportXlsx'),
            'data-testid': `${testId}-xlsx`,
          },
        ],
        onClick: ({ key }) => void download(key === 'xlsx' ? 'xlsx' : 'csv'),
      }}
    >
      <Button
        data-testid={testId}
        icon={<DownloadOutlined />}
        loading={pending !== null}
        aria-label={t('common.export')}
        title={t('common.export')}
      >
        {iconOnly ? null : t('common.export')}
      </Button>
    </Dropdown>
  );
}
