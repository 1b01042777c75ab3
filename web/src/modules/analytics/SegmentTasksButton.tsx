import { App, Button, Form, InputNumber, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCurrentUser } from '../../app/auth.tsx';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { useCreateSegmentTasks } from './alerts.api.ts';

/** The roles the server lets hand a segment to the owner reps (segments.rules.ts). */
const taskRoles = ['admin', 'regional_manager', 'sales_director', 'general_manager'];

export interface SegmentTasksButtonProps {
  segment: string;
  label: string;
  action: string;
  mode: 'fixed' | 'quintile';
  asOf?: string;
}

/**
 * "Create tasks" for one segment: a follow-up task per customer for its owner rep, titled with
 * the segment's suggested action. Shown to managers and up; asking twice in a month adds none.
 */
export function SegmentTasksButton({ segment, label, action, mode, asOf }: SegmentTasksButtonProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const user = useCurrentUser();
  const [isOpen, setOpen] = useState(false);
  const [dueInDays, setDueInDays] = useState(7);
  const create = useCreateSegmentTasks();
  if (!user.roles.some((role) => taskRoles.includes(role))) return null;

  async function submit() {
    try {
      const result = await create.mutateAsync({
        segment,
        body: { mode, dueInDays, ...(asOf ? { asOf } : {}) },
      });
      message.success(
        t('kpiAlerts.segments.tasksDone', {
          created: result.tasksCreated,
          already: result.alreadyTasked,
          withoutOwner: result.withoutOwner,
        }),
      );
      setOpen(false);
    } catch {
      // Shown in the dialog.
    }
  }

  return (
    <>
      <Button size="small" onClick={() => setOpen(true)} data-testid="segment-create-tasks">
        {t('kpiAlerts.segments.createTasks')}
      </Button>
      <Modal
        open={isOpen}
        title={t('kpiAlerts.segments.tasksTitle', { segment: label })}
        okText={t('kpiAlerts.segments.createTasks')}
        cancelText={t('kpiAlerts.cancel')}
        confirmLoading={create.isPending}
        onOk={() => void submit()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <Typography.Paragraph>{t('kpiAlerts.segments.tasksHint', { action })}</Typography.Paragraph>
        {create.error ? <ErrorAlert error={create.error} /> : null}
        <Form layout="vertical">
          <Form.Item label={t('kpiAlerts.segments.dueInDays')}>
            <InputNumber
              min={0}
              max={90}
              precision={0}
              value={dueInDays}
              onChange={(v) => setDueInDays(v ?? 7)}
            />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
