/**
 * A windowing list: rows have one fixed height, only the rows in view (plus a small margin) are in the DOM, so a
 * folder of 100 000 entries scrolls as smoothly as one of ten. It owns the keyboard rules of list-navigation.ts
 * (arrows, Home/End, PageUp/Down, type-ahead) and exposes the cursor through aria-activedescendant, which stays
 * valid because the cursor row is always scrolled into the rendered window.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { findTypeAhead, nextIndexForKey, TYPE_AHEAD_RESET_MS, visibleRange } from '../../list-navigation';

export interface VirtualListProps {
  count: number;
  rowHeight: number;
  /** Row with the cursor (-1: none). */
  active: number;
  onActiveChange(index: number): void;
  /** Enter or double click on a row. */
  onActivate?(index: number): void;
  /** Keys the list does not handle itself (Backspace, Delete…); return true when handled. */
  onOtherKey?(event: KeyboardEvent): boolean;
  /** Text of a row for type-ahead; no type-ahead without it. */
  labelOf?(index: number): string;
  renderRow(index: number, isActive: boolean): ComponentChildren;
  /** Prefix of row ids, unique in the page. */
  idPrefix: string;
  label: string;
  /** Id of an element that tells how to use the list (keyboard hints). */
  describedBy?: string;
  testId?: string;
  class?: string;
  /** Rendered inside the scroller when there are no rows. */
  empty?: ComponentChildren;
}

export function VirtualList(props: VirtualListProps) {
  const { count, rowHeight, active, onActiveChange, idPrefix } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(400);
  const typed = useRef({ prefix: '', at: 0 });

  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    setViewport(element.clientHeight);
    const observer = new ResizeObserver(() => setViewport(element.clientHeight));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  // Keep the cursor row inside the window: it must exist in the DOM for aria-activedescendant and be visible.
  useEffect(() => {
    const element = scroller.current;
    if (!element || active < 0) return;
    const top = active * rowHeight;
    if (top < element.scrollTop) element.scrollTop = top;
    else if (top + rowHeight > element.scrollTop + element.clientHeight) element.scrollTop = top + rowHeight - element.clientHeight;
  }, [active, rowHeight]);

  const pageSize = Math.max(1, Math.floor(viewport / rowHeight));
  const { start, end } = visibleRange(scrollTop, viewport, rowHeight, count);

  const onKeyDown = (event: KeyboardEvent): void => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const isTypeAhead = props.labelOf !== undefined && event.key.length === 1 && event.key !== ' ';
    // Any other key ends the word being typed: after Enter opens a folder, typing starts a new prefix.
    if (!isTypeAhead) typed.current = { prefix: '', at: 0 };
    const next = nextIndexForKey(event.key, { index: active, count, pageSize });
    if (next !== undefined) {
      event.preventDefault();
      onActiveChange(next);
      return;
    }
    if (event.key === 'Enter' && active >= 0) {
      event.preventDefault();
      props.onActivate?.(active);
      return;
    }
    if (props.onOtherKey?.(event)) {
      event.preventDefault();
      return;
    }
    if (isTypeAhead) {
      const now = event.timeStamp;
      const prefix = now - typed.current.at > TYPE_AHEAD_RESET_MS ? event.key : typed.current.prefix + event.key;
      typed.current = { prefix, at: now };
      const labels = Array.from({ length: count }, (_, i) => props.labelOf!(i));
      const found = findTypeAhead(labels, prefix, active);
      if (found !== undefined) {
        event.preventDefault();
        onActiveChange(found);
      }
    }
  };

  const renderOne = (i: number): ComponentChildren => (
    <div
      key={i}
      id={`${idPrefix}-${i}`}
      role="option"
      aria-selected={i === active}
      aria-posinset={i + 1}
      aria-setsize={count}
      class={i === active ? 'vlist__row is-active' : 'vlist__row'}
      style={{ top: `${i * rowHeight}px`, height: `${rowHeight}px` }}
      onClick={() => onActiveChange(i)}
      onDblClick={() => props.onActivate?.(i)}
    >
      {props.renderRow(i, i === active)}
    </div>
  );
  const rows: ComponentChildren[] = [];
  for (let i = start; i < end; i++) rows.push(renderOne(i));
  // The cursor row is rendered even before the scroll that brings it into view has happened, so that
  // aria-activedescendant never names a missing element.
  if (active >= 0 && active < count && (active < start || active >= end)) rows.push(renderOne(active));

  return (
    <div
      ref={scroller}
      class={`vlist ${props.class ?? ''}`}
      role="listbox"
      tabIndex={0}
      aria-label={props.label}
      aria-describedby={props.describedBy}
      aria-activedescendant={active >= 0 && active < count ? `${idPrefix}-${active}` : undefined}
      data-testid={props.testId}
      data-count={count}
      onKeyDown={onKeyDown}
      onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}
    >
      {count === 0 ? props.empty : <div class="vlist__spacer" style={{ height: `${count * rowHeight}px` }}>{rows}</div>}
    </div>
  );
}
