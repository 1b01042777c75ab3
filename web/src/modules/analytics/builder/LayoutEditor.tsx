import {
  type CollisionDetection,
  closestCenter,
  DndContext,
  type DragEndEvent,
  DragOverlay,
  type DragStartEvent,
  type KeyboardCoordinateGetter,
  KeyboardSensor,
  PointerSensor,
  pointerWithin,
  rectIntersection,
  useDndContext,
  useDraggable,
  useDroppable,
  useSensor,
  useSensors,
} from '@dnd-kit/core';
import {
  rectSortingStrategy,
  SortableContext,
  sortableKeyboardCoordinates,
  useSortable,
} from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { Card, Flex, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AnalyticsCatalogue } from '../../../../../contracts/analytics-query.ts';
import type { ReportLayout } from '../../../../../contracts/saved-reports.ts';
import { FieldChip } from './FieldChip.tsx';
import { acceptsField, type Field, placeField, removeField, type Zone, zones } from './layout.rules.ts';

/** What every draggable and droppable carries, so a drop knows what moved where. */
interface DragData {
  field?: Field;
  zone?: Zone;
  index?: number;
  isPalette?: boolean;
}

// A pointer drop lands where the pointer is (on a placed field before the zone around it); the
// keyboard has no pointer, so it lands on what the moved chip overlaps most.
const collision: CollisionDetection = (args) => {
  const hits = args.pointerCoordinates ? pointerWithin(args) : rectIntersection(args);
  if (hits.length === 0) return args.pointerCoordinates ? hits : closestCenter(args);
  const onFields = hits.filter((hit) => (hit.data?.droppableContainer.data.current as DragData)?.field);
  return onFields.length ? onFields : hits;
};

const forward = new Set(['ArrowRight', 'ArrowDown']);
const backward = new Set(['ArrowLeft', 'ArrowUp']);

/**
 * Arrow keys while a field is lifted by the keyboard. A placed field moves like a sortable item
 * (dnd-kit's own getter); a palette field is no droppable, which that getter needs, so it steps
 * through the zones in order — right/down to the next, left/up to the previous.
 */
const keyboardCoordinates: KeyboardCoordinateGetter = (event, args) => {
  const { active, collisionRect, droppableRects, droppableContainers } = args.context;
  if (active && droppableContainers.get(active.id)) return sortableKeyboardCoordinates(event, args);
  const step = forward.has(event.code) ? 1 : backward.has(event.code) ? -1 : 0;
  if (!step || !collisionRect) return undefined;
  event.preventDefault();
  const rects = zones.map((zone) => droppableRects.get(`zone:${zone}`));
  const centre = {
    x: collisionRect.left + collisionRect.width / 2,
    y: collisionRect.top + collisionRect.height / 2,
  };
  const current = rects.findIndex(
    (r) => r && centre.x >= r.left && centre.x <= r.right && centre.y >= r.top && centre.y <= r.bottom,
  );
  const next = rects[Math.max(0, Math.min(rects.length - 1, current + step))];
  if (!next) return undefined;
  // The chip's top-left, so that it sits inside the zone just after the zone's title.
  return { x: next.left + 56, y: next.top + (next.height - collisionRect.height) / 2 };
};

export interface LayoutEditorProps {
  catalogue: AnalyticsCatalogue | undefined;
  layout: ReportLayout;
  onChange: (layout: ReportLayout) => void;
  isReadOnly?: boolean;
}

/** The field palette and the Rows, Columns and Values zones, filled by dragging (mouse or keyboard). */
export function LayoutEditor({ catalogue, layout, onChange, isReadOnly = false }: LayoutEditorProps) {
  const { t } = useTranslation();
  const [active, setActive] = useState<Field | null>(null);
  const sensors = useSensors(
    // A few pixels of movement start a drag, so a click on a chip's remove button stays a click.
    useSensor(PointerSensor, { activationConstraint: { distance: 5 } }),
    useSensor(KeyboardSensor, { coordinateGetter: keyboardCoordinates }),
  );
  const labelOf = (field: Field) =>
    (field.kind === 'measure' ? catalogue?.measures : catalogue?.dimensions)?.find(
      (f) => f.name === field.name,
    )?.label ?? field.name;

  // Only dimensions every chosen measure can be broken down by, and measures that allow every
  // placed dimension, can be dragged: the query would be refused otherwise.
  const chosenMeasures = catalogue?.measures.filter((m) => layout.values.includes(m.name)) ?? [];
  const placedDimensions = [...layout.rows, ...layout.columns];
  const isUsable = (field: Field) =>
    field.kind === 'dimension'
      ? chosenMeasures.every((m) => m.dimensions.includes(field.name))
      : placedDimensions.every((d) =>
          catalogue?.measures.find((m) => m.name === field.name)?.dimensions.includes(d),
        );

  const onDragStart = (event: DragStartEvent) =>
    setActive((event.active.data.current as DragData).field ?? null);
  const onDragEnd = (event: DragEndEvent) => {
    setActive(null);
    const from = event.active.data.current as DragData;
    const to = event.over?.data.current as DragData | undefined;
    if (!from.field || !to) return;
    if (to.isPalette) {
      // Dragged back to the palette: taken off the layout.
      if (from.zone) onChange(removeField(layout, from.field.name));
      return;
    }
    if (!to.zone) return;
    onChange(placeField(layout, from.field, to.zone, to.field ? (to.index ?? null) : null));
  };

  // What a screen reader hears: the field's label, and where it is over ("值", "行 · 月").
  const fieldOf = (id: string | number) => {
    const [, kind, name] = String(id).split(':');
    return name ? labelOf({ kind: kind === 'measure' ? 'measure' : 'dimension', name }) : '';
  };
  const placeOf = (id: string | number) => {
    const [first = '', , name] = String(id).split(':');
    if (first === 'palette') return t('analytics.builder.palette');
    if (first === 'zone') return t(`analytics.builder.${String(id).slice(5) as Zone}`);
    return `${t(`analytics.builder.${first as Zone}`)} · ${name ? fieldOf(id) : ''}`;
  };

  return (
    <DndContext
      sensors={sensors}
      collisionDetection={collision}
      onDragStart={onDragStart}
      onDragEnd={onDragEnd}
      onDragCancel={() => setActive(null)}
      accessibility={{
        screenReaderInstructions: { draggable: t('analytics.builder.paletteHint') },
        announcements: {
          onDragStart: ({ active: a }) => fieldOf(a.id),
          onDragOver: ({ over }) => (over ? placeOf(over.id) : undefined),
          onDragEnd: ({ active: a, over }) => (over ? `${fieldOf(a.id)} → ${placeOf(over.id)}` : undefined),
          onDragCancel: ({ active: a }) => fieldOf(a.id),
        },
      }}
    >
      <Flex gap={12} wrap align="stretch">
        <Palette catalogue={catalogue} isUsable={isUsable} isReadOnly={isReadOnly} />
        <Flex vertical gap={8} style={{ flex: 1, minWidth: 280 }}>
          {zones.map((zone) => (
            <DropZone
              key={zone}
              zone={zone}
              names={layout[zone]}
              labelOf={labelOf}
              isReadOnly={isReadOnly}
              onRemove={(name) => onChange(removeField(layout, name))}
            />
          ))}
        </Flex>
      </Flex>
      <DragOverlay dropAnimation={null}>
        {active ? <FieldChip kind={active.kind} label={labelOf(active)} isDragging /> : null}
      </DragOverlay>
    </DndContext>
  );
}

function Palette({
  catalogue,
  isUsable,
  isReadOnly,
}: {
  catalogue: AnalyticsCatalogue | undefined;
  isUsable: (field: Field) => boolean;
  isReadOnly: boolean;
}) {
  const { t } = useTranslation();
  const { setNodeRef } = useDroppable({ id: 'palette', data: { isPalette: true } satisfies DragData });
  const group = (kind: Field['kind'], title: string, fields: { name: string; label: string }[]) => (
    <Flex vertical gap={4}>
      <Typography.Text type="secondary">{title}</Typography.Text>
      <Flex gap={4} wrap>
        {fields.map((f) => (
          <PaletteField
            key={f.name}
            field={{ kind, name: f.name }}
            label={f.label}
            isDisabled={isReadOnly || !isUsable({ kind, name: f.name })}
          />
        ))}
      </Flex>
    </Flex>
  );
  return (
    <Card
      size="small"
      title={t('analytics.builder.palette')}
      style={{ flex: '0 1 420px', minWidth: 260 }}
      data-testid="builder-palette"
    >
      <Flex vertical gap={8} ref={setNodeRef}>
        {group('dimension', t('analytics.builder.dimensions'), catalogue?.dimensions ?? [])}
        {group('measure', t('analytics.builder.measures'), catalogue?.measures ?? [])}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('analytics.builder.paletteHint')}
        </Typography.Text>
      </Flex>
    </Card>
  );
}

function PaletteField({ field, label, isDisabled }: { field: Field; label: string; isDisabled: boolean }) {
  const { attributes, listeners, setNodeRef } = useDraggable({
    id: `palette:${field.kind}:${field.name}`,
    data: { field } satisfies DragData,
    disabled: isDisabled,
  });
  return (
    <FieldChip
      ref={setNodeRef}
      kind={field.kind}
      label={label}
      isDisabled={isDisabled}
      testId={`field-${field.kind}-${field.name}`}
      {...attributes}
      {...listeners}
    />
  );
}

function DropZone({
  zone,
  names,
  labelOf,
  isReadOnly,
  onRemove,
}: {
  zone: Zone;
  names: string[];
  labelOf: (field: Field) => string;
  isReadOnly: boolean;
  onRemove: (name: string) => void;
}) {
  const { t } = useTranslation();
  const kind: Field['kind'] = zone === 'values' ? 'measure' : 'dimension';
  const { setNodeRef, isOver } = useDroppable({ id: `zone:${zone}`, data: { zone } satisfies DragData });
  const { active } = useDndContext();
  const dragged = (active?.data.current as DragData | undefined)?.field;
  const isRefused = dragged !== undefined && !acceptsField(zone, dragged.kind);
  return (
    <Flex
      ref={setNodeRef}
      gap={8}
      align="center"
      wrap
      data-testid={`zone-${zone}`}
      data-over={isOver && !isRefused ? 'true' : undefined}
      aria-label={t(`analytics.builder.${zone}`)}
      style={{
        minHeight: 48,
        padding: '6px 10px',
        borderRadius: 8,
        border: `1px dashed ${isOver && !isRefused ? '#1677ff' : '#d9d9d9'}`,
        background: isOver && !isRefused ? '#e6f4ff' : undefined,
        opacity: isRefused ? 0.45 : 1,
      }}
    >
      <Typography.Text strong style={{ minWidth: 40 }}>
        {t(`analytics.builder.${zone}`)}
      </Typography.Text>
      <SortableContext
        id={zone}
        items={names.map((n) => `${zone}:${kind}:${n}`)}
        strategy={rectSortingStrategy}
      >
        {names.map((name, index) => (
          <PlacedField
            key={name}
            zone={zone}
            index={index}
            field={{ kind, name }}
            label={labelOf({ kind, name })}
            isReadOnly={isReadOnly}
            onRemove={() => onRemove(name)}
          />
        ))}
      </SortableContext>
      {names.length === 0 ? (
        <Typography.Text type="secondary">
          {t(zone === 'values' ? 'analytics.builder.dropMeasure' : 'analytics.builder.dropDimension')}
        </Typography.Text>
      ) : null}
    </Flex>
  );
}

function PlacedField({
  zone,
  index,
  field,
  label,
  isReadOnly,
  onRemove,
}: {
  zone: Zone;
  index: number;
  field: Field;
  label: string;
  isReadOnly: boolean;
  onRemove: () => void;
}) {
  const { attributes, listeners, setNodeRef, transform, transition, isDragging } = useSortable({
    id: `${zone}:${field.kind}:${field.name}`,
    data: { field, zone, index } satisfies DragData,
    disabled: isReadOnly,
  });
  return (
    <FieldChip
      ref={setNodeRef}
      kind={field.kind}
      label={label}
      testId={`${zone}-${field.name}`}
      style={{ transform: CSS.Translate.toString(transform), transition, opacity: isDragging ? 0.4 : 1 }}
      onRemove={isReadOnly ? undefined : onRemove}
      {...attributes}
      {...listeners}
    />
  );
}
