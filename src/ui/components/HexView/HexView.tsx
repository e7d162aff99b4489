/**
 * Hex view of any stream, however large: 16 bytes per row in a windowed list, bytes fetched from the engine in
 * 64 KiB pages only when their rows scroll into view. At most MAX_PAGES pages stay cached, so memory is bounded
 * whatever the file size.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { useI18n } from '../../i18n/I18nContext';
import { VirtualList } from '../VirtualList/VirtualList';

const ROW_BYTES = 16;
const PAGE_BYTES = 64 * 1024;
const ROWS_PER_PAGE = PAGE_BYTES / ROW_BYTES;
const MAX_PAGES = 32;
const ROW_HEIGHT = 20;

export interface HexViewProps {
  name: string;
  size: number;
  /** Bytes [offset, offset + length) of the stream (the engine clips at the end). */
  read(offset: number, length: number): Promise<Uint8Array>;
  /** First bytes already in hand (e.g. from the preview), shown without a round trip. */
  head?: Uint8Array;
}

function hex(n: number, digits: number): string {
  return n.toString(16).toUpperCase().padStart(digits, '0');
}

function printable(byte: number): string {
  return byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : '.';
}

export function HexView({ name, size, read, head }: HexViewProps) {
  const { t } = useI18n();
  const pages = useRef(new Map<number, Uint8Array>());
  const pending = useRef(new Set<number>());
  const [, setVersion] = useState(0);
  const [active, setActive] = useState(0);
  const [failed, setFailed] = useState<string | null>(null);
  const offsetDigits = size > 0xffffffff ? 12 : 8;

  useEffect(() => {
    pages.current.clear();
    pending.current.clear();
    if (head && head.length >= Math.min(size, PAGE_BYTES)) pages.current.set(0, head.subarray(0, PAGE_BYTES));
    setActive(0);
    setVersion((v) => v + 1);
  }, [read, size, head]);

  const requestPage = (page: number): void => {
    if (pages.current.has(page) || pending.current.has(page)) return;
    pending.current.add(page);
    queueMicrotask(() => {
      read(page * PAGE_BYTES, Math.min(PAGE_BYTES, size - page * PAGE_BYTES)).then(
        (bytes) => {
          pending.current.delete(page);
          const cache = pages.current;
          cache.set(page, bytes);
          while (cache.size > MAX_PAGES) cache.delete(cache.keys().next().value!); // oldest first
          setVersion((v) => v + 1);
        },
        (error: unknown) => {
          pending.current.delete(page);
          setFailed(error instanceof Error ? error.message : String(error));
        },
      );
    });
  };

  const rowCount = Math.ceil(size / ROW_BYTES);
  return (
    <div class="hex-view" data-testid="hex-view" data-size={size}>
      <div class="hex-view__head mono" aria-hidden="true">
        <span class="hex-view__offset">{t('hex.offset')}</span>
        <span class="hex-view__bytes">{Array.from({ length: ROW_BYTES }, (_, i) => hex(i, 2)).join(' ')}</span>
      </div>
      {failed && <p class="danger">{failed}</p>}
      <VirtualList
        count={rowCount}
        rowHeight={ROW_HEIGHT}
        active={active}
        onActiveChange={setActive}
        idPrefix="hex-row"
        label={t('hex.label', { name })}
        class="hex-list mono"
        testId="hex-rows"
        renderRow={(row) => {
          const offset = row * ROW_BYTES;
          const page = Math.floor(row / ROWS_PER_PAGE);
          const bytes = pages.current.get(page);
          if (!bytes) {
            requestPage(page);
            return <span class="hex-row is-loading">{hex(offset, offsetDigits)}</span>;
          }
          const start = (row % ROWS_PER_PAGE) * ROW_BYTES;
          const slice = bytes.subarray(start, Math.min(start + ROW_BYTES, bytes.length));
          return (
            <span class="hex-row" data-offset={offset}>
              <span class="hex-view__offset">{hex(offset, offsetDigits)}</span>
              <span class="hex-view__bytes" data-testid="hex-bytes">
                {Array.from(slice, (b) => hex(b, 2)).join(' ')}
              </span>
              <span class="hex-view__ascii">{Array.from(slice, printable).join('')}</span>
            </span>
          );
        }}
      />
    </div>
  );
}
