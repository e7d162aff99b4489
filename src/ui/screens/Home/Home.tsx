/**
 * First screen: one place to drop files, a picker button (several files allowed, for the parts of a split
 * image) and a one-click way to try the app with the bundled sample.
 */
import { useRef } from 'preact/hooks';
import { hasNativeFilePicker, IMAGE_ACCEPT, pickImageFiles, takeInputFiles } from '../../../platform/file-picker';
import { useI18n } from '../../i18n/I18nContext';

export interface HomeProps {
  dragActive: boolean;
  onFiles(files: File[]): void;
  onOpenSample(): void;
  onError(error: unknown): void;
}

export function Home({ dragActive, onFiles, onOpenSample, onError }: HomeProps) {
  const { t } = useI18n();
  const input = useRef<HTMLInputElement>(null);

  const openPicker = (): void => {
    if (!hasNativeFilePicker()) {
      input.current?.click();
      return;
    }
    pickImageFiles('Windows images (WIM, ESD, SWM)').then(onFiles, onError);
  };

  return (
    <section class={dragActive ? 'card home is-dragging' : 'card home'} data-testid="home">
      <div class="dropzone">
        <svg class="dropzone__icon" viewBox="0 0 48 48" aria-hidden="true">
          <path d="M24 6 42 15 24 24 6 15Z" fill="currentColor" opacity=".35" />
          <path d="M6 23l18 9 18-9M6 31l18 9 18-9" fill="none" stroke="currentColor" stroke-width="3" stroke-linejoin="round" />
        </svg>
        <h2 class="dropzone__title">{dragActive ? t('home.dropActive') : t('home.dropTitle')}</h2>
        <p class="dropzone__hint">{t('home.dropHint')}</p>
        <div class="actions actions--center">
          <button type="button" class="button button--primary button--large" onClick={openPicker} data-testid="open-files">
            {t('home.open')}
          </button>
          <span class="actions__or">{t('home.or')}</span>
          <button type="button" class="button button--accent button--large" onClick={onOpenSample} data-testid="open-sample">
            {t('home.sample')}
          </button>
        </div>
        <p class="dropzone__footnote">{t('home.sampleHint')}</p>
      </div>
      <input
        ref={input}
        id="file-input"
        class="visually-hidden"
        type="file"
        multiple
        accept={IMAGE_ACCEPT}
        tabIndex={-1}
        aria-hidden="true"
        onChange={(event) => onFiles(takeInputFiles(event.currentTarget))}
      />
    </section>
  );
}
