import { useCallback, useRef } from 'react';
import { newIdempotencyKey } from './finance.api.ts';

/**
 * One idempotency key per request body: a double click or a retry after a lost answer sends the
 * same key (the server replays its first answer), a changed form gets a new one (the server
 * refuses a key reused with another body).
 */
export function useIdempotencyKey(): (body: unknown) => string {
  const last = useRef<{ body: string; key: string } | null>(null);
  return useCallback((body: unknown) => {
    const text = JSON.stringify(body);
    if (last.current?.body !== text) last.current = { body: text, key: newIdempotencyKey() };
    return last.current.key;
  }, []);
}
