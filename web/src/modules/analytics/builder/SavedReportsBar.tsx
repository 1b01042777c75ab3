import {
  DeleteOutlined,
  FileAddOutlined,
  PushpinFilled,
  PushpinOutlined,
  SaveOutlined,
} from '@ant-design/icons';
import { App, Button, Flex, Form, Input, Modal, Popconfirm, Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Role, roles } from '../../../../../contracts/auth.ts';
import type { SavedReport } from '../../../../../contracts/saved-reports.ts';
import { ErrorAlert } from '../../../shared/ErrorAlert.tsx';
import { useDeleteSavedReport, usePinSavedReport, useSavedReports } from './savedReports.api.ts';

export interface SaveDetails {
  name: string;
  sharedWithRoles: Role[];
}

export interface SavedReportsBarProps {
  current: SavedReport | null;
  onOpen: (report: SavedReport) => void;
  onNew: () => void;
  /** Saves the builder's report: as a new one, or over `current` when `asNew` is false. */
  onSave: (details: SaveDetails, asNew: boolean) => Promise<void>;
  isSaving: boolean;
  saveError: unknown;
}

/** Open a saved report, start a new one, save (share with roles), save as a copy, delete. */
export function SavedReportsBar({
  current,
  onOpen,
  onNew,
  onSave,
  isSaving,
  saveError,
}: SavedReportsBarProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const list = useSavedReports();
  const remove = useDeleteSavedReport();
  const [dialog, setDialog] = useState<{ asNew: boolean } | null>(null);
  const canOverwrite = current?.canEdit ?? false;
  const pin = usePinSavedReport();
  // From the list, which the pin refreshes (the opened report is a copy taken when opened).
  const isPinned = list.data?.items.find((r) => r.id === current?.id)?.isPinned ?? current?.isPinned ?? false;

  return (
    <Flex gap={8} align="center" wrap>
      <Typography.Text strong>{t('analytics.builder.savedReports')}</Typography.Text>
      <Select<number>
        style={{ minWidth: 260 }}
        showSearch
        optionFilterProp="label"
        placeholder={t('analytics.builder.openReport')}
        loading={list.isLoading}
        value={current?.id}
        data-testid="builder-saved-select"
        onChange={(id) => {
          const report = list.data?.items.find((r) => r.id === id);
          if (report) onOpen(report);
        }}
        options={list.data?.items.map((r) => ({
          value: r.id,
          label: r.canEdit ? r.name : `${r.name} · ${r.ownerName}`,
        }))}
      />
      <Button icon={<FileAddOutlined />} onClick={onNew} data-testid="builder-new">
        {t('analytics.builder.newReport')}
      </Button>
      <Button
        type="primary"
        icon={<SaveOutlined />}
        data-testid="builder-save"
        onClick={() => setDialog({ asNew: !canOverwrite })}
      >
        {t('analytics.builder.save')}
      </Button>
      {current ? (
        <Button onClick={() => setDialog({ asNew: true })} data-testid="builder-save-as">
          {t('analytics.builder.saveAs')}
        </Button>
      ) : null}
      {current && canOverwrite ? (
        <Popconfirm
          title={t('analytics.builder.confirmDelete', { name: current.name })}
          onConfirm={async () => {
            await remove.mutateAsync(current.id);
            message.success(t('analytics.builder.deleted'));
            onNew();
          }}
        >
          <Button danger icon={<DeleteOutlined />} loading={remove.isPending} data-testid="builder-delete">
            {t('analytics.builder.deleteReport')}
          </Button>
        </Popconfirm>
      ) : null}
      {current ? (
        <Button
          icon={isPinned ? <PushpinFilled /> : <PushpinOutlined />}
          loading={pin.isPending}
          data-testid="builder-pin"
          aria-pressed={isPinned}
          onClick={async () => {
            await pin.mutateAsync({ id: current.id, pinned: !isPinned });
            message.success(t(isPinned ? 'analytics.builder.unpinned' : 'analytics.builder.pinned'));
          }}
        >
          {t(isPinned ? 'analytics.builder.unpin' : 'analytics.builder.pin')}
        </Button>
      ) : null}
      {current && !canOverwrite ? (
        <Typography.Text type="secondary">
          {t('analytics.builder.sharedBy', { owner: current.ownerName })}
        </Typography.Text>
      ) : null}
      {list.error ? <ErrorAlert error={list.error} /> : null}
      {remove.error ? <ErrorAlert error={remove.error} /> : null}
      {pin.error ? <ErrorAlert error={pin.error} /> : null}
      {dialog ? (
        <SaveDialog
          initial={{
            name: dialog.asNew || !current ? '' : current.name,
            sharedWithRoles: current?.sharedWithRoles ?? [],
          }}
          isSaving={isSaving}
          error={saveError}
          onCancel={() => setDialog(null)}
          onSubmit={async (details) => {
            await onSave(details, dialog.asNew);
            setDialog(null);
            message.success(t('analytics.builder.saved'));
          }}
        />
      ) : null}
    </Flex>
  );
}

function SaveDialog({
  initial,
  isSaving,
  error,
  onCancel,
  onSubmit,
}: {
  initial: SaveDetails;
  isSaving: boolean;
  error: unknown;
  onCancel: () => void;
  onSubmit: (details: SaveDetails) => Promise<void>;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<SaveDetails>();
  return (
    <Modal
      open
      title={t('analytics.builder.saveTitle')}
      okText={t('analytics.builder.save')}
      confirmLoading={isSaving}
      onCancel={onCancel}
      onOk={() => form.submit()}
      okButtonProps={{ 'data-testid': 'builder-save-confirm' } as Record<string, string>}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={initial}
        onFinish={(values) =>
          onSubmit({ name: values.name.trim(), sharedWithRoles: values.sharedWithRoles ?? [] })
        }
      >
        <Form.Item
          name="name"
          label={t('analytics.builder.name')}
          rules={[{ required: true, whitespace: true, max: 120 }]}
        >
          <Input autoFocus maxLength={120} data-testid="builder-save-name" />
        </Form.Item>
        <Form.Item
          name="sharedWithRoles"
          label={t('analytics.builder.shareWith')}
          extra={t('analytics.builder.shareHint')}
        >
          <Select
            mode="multiple"
            data-testid="builder-save-roles"
            options={roles.map((role) => ({ value: role, label: t(`roles.${role}`) }))}
          />
        </Form.Item>
      </Form>
      {error ? <ErrorAlert error={error} /> : null}
    </Modal>
  );
}
