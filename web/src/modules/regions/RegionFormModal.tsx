import { Button, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Region } from '../../../../contracts/regions.ts';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { markFieldError } from '../../shared/formErrors.ts';
import { useLanguage } from '../../shared/responsive.ts';
import { type RegionLevel, regionName, useCreateRegion, useRenameRegion } from './regions.api.ts';

/** Adding a region below `parent` (null: a country), or renaming `region`. */
export type RegionFormTarget =
  | { mode: 'create'; parent: Region | null; level: RegionLevel }
  | { mode: 'rename'; region: Region };

interface RegionFormValues {
  code: string;
  nameZh: string;
  nameEn: string;
}

const FIELD_NAMES = ['code', 'nameZh', 'nameEn'] as const;

export interface RegionFormModalProps {
  target: RegionFormTarget;
  onClose: () => void;
  onSaved: (region: Region) => void;
}

export function RegionFormModal({ target, onClose, onSaved }: RegionFormModalProps) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const [form] = Form.useForm<RegionFormValues>();
  const create = useCreateRegion();
  const rename = useRenameRegion();
  const mutation = target.mode === 'create' ? create : rename;

  const title =
    target.mode === 'rename'
      ? t('regions.renameTitle', { name: regionName(target.region, lang) })
      : target.parent
        ? t('regions.addChildTitle', {
            parent: regionName(target.parent, lang),
            level: t(`regions.levels.${target.level}`),
          })
        : t('regions.addRootTitle');

  async function submit(values: RegionFormValues) {
    try {
      const saved =
        target.mode === 'create'
          ? await create.mutateAsync({
              parentId: target.parent?.id ?? null,
              level: target.level,
              code: values.code.trim(),
              nameZh: values.nameZh.trim(),
              nameEn: values.nameEn.trim(),
            })
          : await rename.mutateAsync({
              id: target.region.id,
              version: target.region.version,
              nameZh: values.nameZh.trim(),
              nameEn: values.nameEn.trim(),
            });
      onSaved(saved);
    } catch (error) {
      markFieldError(form, error, FIELD_NAMES);
    }
  }

  return (
    <Modal
      open
      title={title}
      width={480}
      onCancel={onClose}
      destroyOnHidden
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t('common.cancel')}
        </Button>,
        <Button
          key="save"
          type="primary"
          data-testid="region-save"
          loading={mutation.isPending}
          onClick={() => form.submit()}
        >
          {t('common.save')}
        </Button>,
      ]}
    >
      <ErrorAlert error={mutation.error} testId="region-error" style={{ marginBottom: 16 }} />
      <Form<RegionFormValues>
        form={form}
        layout="vertical"
        data-testid="region-form"
        initialValues={
          target.mode === 'rename'
            ? { code: target.region.code, nameZh: target.region.nameZh, nameEn: target.region.nameEn }
            : { code: '', nameZh: '', nameEn: '' }
        }
        onFinish={(values) => void submit(values)}
      >
        <Form.Item
          name="code"
          label={t('regions.fields.code')}
          extra={target.mode === 'create' ? t('regions.hints.code') : undefined}
          rules={[
            { required: true, whitespace: true, message: t('regions.validation.codeRequired') },
            { pattern: /^\s*[A-Za-z0-9_-]+\s*$/, message: t('regions.validation.codeFormat') },
            { max: 40, message: t('common.maxLength', { max: 40 }) },
          ]}
        >
          <Input disabled={target.mode === 'rename'} autoFocus={target.mode === 'create'} />
        </Form.Item>
        <Form.Item
          name="nameZh"
          label={t('regions.fields.nameZh')}
          rules={[
            { required: true, whitespace: true, message: t('regions.validation.nameZhRequired') },
            { max: 100, message: t('common.maxLength', { max: 100 }) },
          ]}
        >
          <Input autoFocus={target.mode === 'rename'} />
        </Form.Item>
        <Form.Item
          name="nameEn"
          label={t('regions.fields.nameEn')}
          rules={[
            { required: true, whitespace: true, message: t('regions.validation.nameEnRequired') },
            { max: 100, message: t('common.maxLength', { max: 100 }) },
          ]}
        >
          <Input />
        </Form.Item>
      </Form>
    </Modal>
  );
}
