/**
 * Distribute an entry: pick a target folder, declare its file system (remembered per folder name, since the
 * browser cannot tell), copy + SHA256SUMS + read-back with progress and cancel. A refusal (FAT32 limit, no
 * room) comes before any byte is written, and offers to split the image into FAT32-sized SWM parts in that folder.
 */
import { useState } from 'preact/hooks';
import type { EngineClient } from '../../../client/engine-client';
import type { CatalogImage, TargetKind } from '../../../catalog/schema';
import { TARGET_KINDS } from './kinds';
import type { DistributionResult } from '../../../engine/catalog/distribute';
import { ensurePermission, pickTargetFolder, removePartialCopy } from '../../../platform/catalog-access';
import { ErrorCode, ImagewrightError } from '../../../shared/errors';
import { ErrorPanel } from '../../components/ErrorPanel/ErrorPanel';
import { JobProgress } from '../../components/JobProgress/JobProgress';
import { useCatalogJob } from '../../hooks/use-catalog-job';
import { useWriterJob } from '../../hooks/use-writer-job';
import { FAT32_PART_SIZE_MIB } from '../../../shared/write-defaults';
import { stemOf } from '../Write/WritePanel';
import { useI18n } from '../../i18n/I18nContext';
import type { MessageKey } from '../../i18n/translate';

const SPLIT_WOULD_HELP: number[] = [ErrorCode.TARGET_TOO_LARGE_FOR_FAT32, ErrorCode.TARGET_FILE_TOO_LARGE];

export interface DistributePanelProps {
  client: EngineClient;
  image: CatalogImage;
  onDone(): void;
  /** The entry's file (asks for permission on its handle); enables the split offer. */
  getFiles?(): Promise<File[]>;
}

export function DistributePanel({ client, image, onDone, getFiles }: DistributePanelProps) {
  const { t } = useI18n();
  const job = useCatalogJob();
  const splitJob = useWriterJob();
  const [splitDone, setSplitDone] = useState<string | null>(null);
  const [folder, setFolder] = useState<FileSystemDirectoryHandle | null>(null);
  const [kind, setKind] = useState<TargetKind>('unknown');
  const [result, setResult] = useState<DistributionResult | null>(null);
  const [failure, setFailure] = useState<unknown>(null);

  const pick = (): void => {
    setFailure(null);
    pickTargetFolder().then(async (picked) => {
      if (!picked) return;
      setFolder(picked);
      setResult(null);
      setKind(await client.catalogTargetKind(picked.name));
    }, setFailure);
  };

  const start = async (): Promise<void> => {
    if (!folder) return;
    setFailure(null);
    setResult(null);
    try {
      // In the click handler: the prompts need the user's gesture, the worker cannot ask.
      if (!(await ensurePermission(folder, 'readwrite'))) throw new ImagewrightError(ErrorCode.PERMISSION_DENIED, { path: folder.name });
      if (image.link === 'handle' && image.handle && !(await ensurePermission(image.handle, 'read'))) {
        throw new ImagewrightError(ErrorCode.PERMISSION_DENIED, { path: image.fileName });
      }
    } catch (error) {
      setFailure(error);
      return;
    }
    const done = await job.run(
      image.name,
      (onProgress, signal) => client.catalogDistribute(image.id, folder, kind, onProgress, signal),
      () => removePartialCopy(folder, image.fileName),
    );
    if (done) setResult(done);
    onDone();
  };

  const refusal = job.error instanceof ImagewrightError && SPLIT_WOULD_HELP.includes(job.error.code);

  // Splitting writes NAME.swm, NAME2.swm… into the same folder, each small enough for FAT32.
  const split = (): void => {
    if (!folder || !getFiles) return;
    setFailure(null);
    getFiles().then(async (files) => {
      const base = `${stemOf(image.fileName)}.swm`;
      const result = await splitJob.run(base, (onProgress, signal) =>
        client.splitImage(files, folder, base, FAT32_PART_SIZE_MIB * 1024 * 1024, { catalogId: image.id }, onProgress, signal),
      );
      if (result) {
        job.clearError();
        setSplitDone(t('write.splitDone', { count: result.files.length, names: result.files.join(', ') }));
      }
      onDone();
    }, setFailure);
  };
  const mbps = result && result.copyMs > 0 ? (result.bytes / 1e6 / (result.copyMs / 1000)).toFixed(1) : '—';

  return (
    <section class="distribute" data-testid="distribute">
      <h3>{t('distribute.title')}</h3>
      <p class="distribute__hint">{t('distribute.hint')}</p>
      <div class="actions">
        <button type="button" class="button" onClick={pick} data-testid="distribute-pick" disabled={Boolean(job.state)}>
          {t('distribute.pickFolder')}
        </button>
        {folder && <span data-testid="distribute-folder">{t('distribute.folder', { name: folder.name })}</span>}
      </div>
      {folder && (
        <div class="actions">
          <label>
            {t('distribute.targetKind')}{' '}
            <select value={kind} onChange={(e) => setKind(e.currentTarget.value as TargetKind)} data-testid="distribute-kind">
              {TARGET_KINDS.map((k) => (
                <option key={k} value={k}>{t(`target.${k}` as MessageKey)}</option>
              ))}
            </select>
          </label>
          <button type="button" class="button button--primary" onClick={() => void start()} data-testid="distribute-start" disabled={Boolean(job.state)}>
            {t('distribute.start')}
          </button>
        </div>
      )}
      {job.state && <JobProgress state={job.state} onCancel={job.cancel} />}
      {result && (
        <p class={result.verified ? 'notice notice--ok' : 'notice notice--bad'} role="status" data-testid="distribute-result" data-verified={String(result.verified)}>
          {result.verified ? t('distribute.verified', { target: result.target, mbps }) : t('distribute.mismatch', { target: result.target })}{' '}
          {t('distribute.ejectHint')}
        </p>
      )}
      {job.error !== null && <ErrorPanel error={job.error} onBack={job.clearError} />}
      {failure !== null && <ErrorPanel error={failure} onBack={() => setFailure(null)} />}
      {refusal && (
        <div class="actions" data-testid="distribute-split-offer">
          <button type="button" class="button" onClick={split} disabled={!getFiles || Boolean(splitJob.state)} data-testid="distribute-split">
            {t('distribute.split')}
          </button>
        </div>
      )}
      {splitJob.state && <JobProgress state={splitJob.state} onCancel={splitJob.cancel} />}
      {splitJob.error !== null && <ErrorPanel error={splitJob.error} onBack={splitJob.clearError} />}
      {splitDone && <p class="notice notice--ok" role="status" data-testid="distribute-split-done">{splitDone}</p>}
    </section>
  );
}
