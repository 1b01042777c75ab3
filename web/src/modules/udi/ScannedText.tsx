import { theme } from 'antd';
import type { ReactNode } from 'react';

export const GROUP_SEPARATOR = '\x1d';

export interface ScannedTextProps {
  text: string;
  /** 0-based index of the character to mark as wrong; the text's length marks "ended too early". */
  errorPosition?: number | null;
  testId?: string;
}

/**
 * The scanned text, character for character, with the invisible ones made visible (GS as a small GS mark,
 * other control characters as their code) and the offending character marked.
 */
export function ScannedText({ text, errorPosition = null, testId }: ScannedTextProps) {
  const { token } = theme.useToken();
  // UTF-16 units, like the server's position (scanned codes are ASCII in practice).
  const chars = text.split('');
  const marked = {
    background: token.colorError,
    color: token.colorWhite,
    borderRadius: 2,
  };
  const control = {
    background: token.colorInfoBg,
    color: token.colorInfo,
    border: `1px solid ${token.colorInfoBorder}`,
    borderRadius: 2,
    padding: '0 2px',
    margin: '0 1px',
    fontSize: '0.75em',
    verticalAlign: 'middle',
  };

  const rendered: ReactNode[] = chars.map((char, index) => {
    const code = char.codePointAt(0) ?? 0;
    const isError = index === errorPosition;
    const isControl = code < 32 || code === 127;
    const shown =
      char === GROUP_SEPARATOR ? 'GS' : isControl ? `\\x${code.toString(16).padStart(2, '0')}` : char;
    const style = isError ? { ...(isControl ? control : {}), ...marked } : isControl ? control : undefined;
    return (
      <span
        // Characters repeat, so their index is their identity here.
        // biome-ignore lint/suspicious/noArrayIndexKey: the text never reorders
        key={index}
        style={style}
        data-testid={isError ? 'udi-error-mark' : undefined}
        title={isControl ? `ASCII ${code}` : undefined}
      >
        {shown}
      </span>
    );
  });
  if (errorPosition !== null && errorPosition >= chars.length) {
    rendered.push(
      <span key="end" style={{ ...marked, padding: '0 4px' }} data-testid="udi-error-mark">
        ▯
      </span>,
    );
  }

  return (
    <code
      data-testid={testId}
      style={{
        display: 'block',
        fontFamily: token.fontFamilyCode,
        fontSize: 15,
        lineHeight: 1.8,
        wordBreak: 'break-all',
        whiteSpace: 'pre-wrap',
        background: token.colorFillQuaternary,
        padding: '6px 10px',
        borderRadius: token.borderRadius,
      }}
    >
      {rendered}
    </code>
  );
}
