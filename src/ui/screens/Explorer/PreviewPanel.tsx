/**
 * Preview of one file as the engine classified it: text (windowed lines, setup error and warning lines marked),
 * an image (png, jpg, bmp, ico, gif through a blob URL), or a binary with what it looks like and, for PE files,
 * the version resource. "Show as hex" switches to the paged hex view, available for every file.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { ImagePreview, PeVersionInfo, Preview, TextPreview } from '../../../engine/explorer/explorer-api';
import { Facts, type FactRow } from '../../components/Facts/Facts';
import { VirtualList } from '../../components/VirtualList/VirtualList';
import { formatBytes, formatInteger } from '../../format';
import { useI18n } from '../../i18n/I18nContext';

const LINE_HEIGHT = 18;

function TextView({ preview, name }: { preview: TextPreview; name: string }) {
  const { locale, t } = useI18n();
  const lines = useMemo(() => preview.text.split(/\r\n|\n|\r/), [preview.text]);
  const marks = useMemo(() => new Map(preview.markedLines.map((m) => [m.line, m.severity])), [preview.markedLines]);
  const firstMark = preview.markedLines[0]?.line;
  const [active, setActive] = useState(firstMark ? firstMark - 1 : -1);
  const errors = preview.markedLines.filter((m) => m.severity === 'error').length;
  return (
    <div class="text-preview" data-testid="text-preview" data-format={preview.format}>
      <p class="preview-meta">
        {t('preview.encoding', { encoding: preview.encoding, source: preview.encodingSource })}
        {preview.markedLines.length > 0 && (
          <strong class="danger" data-testid="marked-count">
            {' · '}
            {t('preview.errors', { errors: formatInteger(errors, locale), warnings: formatInteger(preview.markedLines.length - errors, locale) })}
          </strong>
        )}
        {preview.truncatedAt !== undefined && <span> · {t('preview.truncated', { size: formatBytes(preview.truncatedAt, locale) })}</span>}
      </p>
      <VirtualList
        count={lines.length}
        rowHeight={LINE_HEIGHT}
        active={active}
        onActiveChange={setActive}
        idPrefix="line"
        label={name}
        class="text-lines mono"
        testId="text-lines"
        renderRow={(index) => {
          const mark = marks.get(index + 1);
          return (
            <span class={mark ? `text-line is-${mark}` : 'text-line'} data-line={index + 1} data-mark={mark}>
              <span class="text-line__number">{index + 1}</span>
              <span class="text-line__text">{lines[index]}</span>
            </span>
          );
        }}
      />
    </div>
  );
}

function ImageView({ preview, name }: { preview: ImagePreview; name: string }) {
  const { t } = useI18n();
  const url = useMemo(() => URL.createObjectURL(new Blob([preview.bytes as BlobPart], { type: preview.mime })), [preview]);
  useEffect(() => () => URL.revokeObjectURL(url), [url]);
  return (
    <div class="image-preview" data-testid="image-preview">
      <img src={url} alt={t('preview.imageAlt', { name })} data-mime={preview.mime} />
    </div>
  );
}

export function PeVersion({ pe }: { pe: PeVersionInfo | null | undefined }) {
  const { t } = useI18n();
  if (!pe) return null;
  const rows: FactRow[] = [
    [t('preview.peMachine'), pe.machine.name, 'machine'],
    [t('preview.peFormat'), pe.format, 'format'],
    [t('preview.peFileVersion'), pe.fileVersion, 'fileVersion'],
    [t('preview.peProductVersion'), pe.productVersion, 'productVersion'],
    ...Object.entries(pe.strings).map(([key, value]): FactRow => [key, value, `string-${key}`]),
  ];
  return (
    <section class="pe-version" data-testid="pe-version">
      <h4 class="subhead">{t('preview.pe')}</h4>
      <Facts rows={rows} />
      {pe.fileVersion === undefined && Object.keys(pe.strings).length === 0 && <p class="muted">{t('preview.peNone')}</p>}
    </section>
  );
}

export function PreviewPanel({ preview, name, onHex }: { preview: Preview; name: string; onHex(): void }) {
  const { locale, t } = useI18n();
  if (preview.kind === 'text') return <TextView preview={preview} name={name} />;
  if (preview.kind === 'image') return <ImageView preview={preview} name={name} />;
  return (
    <div class="binary-preview" data-testid="binary-preview">
      <p>
        {t('preview.binary')} · {formatBytes(preview.size, locale)}
        {preview.detected && <> · {t('preview.detected', { what: preview.detected })}</>}
      </p>
      <PeVersion pe={preview.pe} />
      <button type="button" class="button button--small" onClick={onHex} data-testid="show-hex">
        {t('preview.showHex')}
      </button>
    </div>
  );
}
