import { Alert, App, Button, Flex, Input, Select, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportJob, ImportMapping } from '../../../../contracts/imports.ts';
import { describeError } from '../../shared/ErrorAlert.tsx';
import { useLanguage } from '../../shared/responsive.ts';
import { updateImportMapping, useImportTemplates } from './imports.api.ts';

type Field = ImportJob['fields'][number];

export interface MappingStepProps {
  job: ImportJob;
  onSaved: (job: ImportJob) => void;
}

/** Step 2: which file column goes into which field. Mount with key={job.id} to start from the job's mapping. */
export function MappingStep({ job, onSaved }: MappingStepProps) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const { message } = App.useApp();
  const templates = useImportTemplates(job.entity);
  const [mapping, setMapping] = useState<ImportMapping>(() => ({ ...job.mapping }));
  const [templateName, setTemplateName] = useState('');
  const [saving, setSaving] = useState(false);

  const headerIndex = new Map(job.headers.map((header, index) => [header, index]));
  const labelOf = (field: Field) => (lang === 'en' ? field.labelEn : field.labelZh);
  const missing = job.fields.filter((field) => field.required && !mapping[field.name]);

  function applyTemplate(templateId: number) {
    const template = templates.data?.items.find((item) => item.id === templateId);
    if (!template) return;
    const next: ImportMapping = {};
    for (const field of job.fields) {
      const header = template.mapping[field.name];
      next[field.name] = header && headerIndex.has(header) ? header : null;
    }
    setMapping(next);
  }

  async function save() {
    setSaving(true);
    try {
      const name = templateName.trim();
      const saved = await updateImportMapping(job.id, mapping, name || undefined, lang);
      if (name) void templates.refetch();
      void message.success(t('imports.mapping.saved'));
      onSaved(saved);
    } catch (error) {
      void message.error(describeError(error, t));
    } finally {
      setSaving(false);
    }
  }

  const columns: ColumnsType<Field> = [
    {
      key: 'field',
      title: t('imports.mapping.field'),
      width: 220,
      render: (_value, field) => (
        <Flex gap={6} align="center">
          <span>{labelOf(field)}</span>
          {field.required && <Tag color="red">{t('imports.mapping.required')}</Tag>}
        </Flex>
      ),
    },
    {
      key: 'column',
      title: t('imports.mapping.column'),
      width: 260,
      render: (_value, field) => (
        <Select
          style={{ width: '100%' }}
          allowClear
          showSearch
          placeholder={t('imports.mapping.notImported')}
          value={mapping[field.name] ?? undefined}
          status={field.required && !mapping[field.name] ? 'error' : undefined}
          options={job.headers.map((header) => ({ value: header, label: header }))}
          onChange={(value: string | undefined) =>
            setMapping((prev) => ({ ...prev, [field.name]: value ?? null }))
          }
          data-testid={`import-mapping-${field.name}`}
        />
      ),
    },
    {
      key: 'sample',
      title: t('imports.mapping.sample'),
      render: (_value, field) => {
        const header = mapping[field.name];
        const index = header ? headerIndex.get(header) : undefined;
        if (index === undefined) return <Typography.Text type="secondary">—</Typography.Text>;
        const samples = job.sampleRows
          .slice(0, 3)
          .map((row) => row[index] ?? '')
          .filter((cell) => cell !== '');
        return (
          <Typography.Text type="secondary" ellipsis>
            {samples.join(' · ') || '—'}
          </Typography.Text>
        );
      },
    },
  ];

  return (
    <Flex vertical gap={12} data-testid="import-mapping">
      {job.alreadyImportedByJobId !== null && (
        <Alert
          type="info"
          showIcon
          title={t('imports.alreadyImported', { id: job.alreadyImportedByJobId })}
        />
      )}
      <Flex gap={8} align="center" wrap>
        <Typography.Text>{t('imports.mapping.template')}</Typography.Text>
        <Select
          style={{ minWidth: 240 }}
          placeholder={t('imports.mapping.templatePlaceholder')}
          loading={templates.isLoading}
          options={(templates.data?.items ?? []).map((item) => ({ value: item.id, label: item.name }))}
          onChange={(value: number) => applyTemplate(value)}
          data-testid="import-template-select"
        />
      </Flex>
      <Table<Field>
        rowKey="name"
        size="small"
        pagination={false}
        columns={columns}
        dataSource={job.fields}
        scroll={{ x: 640 }}
      />
      {missing.length > 0 && (
        <Alert
          type="warning"
          showIcon
          title={t('imports.mapping.missingRequired', { fields: missing.map(labelOf).join('、') })}
        />
      )}
      <Flex gap={8} align="center" wrap>
        <Typography.Text>{t('imports.mapping.saveAsTemplate')}</Typography.Text>
        <Input
          style={{ maxWidth: 260 }}
          maxLength={100}
          placeholder={t('imports.mapping.templateName')}
          value={templateName}
          onChange={(event) => setTemplateName(event.target.value)}
          data-testid="import-template-name"
        />
        <Button
          type="primary"
          loading={saving}
          disabled={missing.length > 0}
          onClick={save}
          data-testid="import-mapping-save"
        >
          {t('imports.mapping.next')}
        </Button>
      </Flex>
    </Flex>
  );
}
