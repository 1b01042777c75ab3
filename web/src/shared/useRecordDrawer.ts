import { App } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

type DrawerState<T> = { mode: 'closed' } | { mode: 'create' } | { mode: 'edit'; record: T };

/**
 * Whether a list page's form drawer is open, and on which record (none: a new one). The drawer
 * is mounted only while open, so every opening starts from the record as it is.
 */
export function useRecordDrawer<T>() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [state, setState] = useState<DrawerState<T>>({ mode: 'closed' });
  return {
    isOpen: state.mode !== 'closed',
    /** The record being edited; none while creating one. */
    record: state.mode === 'edit' ? state.record : undefined,
    openCreate: () => setState({ mode: 'create' }),
    openEdit: (record: T) => setState({ mode: 'edit', record }),
    close: () => setState({ mode: 'closed' }),
    /** Closes the drawer after a save and says whether a record was created or changed. */
    closeSaved: () => {
      void message.success(state.mode === 'create' ? t('common.created') : t('common.saved'));
      setState({ mode: 'closed' });
    },
  };
}
