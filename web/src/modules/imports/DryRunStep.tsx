import { DownloadOutlined, PlayCircleOutlined } from '@ant-design/icons';
import { Alert, App, Button, Flex, Progress, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportJob, ImportProblem, ImportProblemCode } from '../../../../contracts/imports.ts';
import { apiDownload } from '../../shared/api.ts';
import { saveFile } from '../../shared/download.ts';
import { describeError, ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { useImportProblems } from './imports.api.ts';

export interface DryRunStepProps {
  job: ImportJob;
  running: boolean;
  error: unknown;
  onRun: () => void;
  onBack: () => void;
  onNext: () => void;
}

export function progressPercent(job: ImportJob): number {
  if (job.totalRows <= 0) return 0;
  return Math.min(100, Math.round((job.processedRows / job.totalRows) * 100));
}

/** Step 3: check every row without writing, then list what is wrong. */
export function DryRunStep({ job, running, error, onRun, onBack, onNext }: DryRunStepProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [page, setPage] = useState(1);
  const [code, setCode] = useState<ImportProblemCode | undefined>(undefined);
  const [downloading, setDownloading] = useState(false);
  const checked = !running && job.problemCount !== null;
  const hasProblems = checked && (job.problemCount ?? 0) > 0;
  const problems = useImportProblems(job.id, page, code, hasProblems);

  async function downloadReport() {
    setDownloading(true);
    try {
      const file = await apiDownload(
        `/api/imports/${job.id}/problems/export`,
        `import-${job.id}-problems.csv`,
      );
      saveFile(file.blob, file.filename);
    } catch (downloadError) {
      void message.error(describeError(downloadError, t));
    } finally {
      setDownloading(false);
    }
  }

  function filterBy(next: ImportProblemCode | undefined) {
    setCode(next);
    setPage(1);
  }

  const columns: ColumnsType<ImportProblem> = [
    { key: 'row', title: t('imports.problem.row'), dataIndex: 'rowNumber', width: 70 },
    {
      key: 'column',
      title: t('imports.problem.column'),
      width: 150,
      render: (_value, problem) => problem.column ?? problem.field ?? '—',
    },
    {
      key: 'code',
      title: t('imports.problem.code'),
      dataIndex: 'code',
      width: 160,
      render: (value: ImportProblemCode) => <Tag color="red">{t(`imports.codes.${value}`)}</Tag>,
    },
    {
      key: 'value',
      title: t('imports.problem.value'),
      dataIndex: 'value',
      width: 160,
      ellipsis: true,
      render: (value: string | null) => value ?? '—',
    },
    { key: 'message', title: t('imports.problem.message'), dataIndex: 'message' },
  ];

  return (
    <Flex vertical gap={12}>
      <Flex gap={8} wrap>
        <Button onClick={onBack} disabled={running}>
          {t('imports.dryRun.back')}
        </Button>
        <Button
          type="primary"
          icon={<PlayCircleOutlined />}
          loading={running}
          onClick={onRun}
          data-testid="import-dry-run"
        >
          {checked ? t('imports.dryRun.again') : t('imports.dryRun.start')}
        </Button>
        {checked && !hasProblems && (
          <Button type="primary" onClick={onNext} data-testid="import-dry-run-next">
            {t('imports.dryRun.next')}
          </Button>
        )}
      </Flex>
      {running && (
        <Flex vertical gap={4} data-testid="import-progress">
          <Progress percent={progressPercent(job)} status="active" />
          <Typography.Text type="secondary">
            {t('imports.dryRun.running', { processed: job.processedRows, total: job.totalRows })}
          </Typography.Text>
        </Flex>
      )}
      <ErrorAlert error={error} />
      {!running && !checked && (
        <Typography.Text type="secondary">{t('imports.dryRun.notYet')}</Typography.Text>
      )}
      {checked && !hasProblems && (
        <Alert type="success" showIcon title={t('imports.dryRun.clean', { total: job.totalRows })} />
      )}
      {hasProblems && (
        <Flex vertical gap={12} data-testid="import-problems">
          <Alert
            type="warning"
            showIcon
            title={t('imports.dryRun.problems', { count: job.problemCount ?? 0 })}
            action={
              <Button
                size="small"
                icon={<DownloadOutlined />}
                loading={downloading}
                onClick={downloadReport}
                data-testid="import-problems-export"
              >
                {t('imports.dryRun.downloadReport')}
              </Button>
            }
          />
          <Flex gap={6} wrap>
            <Tag.CheckableTag checked={code === undefined} onChange={() => filterBy(undefined)}>
              {t('imports.dryRun.allCodes')} ({job.problemCount})
            </Tag.CheckableTag>
            {job.problemCounts.map((entry) => (
              <Tag.CheckableTag
                key={entry.code}
                checked={code === entry.code}
                onChange={() => filterBy(entry.code)}
                data-testid={`import-problem-code-${entry.code}`}
              >
                {t(`imports.codes.${entry.code}`)} ({entry.count})
              </Tag.CheckableTag>
            ))}
          </Flex>
          <ErrorAlert error={problems.error} />
          <Table<ImportProblem>
            rowKey={(problem) => `${problem.rowNumber}-${problem.field ?? ''}-${problem.code}`}
            size="small"
            loading={problems.isFetching}
            columns={columns}
            dataSource={problems.data?.items ?? []}
            scroll={{ x: 700 }}
            pagination={{
              current: page,
              pageSize: 20,
              total: problems.data?.total ?? 0,
              showSizeChanger: false,
              onChange: setPage,
            }}
          />
        </Flex>
      )}
    </Flex>
  );
}
