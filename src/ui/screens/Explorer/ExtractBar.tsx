/**
 * Extraction actions on what is on screen: the selected entry, the current folder or the whole image, with the
 * conflict policy for files that already exist in the target; then progress, and the outcome.
 */
import { useState } from 'preact/hooks';
import type { ConflictPolicy, EntrySummary } from '../../../engine/explorer/explorer-api';
import { hasFolderPicker } from '../../../platform/folder-picker';
import { ErrorPanel } from '../../components/ErrorPanel/ErrorPanel';
import { ProgressBar } from '../../components/ProgressBar/ProgressBar';
import { pathCrumbs } from '../../entry-order';
import { formatBytes, formatInteger } from '../../format';
import type { Extraction } from '../../hooks/use-extraction';
import { useI18n } from '../../i18n/I18nContext';

const POLICIES: readonly ConflictPolicy[] = ['keep-both', 'overwrite', 'skip'];

export interface ExtractBarProps {
  extraction: Extraction;
  selected: EntrySummary | null;
  folder: string;
}

export function ExtractBar({ extraction, selected, folder }: ExtractBarProps) {
  const { locale, t } = useI18n();
  const [conflict, setConflict] = useState<ConflictPolicy>('keep-both');
  const { state } = extraction;
  const running = state.kind === 'running';
  const folderName = pathCrumbs(folder).at(-1)?.[0] ?? '';
  const picker = hasFolderPicker();
  const run = (entry: { path: string; name: string; kind: EntrySummary['kind']; size: number }): void =>
    void extraction.start([entry], conflict);

  return (
    <div class="extract-bar" data-testid="extract-bar">
      <div class="extract-bar__actions">
        <button type="button" class="button button--small button--primary" disabled={!selected || running} onClick={() => selected && run(selected)} data-testid="extract-selection">
          {t('extract.selection')}
        </button>
        <button type="button" class="button button--small" disabled={folder === '/' || running} onClick={() => run({ path: folder, name: folderName, kind: 'dir', size: 0 })} data-testid="extract-folder">
          {t('extract.folder')}
        </button>
        <button type="button" class="button button--small" disabled={running} onClick={() => run({ path: '/', name: '', kind: 'dir', size: 0 })} data-testid="extract-image">
          {t('extract.image')}
        </button>
        {picker ? (
          <label class="extract-bar__policy">
            {t('extract.conflict')}
            <select value={conflict} onChange={(event) => setConflict(event.currentTarget.value as ConflictPolicy)} data-testid="conflict-policy">
              {POLICIES.map((policy) => (
                <option key={policy} value={policy}>
                  {t(`extract.conflict.${policy}`)}
                </option>
              ))}
            </select>
          </label>
        ) : (
          <span class="muted extract-bar__hint">{t('extract.noPicker')}</span>
        )}
      </div>
      {state.kind === 'running' && (
        <ProgressBar
          label={state.mode === 'zip' ? t('extract.zipping') : t('extract.running', { item: state.item ?? '…' })}
          done={state.done}
          total={state.total}
          estimate={state.estimate}
          onCancel={extraction.cancel}
        />
      )}
      {state.kind === 'done' && state.summary && (
        <p
          class="notice-line"
          role="status"
          data-testid="extract-done"
          data-files={state.summary.files}
          data-skipped={state.summary.skipped.length}
          data-kept-both={state.summary.keptBoth.length}
        >
          {t('extract.done', {
            files: formatInteger(state.summary.files, locale),
            directories: formatInteger(state.summary.directories, locale),
            bytes: formatBytes(state.summary.bytes, locale),
          })}{' '}
          {t('extract.doneNotes', {
            renamed: state.summary.renamed.length,
            skipped: state.summary.skipped.length,
            keptBoth: state.summary.keptBoth.length,
            notWritten: state.summary.notWritten.length,
          })}
          <button type="button" class="link-button" onClick={extraction.dismiss}>
            {t('notice.dismiss')}
          </button>
        </p>
      )}
      {state.kind === 'done' && state.download !== undefined && (
        <p class="notice-line" role="status" data-testid="download-done" data-name={state.download}>
          {t('extract.downloaded', { name: state.download })}{' '}
          <button type="button" class="link-button" onClick={extraction.dismiss}>
            {t('notice.dismiss')}
          </button>
        </p>
      )}
      {state.kind === 'cancelled' && (
        <p class="notice-line" role="status" data-testid="extract-cancelled">
          {t('extract.cancelled')}
        </p>
      )}
      {state.kind === 'failed' && <ErrorPanel error={state.error} onBack={extraction.dismiss} title={t('extract.failed')} />}
    </div>
  );
}
