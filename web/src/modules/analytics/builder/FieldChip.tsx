import { CloseOutlined } from '@ant-design/icons';
import type { CSSProperties, HTMLAttributes, Ref } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldKind } from './layout.rules.ts';

export interface FieldChipProps extends HTMLAttributes<HTMLDivElement> {
  ref?: Ref<HTMLDivElement>;
  kind: FieldKind;
  label: string;
  isDisabled?: boolean;
  isDragging?: boolean;
  testId?: string;
  onRemove?: (() => void) | undefined;
}

const colours: Record<FieldKind, { border: string; background: string }> = {
  dimension: { border: '#91caff', background: '#e6f4ff' },
  measure: { border: '#b7eb8f', background: '#f6ffed' },
};

/** A dimension (blue) or measure (green) as a chip; the drag handle is the whole chip. */
export function FieldChip({
  ref,
  kind,
  label,
  isDisabled = false,
  isDragging = false,
  testId,
  onRemove,
  style,
  ...rest
}: FieldChipProps) {
  const { t } = useTranslation();
  const colour = colours[kind];
  const chipStyle: CSSProperties = {
    display: 'inline-flex',
    alignItems: 'center',
    gap: 6,
    padding: '2px 10px',
    borderRadius: 12,
    border: `1px solid ${colour.border}`,
    background: colour.background,
    cursor: isDisabled ? 'not-allowed' : 'grab',
    opacity: isDisabled ? 0.4 : 1,
    userSelect: 'none',
    touchAction: 'none',
    whiteSpace: 'nowrap',
    boxShadow: isDragging ? '0 4px 12px rgba(0,0,0,0.15)' : undefined,
    ...style,
  };
  return (
    <div ref={ref} data-testid={testId} data-kind={kind} style={chipStyle} {...rest}>
      <span>{label}</span>
      {onRemove ? (
        <button
          type="button"
          aria-label={t('analytics.builder.remove', { label })}
          data-testid={testId ? `${testId}-remove` : undefined}
          // Keep the press from starting a drag of the chip.
          onPointerDown={(event) => event.stopPropagation()}
          onKeyDown={(event) => event.stopPropagation()}
          onClick={onRemove}
          style={{ border: 0, background: 'transparent', padding: 0, cursor: 'pointer', lineHeight: 1 }}
        >
          <CloseOutlined style={{ fontSize: 10 }} />
        </button>
      ) : null}
    </div>
  );
}
