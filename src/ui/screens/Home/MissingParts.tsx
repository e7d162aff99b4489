/**
 * A split set opened without all its parts: name the files still needed (the engine says which, in DISM's
 * naming) and let the user add them; the parts already picked are kept.
 */
import { useRef } from 'preact/hooks';
import { IMAGE_ACCEPT, takeInputFiles } from '../../../platform/file-picker';
import { ImagewrightError } from '../../../shared/errors';
import { useI18n } from '../../i18n/I18nContext';

/** The missing part names when `error` is the engine's SWM_PARTS_MISSING, else undefined. */
export function missingPartNames(error: unknown): string[] | undefined {
  if (!(error instanceof ImagewrightError) || error.codeName !== 'SWM_PARTS_MISSING') return undefined;
  return String(error.params.names ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
}

export function MissingParts({ names, onAdd }: { names: string[]; onAdd(files: File[]): void }) {
  const { t } = useI18n();
  const input = useRef<HTMLInputElement>(null);
  return (
    <section class="card missing-parts" data-testid="missing-parts">
      <h2 class="section-title">{t('missing.title')}</h2>
      <p>{t('missing.intro')}</p>
      <ul class="plain-list">
        {names.map((name) => (
          <li key={name}>
            <code data-testid="missing-part">{name}</code>
          </li>
        ))}
      </ul>
      <button type="button" class="button button--primary" onClick={() => input.current?.click()} data-testid="add-parts">
        {t('missing.add')}
      </button>
      <input
        ref={input}
        id="missing-parts-input"
        class="visually-hidden"
        type="file"
        multiple
        accept={IMAGE_ACCEPT}
        tabIndex={-1}
        aria-hidden="true"
        onChange={(event) => onAdd(takeInputFiles(event.currentTarget))}
      />
    </section>
  );
}
