import { SearchOutlined } from '@ant-design/icons';
import { Input } from 'antd';
import { type CSSProperties, useEffect, useRef, useState } from 'react';

export interface SearchInputProps {
  value: string;
  onSearch: (value: string) => void;
  placeholder?: string;
  testId?: string;
  style?: CSSProperties;
  /** Searching waits this long after the last keystroke; Enter searches at once. */
  delayMs?: number;
}

/** A search box that asks the server once the user pauses typing, not on every keystroke. */
export function SearchInput({
  value,
  onSearch,
  placeholder,
  testId,
  style,
  delayMs = 350,
}: SearchInputProps) {
  const [text, setText] = useState(value);
  const lastSent = useRef(value);
  // Callers pass a new function on every render; the pending search must not restart because of that.
  const onSearchRef = useRef(onSearch);
  onSearchRef.current = onSearch;

  // Follow outside changes (back button, a cleared filter) without fighting the user's typing.
  useEffect(() => {
    lastSent.current = value;
    setText(value);
  }, [value]);

  useEffect(() => {
    if (text.trim() === lastSent.current.trim()) return;
    const timer = setTimeout(() => {
      lastSent.current = text;
      onSearchRef.current(text);
    }, delayMs);
    return () => clearTimeout(timer);
  }, [text, delayMs]);

  return (
    // A plain Input, so the test id and the aria label sit on the <input> itself.
    <Input
      data-testid={testId}
      aria-label={placeholder}
      allowClear
      prefix={<SearchOutlined />}
      value={text}
      placeholder={placeholder}
      style={style}
      onChange={(event) => setText(event.target.value)}
      onPressEnter={() => {
        lastSent.current = text;
        onSearch(text);
      }}
    />
  );
}
