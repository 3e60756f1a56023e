import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import type { ReactNode } from 'react';

interface VirtualListProps<T> {
  readonly items: readonly T[];
  /** Accessible name of the list ("Leerlingen van 1HA"). */
  readonly label: string;
  readonly rowHeight?: number;
  /** Largest height before the list scrolls, in pixels. */
  readonly maxHeight?: number;
  readonly getKey: (item: T, index: number) => string;
  readonly render: (item: T, index: number) => ReactNode;
  readonly testId?: string;
  readonly rowClassName?: (item: T) => string;
  /** Rows grow with their content (long messages); measured as they render. */
  readonly dynamic?: boolean;
}

/**
 * A list that renders only the rows in view (plus a few), so 30,000 pupils scroll as smoothly as 30.
 * The scroll area is focusable (keyboard users scroll it with the arrow keys) and the rows keep their list
 * semantics with position and set size for screen readers.
 */
export function VirtualList<T>({ items, label, rowHeight = 40, maxHeight = 480, getKey, render, testId, rowClassName, dynamic }: VirtualListProps<T>) {
  const scrollRef = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is used as its docs describe
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 12,
  });
  const height = Math.min(virtualizer.getTotalSize(), maxHeight) + 2;
  return (
    <div ref={scrollRef} className="vlist" style={{ height }} tabIndex={0} role="region" aria-label={label} data-testid={testId}>
      <div role="list" aria-label={label} style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((row) => {
          const item = items[row.index]!;
          return (
            <div
              key={getKey(item, row.index)}
              role="listitem"
              aria-setsize={items.length}
              aria-posinset={row.index + 1}
              className={`vrow ${dynamic ? 'vrow-dynamic' : ''} ${rowClassName?.(item) ?? ''}`}
              data-index={row.index}
              ref={dynamic ? virtualizer.measureElement : undefined}
              style={dynamic ? { minHeight: rowHeight, transform: `translateY(${row.start}px)` } : { height: rowHeight, transform: `translateY(${row.start}px)` }}
            >
              {render(item, row.index)}
            </div>
          );
        })}
      </div>
    </div>
  );
}
