import { type QueryKey, useQuery } from '@tanstack/react-query';
import { App } from 'antd';
import { useCallback, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { describeError } from './ErrorAlert.tsx';
import { EDIT_PARAM } from './editLink.ts';

export interface EditFromLinkOptions<T> {
  /** The record's detail query key, so the form starts from the cached record when there is one. */
  queryKey: (id: number) => QueryKey;
  fetch: (id: number, signal: AbortSignal) => Promise<T>;
  /** Whether the user may edit at all; without it the parameter is ignored. */
  enabled: boolean;
  onOpen: (record: T) => void;
}

/**
 * Opens the edit form of the record named by ?edit=<id> (a link from data quality or elsewhere),
 * then drops the parameter so closing the form does not reopen it.
 */
export function useEditFromLink<T>({ queryKey, fetch, enabled, onOpen }: EditFromLinkOptions<T>): void {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const raw = Number(params.get(EDIT_PARAM));
  const editId = Number.isInteger(raw) && raw > 0 ? raw : undefined;
  const onOpenRef = useRef(onOpen);
  onOpenRef.current = onOpen;

  const linked = useQuery({
    queryKey: queryKey(editId ?? 0),
    queryFn: ({ signal }) => fetch(editId ?? 0, signal),
    enabled: enabled && editId !== undefined,
  });

  const clear = useCallback(
    () =>
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          next.delete(EDIT_PARAM);
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );

  useEffect(() => {
    if (editId === undefined) return;
    if (linked.data) {
      onOpenRef.current(linked.data);
      clear();
    } else if (linked.error) {
      void message.error(describeError(linked.error, t));
      clear();
    }
  }, [editId, linked.data, linked.error, clear, message, t]);
}
