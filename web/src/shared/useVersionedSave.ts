import { type QueryKey, useQueryClient } from '@tanstack/react-query';
import type { FormInstance } from 'antd';
import { useState } from 'react';
import { markFieldError } from './formErrors.ts';

/** What the form needs of a create or update mutation. */
interface SaveMutation {
  isPending: boolean;
  error: unknown;
  reset: () => void;
}

export interface VersionedSaveOptions<T, V> {
  /** The record to edit; none to create one. */
  record: T | undefined;
  form: FormInstance<V>;
  create: SaveMutation;
  update: SaveMutation;
  toFormValues: (record: T) => V;
  /** Form fields a server error may name (details.field), and request fields named otherwise. */
  fieldNames: readonly string[];
  fieldAliases?: Record<string, string>;
  onSaved: (saved: T) => void;
  /** Where the record as it is now comes from, after someone else saved it first. */
  queryKey: (id: number) => QueryKey;
  fetch: (id: number, signal?: AbortSignal) => Promise<T>;
  /** The lists that show the record, refreshed with it. */
  listsKey: QueryKey;
}

/**
 * Saving a record that carries a version: a server error about one field shows under that field
 * too, and after a version conflict the form can reload the record as it is now (saving the
 * same stale version again could never succeed).
 */
export function useVersionedSave<T extends { id: number }, V>({
  record,
  form,
  create,
  update,
  toFormValues,
  fieldNames,
  fieldAliases,
  onSaved,
  queryKey,
  fetch,
  listsKey,
}: VersionedSaveOptions<T, V>) {
  const queryClient = useQueryClient();
  const [base, setBase] = useState<T | undefined>(record);
  const [isReloading, setReloading] = useState(false);
  const mutation = base ? update : create;

  /** Runs the create or update `run` makes of the form's values. */
  async function save(run: () => Promise<T>) {
    try {
      onSaved(await run());
    } catch (error) {
      markFieldError(form, error, fieldNames, fieldAliases);
    }
  }

  async function reload() {
    if (!base) return;
    setReloading(true);
    try {
      const latest = await queryClient.fetchQuery({
        queryKey: queryKey(base.id),
        queryFn: ({ signal }) => fetch(base.id, signal),
        staleTime: 0,
      });
      setBase(latest);
      form.resetFields();
      form.setFieldsValue(toFormValues(latest));
      update.reset();
      void queryClient.invalidateQueries({ queryKey: listsKey });
    } catch (error) {
      // In place of the conflict, e.g. the record was deleted meanwhile.
      update.reset();
      markFieldError(form, error, fieldNames, fieldAliases);
    } finally {
      setReloading(false);
    }
  }

  return {
    /** The record as last loaded; none while creating one. */
    base,
    isSaving: mutation.isPending,
    isReloading,
    error: mutation.error,
    save,
    reload,
  };
}

export type VersionedSave = Pick<
  ReturnType<typeof useVersionedSave>,
  'isSaving' | 'isReloading' | 'error' | 'reload'
>;
