/**
 * One catalog entry: editable name, organisation version, comment, tags and kind; the file facts; open (with the
 * permission prompt on the stored handle and a clear message when the file is gone), verify, relink, remove;
 * distribution; every image index with its properties; the history.
 */
import { useCallback, useEffect, useState } from 'preact/hooks';
import type { EngineClient } from '../../../client/engine-client';
import type { CatalogEntry } from '../../../engine/catalog/catalog-api';
import { ensurePermission, pickCatalogFiles } from '../../../platform/catalog-access';
import { ErrorCode, ImagewrightError } from '../../../shared/errors';
import { ErrorPanel } from '../../components/ErrorPanel/ErrorPanel';
import { Facts } from '../../components/Facts/Facts';
import { JobProgress } from '../../components/JobProgress/JobProgress';
import { formatBytesExact, formatDateTime } from '../../format';
import { useCatalogJob } from '../../hooks/use-catalog-job';
import { useI18n } from '../../i18n/I18nContext';
import type { MessageKey } from '../../i18n/translate';
import { DistributePanel } from './DistributePanel';
import { EntryEditor } from './EntryEditor';
import { EntryHistory } from './EntryHistory';
import { IndexList } from './IndexList';
import { WritePanel } from '../Write/WritePanel';

export interface CatalogDetailProps {
  client: EngineClient;
  id: string;
  onOpenFile(file: File): void;
  onClose(): void;
}

/** The file behind an entry, asking for permission on its handle first (this runs inside a click handler). */
async function entryFile(entry: CatalogEntry): Promise<File> {
  const { image } = entry;
  if (image.link === 'blob' && image.blob) return new File([image.blob], image.fileName);
  if (image.link !== 'handle' || !image.handle) throw new ImagewrightError(ErrorCode.CATALOG_NOT_LINKED, { path: image.fileName });
  if (!(await ensurePermission(image.handle, 'read'))) throw new ImagewrightError(ErrorCode.PERMISSION_DENIED, { path: image.fileName });
  try {
    return await image.handle.getFile();
  } catch (cause) {
    throw new ImagewrightError(ErrorCode.CATALOG_FILE_MISSING, { path: image.fileName, detail: String(cause), cause });
  }
}

export function CatalogDetail({ client, id, onOpenFile, onClose }: CatalogDetailProps) {
  const { t, locale } = useI18n();
  const job = useCatalogJob();
  const [entry, setEntry] = useState<CatalogEntry | null>(null);
  const [failure, setFailure] = useState<unknown>(null);

  const reload = useCallback(() => client.catalogGet(id).then(setEntry, setFailure), [client, id]);
  useEffect(() => void reload(), [reload]);

  if (!entry) return failure ? <ErrorPanel error={failure} onBack={onClose} /> : null;
  const { image, history } = entry;

  const guard = (action: () => Promise<unknown>) => (): void => {
    setFailure(null);
    action().then(reload, setFailure);
  };

  const open = guard(async () => {
    if (image.link === 'handle' && image.handle && !(await ensurePermission(image.handle, 'read'))) {
      throw new ImagewrightError(ErrorCode.PERMISSION_DENIED, { path: image.fileName });
    }
    onOpenFile(await entryFile(entry));
  });
  const verify = guard(async () => {
    // A refused or failed prompt is not fatal here: the engine then records the verification as failed, with why.
    if (image.link === 'handle' && image.handle) await ensurePermission(image.handle, 'read').catch(() => false);
    await job.run(image.name, (onProgress, signal) => client.catalogVerify(id, onProgress, signal));
  });
  const relink = guard(async () => {
    const [handle] = await pickCatalogFiles(t('catalog.title'));
    if (handle) await job.run(handle.name, (onProgress, signal) => client.catalogRelink(id, { handle }, onProgress, signal));
  });
  const doctor = guard(async () => {
    if (image.link === 'handle' && image.handle && !(await ensurePermission(image.handle, 'read'))) {
      throw new ImagewrightError(ErrorCode.PERMISSION_DENIED, { path: image.fileName });
    }
    await client.catalogRunDoctor(id);
  });
  const remove = (): void => {
    if (!window.confirm(t('detail.removeConfirm', { name: image.name }))) return;
    client.catalogRemove(id).then(onClose, setFailure);
  };

  return (
    <section class="card catalog-detail" data-testid="catalog-detail" data-id={id}>
      <button type="button" class="button button--ghost" onClick={onClose} data-testid="detail-back">
        {t('detail.back')}
      </button>
      <h2 data-testid="detail-title">{image.name}</h2>
      <EntryEditor client={client} image={image} onSaved={reload} onError={setFailure} />
      <Facts
        rows={[
          [t('detail.file'), <code>{image.fileName}</code>, 'file'],
          [t('detail.size'), formatBytesExact(image.size, locale), 'size'],
          [t('detail.sha256'), <code data-testid="detail-sha256">{image.sha256}</code>, 'sha256'],
          [t('detail.added'), formatDateTime(image.addedAt, locale), 'added'],
          [t('detail.link'), <span data-testid="detail-link">{t(`link.${image.link}` as MessageKey)}</span>, 'link'],
        ]}
      />
      <div class="actions">
        <button type="button" class="button" onClick={open} data-testid="detail-open">{t('detail.open')}</button>
        <button type="button" class="button" onClick={verify} data-testid="detail-verify" disabled={Boolean(job.state)}>{t('detail.verify')}</button>
        <button type="button" class="button" onClick={relink} data-testid="detail-relink" disabled={Boolean(job.state)}>{t('detail.relink')}</button>
        {image.indexes.length > 0 && (
          <button type="button" class="button" onClick={doctor} data-testid="detail-doctor" disabled={Boolean(job.state)}>{t('doctor.runAll')}</button>
        )}
        <button type="button" class="button button--ghost" onClick={remove} data-testid="detail-remove">{t('detail.remove')}</button>
      </div>
      {job.state && <JobProgress state={job.state} onCancel={job.cancel} />}
      {job.error !== null && <ErrorPanel error={job.error} onBack={job.clearError} />}
      {failure !== null && <ErrorPanel error={failure} onBack={() => setFailure(null)} />}
      <DistributePanel client={client} image={image} onDone={reload} getFiles={async () => [await entryFile(entry)]} />
      {image.indexes.length > 0 && (
        <WritePanel client={client} fileName={image.fileName} imageCount={image.indexes.length} getFiles={async () => [await entryFile(entry)]} catalogId={id} onDone={() => void reload()} />
      )}
      <IndexList indexes={image.indexes} />
      <EntryHistory events={history} />
    </section>
  );
}
