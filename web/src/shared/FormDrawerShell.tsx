import { Button, Drawer, Flex } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useDrawerSize } from './responsive.ts';
import { SaveErrorAlert } from './SaveErrorAlert.tsx';
import type { VersionedSave } from './useVersionedSave.ts';

export interface FormDrawerShellProps {
  title: ReactNode;
  /** Width on a wide screen; a phone gets the whole screen. */
  width: number;
  onClose: () => void;
  /** Submits the form (which saves when it is valid). */
  onSave: () => void;
  saving: VersionedSave;
  saveTestId: string;
  errorTestId: string;
  /** The form. */
  children: ReactNode;
}

/**
 * The drawer a record's form sits in: cancel and save at the bottom, the error of the last save
 * (with a reload after a version conflict) above the form. A click beside it does not close it,
 * so typing is not lost.
 */
export function FormDrawerShell({
  title,
  width,
  onClose,
  onSave,
  saving,
  saveTestId,
  errorTestId,
  children,
}: FormDrawerShellProps) {
  const { t } = useTranslation();
  const size = useDrawerSize(width);
  return (
    <Drawer
      open
      size={size}
      title={title}
      onClose={onClose}
      destroyOnHidden
      mask={{ closable: false }}
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button
            type="primary"
            data-testid={saveTestId}
            loading={saving.isSaving}
            disabled={saving.isReloading}
            onClick={onSave}
          >
            {t('common.save')}
          </Button>
        </Flex>
      }
    >
      <SaveErrorAlert
        error={saving.error}
        onReload={() => void saving.reload()}
        isReloading={saving.isReloading}
        testId={errorTestId}
        style={{ marginBottom: 16 }}
      />
      {children}
    </Drawer>
  );
}
