import { ScanOutlined } from '@ant-design/icons';
import { Input, type InputRef } from 'antd';
import {
  type CSSProperties,
  forwardRef,
  type KeyboardEvent,
  type ReactNode,
  useImperativeHandle,
  useLayoutEffect,
  useRef,
} from 'react';
import { GROUP_SEPARATOR } from './udiText.ts';

/**
 * A scanner in keyboard mode types the code and presses Enter. It sends the group separator as
 * the character 29 (kept as typed), or as Ctrl+] on some models (turned into 29 here).
 */
function isGroupSeparatorKey(event: KeyboardEvent<HTMLInputElement>): boolean {
  if (event.key === GROUP_SEPARATOR) return true;
  return (
    event.ctrlKey && !event.altKey && !event.metaKey && (event.key === ']' || event.code === 'BracketRight')
  );
}

export interface ScanInputHandle {
  /** Focus the field with its text selected, so the next scan replaces it. */
  focusForNextScan: () => void;
}

export interface ScanInputProps {
  value: string;
  onChange: (value: string) => void;
  /** Enter (the scanner's last keystroke) or the caller's button; focus stays in the field. */
  onSubmit: (value: string) => void;
  placeholder?: string;
  ariaLabel?: string;
  testId?: string;
  autoFocus?: boolean;
  size?: 'small' | 'middle' | 'large';
  disabled?: boolean;
  status?: 'error' | 'warning';
  addonAfter?: ReactNode;
  style?: CSSProperties;
}

/** A text field for barcode scanners: keeps the group separator, submits on Enter, keeps focus. */
export const ScanInput = forwardRef<ScanInputHandle, ScanInputProps>(function ScanInput(
  {
    value,
    onChange,
    onSubmit,
    placeholder,
    ariaLabel,
    testId,
    autoFocus,
    size = 'middle',
    disabled,
    status,
    addonAfter,
    style,
  },
  ref,
) {
  const inputRef = useRef<InputRef>(null);
  const pendingCaret = useRef<number | null>(null);

  useImperativeHandle(ref, () => ({
    focusForNextScan: () => inputRef.current?.focus({ cursor: 'all' }),
  }));

  useLayoutEffect(() => {
    if (pendingCaret.current === null) return;
    inputRef.current?.input?.setSelectionRange(pendingCaret.current, pendingCaret.current);
    pendingCaret.current = null;
  });

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'Enter') {
      event.preventDefault();
      onSubmit(value);
      inputRef.current?.focus({ cursor: 'all' });
      return;
    }
    if (isGroupSeparatorKey(event)) {
      event.preventDefault();
      const element = event.currentTarget;
      const start = element.selectionStart ?? value.length;
      const end = element.selectionEnd ?? start;
      onChange(value.slice(0, start) + GROUP_SEPARATOR + value.slice(end));
      pendingCaret.current = start + 1;
    }
  }

  const input = (
    <Input
      ref={inputRef}
      data-testid={testId}
      aria-label={ariaLabel ?? placeholder}
      size={size}
      autoFocus={autoFocus}
      autoComplete="off"
      autoCorrect="off"
      autoCapitalize="off"
      spellCheck={false}
      disabled={disabled}
      status={status}
      prefix={<ScanOutlined />}
      placeholder={placeholder}
      value={value}
      onChange={(event) => onChange(event.target.value)}
      onKeyDown={onKeyDown}
      style={{ fontFamily: 'monospace', ...(addonAfter ? {} : style) }}
    />
  );
  if (!addonAfter) return input;
  return (
    <div style={{ display: 'flex', gap: 8, alignItems: 'center', ...style }}>
      <div style={{ flex: 1, minWidth: 0 }}>{input}</div>
      {addonAfter}
    </div>
  );
});
