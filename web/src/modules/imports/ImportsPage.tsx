import { CheckCircleOutlined, InboxOutlined, PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Flex,
  Progress,
  Radio,
  Result,
  Spin,
  Steps,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type ImportEntity,
  type ImportJob,
  type ImportStatus,
  importEntities,
} from '../../../../contracts/imports.ts';
import { isApiError } from '../../shared/api.ts';
import { describeError, ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { formatDateTime } from '../../shared/format.ts';
import { useIsMobile, useLanguage } from '../../shared/responsive.ts';
import { DryRunStep, progressPercent } from './DryRunStep.tsx';
import {
  type CommitResponse,
  importKeys,
  runCommit,
  runDryRun,
  uploadImportFile,
  useImportJob,
  useImportJobs,
} from './imports.api.ts';
import { MappingStep } from './MappingStep.tsx';

const statusColours: Record<ImportStatus, string> = {
  uploaded: 'default',
  validating: 'processing',
  validated: 'blue',
  committing: 'processing',
  committed: 'green',
  failed: 'red',
};

type Busy = 'upload' | 'dryRun' | 'commit' | null;

interface CommitOutcome {
  alreadyImported: boolean;
  created: number;
  unchanged: number;
}

function outcomeOfJob(job: ImportJob): CommitOutcome {
  return {
    alreadyImported: job.alreadyImportedByJobId !== null,
    created: job.createdCount ?? 0,
    unchanged: job.unchangedCount ?? 0,
  };
}

function stepOfJob(job: ImportJob): number {
  if (job.status === 'committed') return 3;
  if (job.status === 'validated' || job.status === 'validating' || job.status === 'committing') return 2;
  return 1;
}

/** /imports: upload → map columns → dry run → commit, with the user's recent imports below. */
export function ImportsPage() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const isMobile = useIsMobile();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [entity, setEntity] = useState<ImportEntity>('customers');
  const [step, setStep] = useState(0);
  const [jobId, setJobId] = useState<number | null>(null);
  const [busy, setBusy] = useState<Busy>(null);
  const [stepError, setStepError] = useState<unknown>(null);
  const [outcome, setOutcome] = useState<CommitOutcome | null>(null);
  const [listPage, setListPage] = useState(1);
  const jobQuery = useImportJob(jobId, busy === 'dryRun' || busy === 'commit');
  const jobs = useImportJobs(listPage);
  const job = jobId === null ? undefined : jobQuery.data;

  function showJob(next: ImportJob) {
    queryClient.setQueryData(importKeys.job(next.id), next);
    setJobId(next.id);
  }

  function refreshList() {
    void queryClient.invalidateQueries({ queryKey: ['imports', 'list'] });
  }

  function reset() {
    setStep(0);
    setJobId(null);
    setOutcome(null);
    setStepError(null);
  }

  function open(existing: ImportJob) {
    setStepError(null);
    setOutcome(existing.status === 'committed' ? outcomeOfJob(existing) : null);
    setEntity(existing.entity);
    showJob(existing);
    setStep(stepOfJob(existing));
  }

  async function upload(file: File) {
    setBusy('upload');
    setStepError(null);
    try {
      const uploaded = await uploadImportFile(file, entity, lang);
      showJob(uploaded);
      setOutcome(null);
      setStep(1);
      refreshList();
    } catch (error) {
      setStepError(error);
    } finally {
      setBusy(null);
    }
  }

  async function dryRun() {
    if (!job) return;
    setBusy('dryRun');
    setStepError(null);
    try {
      const response = await runDryRun(job.id);
      await queryClient.invalidateQueries({ queryKey: ['imports', 'job', job.id, 'problems'] });
      showJob(response.job);
    } catch (error) {
      setStepError(error);
      void jobQuery.refetch();
    } finally {
      setBusy(null);
      refreshList();
    }
  }

  async function commit() {
    if (!job) return;
    setBusy('commit');
    setStepError(null);
    try {
      const response: CommitResponse = await runCommit(job.id);
      showJob(response.job);
      setOutcome({
        alreadyImported: response.alreadyImported,
        created: response.created,
        unchanged: response.unchanged,
      });
    } catch (error) {
      void message.error(describeError(error, t));
      await queryClient.invalidateQueries({ queryKey: ['imports', 'job', job.id] });
      if (isApiError(error) && error.code === 'IMPORT_HAS_PROBLEMS') setStep(2);
      else setStepError(error);
    } finally {
      setBusy(null);
      refreshList();
    }
  }

  const stepItems = [
    { title: t('imports.steps.upload') },
    { title: t('imports.steps.mapping') },
    { title: t('imports.steps.dryRun') },
    { title: t('imports.steps.commit') },
  ];

  function renderUpload() {
    return (
      <Flex vertical gap={12}>
        <Flex gap={8} align="center" wrap>
          <Typography.Text>{t('imports.entity')}</Typography.Text>
          <Radio.Group
            optionType="button"
            value={entity}
            onChange={(event) => setEntity(event.target.value as ImportEntity)}
            options={importEntities.map((value) => ({ value, label: t(`imports.entities.${value}`) }))}
            data-testid="import-entity"
          />
        </Flex>
        <div data-testid="import-upload">
          <Upload.Dragger
            accept=".csv,.xlsx"
            multiple={false}
            showUploadList={false}
            disabled={busy === 'upload'}
            beforeUpload={(file) => {
              void upload(file);
              return Upload.LIST_IGNORE;
            }}
          >
            <Spin spinning={busy === 'upload'}>
              <p className="ant-upload-drag-icon">
                <InboxOutlined />
              </p>
              <p className="ant-upload-text">
                {busy === 'upload' ? t('imports.uploading') : t('imports.dragHint')}
              </p>
              <p className="ant-upload-hint">{t('imports.dragSubHint')}</p>
            </Spin>
          </Upload.Dragger>
        </div>
        <ErrorAlert error={stepError} testId="import-upload-error" />
      </Flex>
    );
  }

  function renderCommit(current: ImportJob) {
    const shown = outcome ?? (current.status === 'committed' ? outcomeOfJob(current) : null);
    if (shown) {
      return (
        <div data-testid="import-result">
          <Result
            status={shown.alreadyImported ? 'info' : 'success'}
            icon={shown.alreadyImported ? undefined : <CheckCircleOutlined />}
            title={shown.alreadyImported ? t('imports.commit.alreadyTitle') : t('imports.commit.done')}
            subTitle={
              shown.alreadyImported
                ? t('imports.commit.alreadySummary')
                : t('imports.commit.summary', { created: shown.created, unchanged: shown.unchanged })
            }
            extra={
              <Button type="primary" icon={<PlusOutlined />} onClick={reset}>
                {t('imports.newImport')}
              </Button>
            }
          />
        </div>
      );
    }
    const blocked = current.problemCount !== 0;
    return (
      <Flex vertical gap={12}>
        {blocked ? (
          <Alert type="warning" showIcon title={t('imports.commit.blocked')} />
        ) : (
          <Typography.Text>{t('imports.commit.hint', { total: current.totalRows })}</Typography.Text>
        )}
        {busy === 'commit' && (
          <Flex vertical gap={4}>
            <Progress percent={progressPercent(current)} status="active" />
            <Typography.Text type="secondary">
              {t('imports.commit.running', { processed: current.processedRows, total: current.totalRows })}
            </Typography.Text>
          </Flex>
        )}
        <ErrorAlert error={stepError} />
        <Flex gap={8}>
          <Button onClick={() => setStep(2)} disabled={busy === 'commit'}>
            {t('imports.dryRun.back')}
          </Button>
          <Button
            type="primary"
            disabled={blocked}
            loading={busy === 'commit'}
            onClick={commit}
            data-testid="import-commit"
          >
            {t('imports.commit.start')}
          </Button>
        </Flex>
      </Flex>
    );
  }

  function renderStep() {
    if (step === 0 || jobId === null) return renderUpload();
    if (!job) return jobQuery.error ? <ErrorAlert error={jobQuery.error} /> : <Spin />;
    const header = (
      <Typography.Text type="secondary">
        #{job.id} · {t(`imports.entities.${job.entity}`)} ·{' '}
        {t('imports.uploaded', { fileName: job.fileName, totalRows: job.totalRows })}
      </Typography.Text>
    );
    let body: ReactNode;
    if (step === 1) {
      body = (
        <MappingStep
          key={job.id}
          job={job}
          onSaved={(saved) => {
            showJob(saved);
            setStepError(null);
            setStep(2);
          }}
        />
      );
    } else if (step === 2) {
      body = (
        <DryRunStep
          job={job}
          running={busy === 'dryRun' || job.status === 'validating'}
          error={stepError}
          onRun={dryRun}
          onBack={() => setStep(1)}
          onNext={() => setStep(3)}
        />
      );
    } else {
      body = renderCommit(job);
    }
    return (
      <Flex vertical gap={12}>
        {header}
        {body}
      </Flex>
    );
  }

  const jobColumns: ColumnsType<ImportJob> = [
    { key: 'id', title: t('imports.recent.id'), dataIndex: 'id', width: 70 },
    {
      key: 'entity',
      title: t('imports.entity'),
      dataIndex: 'entity',
      width: 90,
      render: (value: ImportEntity) => t(`imports.entities.${value}`),
    },
    { key: 'fileName', title: t('imports.recent.fileName'), dataIndex: 'fileName', ellipsis: true },
    {
      key: 'status',
      title: t('common.status'),
      dataIndex: 'status',
      width: 100,
      render: (value: ImportStatus) => (
        <Tag color={statusColours[value]}>{t(`imports.statuses.${value}`)}</Tag>
      ),
    },
    { key: 'rows', title: t('imports.recent.rows'), dataIndex: 'totalRows', width: 80 },
    {
      key: 'problems',
      title: t('imports.recent.problems'),
      dataIndex: 'problemCount',
      width: 80,
      render: (value: number | null) => value ?? '—',
    },
    {
      key: 'created',
      title: t('imports.recent.created'),
      dataIndex: 'createdCount',
      width: 80,
      render: (value: number | null) => value ?? '—',
    },
    {
      key: 'createdAt',
      title: t('imports.recent.createdAt'),
      dataIndex: 'createdAt',
      width: 160,
      render: (value: string) => formatDateTime(value, lang),
    },
    {
      key: 'actions',
      title: t('common.actions'),
      width: 80,
      render: (_value, row) => (
        <Button size="small" type="link" onClick={() => open(row)} data-testid={`import-open-${row.id}`}>
          {t('imports.recent.open')}
        </Button>
      ),
    },
  ];

  return (
    <Flex vertical gap={16}>
      <Card
        title={t('imports.title')}
        extra={
          step > 0 && (
            <Button icon={<PlusOutlined />} onClick={reset} disabled={busy !== null} data-testid="import-new">
              {isMobile ? null : t('imports.newImport')}
            </Button>
          )
        }
        styles={{ body: { padding: isMobile ? 12 : undefined } }}
      >
        <Flex vertical gap={16}>
          <Typography.Text type="secondary">{t('imports.intro')}</Typography.Text>
          <Steps current={step} size="small" items={stepItems} />
          {renderStep()}
        </Flex>
      </Card>
      <Card title={t('imports.recent.title')} styles={{ body: { padding: isMobile ? 12 : undefined } }}>
        <ErrorAlert error={jobs.error} />
        <Table<ImportJob>
          rowKey="id"
          size="small"
          loading={jobs.isFetching}
          columns={jobColumns}
          dataSource={jobs.data?.items ?? []}
          scroll={{ x: 900 }}
          pagination={{
            current: listPage,
            pageSize: 10,
            total: jobs.data?.total ?? 0,
            showSizeChanger: false,
            onChange: setListPage,
          }}
          data-testid="import-jobs"
        />
      </Card>
    </Flex>
  );
}
