/**
 * Asked when an added file has the size and SHA-256 of an entry already in the catalog. Going to the existing
 * entry is the default (first button, focused) and records nothing; keeping a separate entry is for the rare
 * case where two records of the same bytes mean something (another site, another version label).
 */
import { useEffect, useRef } from 'preact/hooks';
import type { CatalogImage } from '../../../catalog/schema';
import type { DuplicateChoice } from '../../../engine/catalog/catalog-api';
import { formatDateTime } from '../../format';
import { useI18n } from '../../i18n/I18nContext';

export interface DuplicatePromptProps {
  fileName: string;
  existing: CatalogImage;
  onAnswer(choice: DuplicateChoice): void;
}

export function DuplicatePrompt({ fileName, existing, onAnswer }: DuplicatePromptProps) {
  const { locale, t } = useI18n();
  const goTo = useRef<HTMLButtonElement>(null);
  // The autofocus attribute is ignored on elements inserted after load, so the default answer is focused here.
  useEffect(() => goTo.current?.focus(), [existing.id]);
  return (
    <section class="notice duplicate-prompt" role="alertdialog" aria-labelledby="duplicate-prompt-text" data-testid="duplicate-prompt" data-existing={existing.id}>
      <p id="duplicate-prompt-text">
        {t('catalog.duplicate', { file: fileName, name: existing.name, added: formatDateTime(existing.addedAt, locale) })}
      </p>
      {/* The safe default answer takes the focus: Enter goes to the existing entry. */}
      <div class="actions">
        <button type="button" class="button button--primary" ref={goTo} onClick={() => onAnswer('existing')} data-testid="duplicate-existing">
          {t('catalog.duplicateGoTo')}
        </button>
        <button type="button" class="button" onClick={() => onAnswer('separate')} data-testid="duplicate-separate">
          {t('catalog.duplicateKeep')}
        </button>
      </div>
    </section>
  );
}
