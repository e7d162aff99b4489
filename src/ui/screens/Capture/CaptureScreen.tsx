/**
 * The capture wizard: pick a folder → name, description and codec (Microsoft's defaults preselected) → pick
 * the output file → progress with cancel → open the result in the explorer or add it to the catalog.
 */
import { useState } from 'preact/hooks';
import type { EngineClient } from '../../../client/engine-client';
import type { WriteResult } from '../../../engine/writer/writer-api';
import { canWriteFiles, pickCaptureFolder, pickSaveFile } from '../../../platform/writer-pickers';
import { ErrorPanel } from '../../components/ErrorPanel/ErrorPanel';
import { JobProgress } from '../../components/JobProgress/JobProgress';
import { extensionOf, WIM_PRESET, WriteOptions, type WriteChoice } from '../../components/WriteOptions/WriteOptions';
import { formatBytes } from '../../format';
import { useWriterJob } from '../../hooks/use-writer-job';
import { useI18n } from '../../i18n/I18nContext';

export interface CaptureScreenProps {
  client: EngineClient;
  onOpenFile(file: File): void;
}

interface Done {
  result: WriteResult;
  output: FileSystemFileHandle;
  added: boolean;
}

export default function CaptureScreen({ client, onOpenFile }: CaptureScreenProps) {
  const { t, locale } = useI18n();
  const job = useWriterJob();
  const [folder, setFolder] = useState<FileSystemDirectoryHandle | null>(null);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [bootable, setBootable] = useState(false);
  const [choice, setChoice] = useState<WriteChoice>(WIM_PRESET);
  const [done, setDone] = useState<Done | null>(null);
  const [failure, setFailure] = useState<unknown>(null);

  if (!canWriteFiles()) return <p class="card notice" data-testid="capture-unsupported">{t('capture.noWrite')}</p>;

  const pickFolder = (): void => {
    setFailure(null);
    pickCaptureFolder().then((picked) => {
      if (!picked) return;
      setFolder(picked);
      setDone(null);
      if (!name) setName(picked.name);
    }, setFailure);
  };

  const start = (): void => {
    if (!folder) return;
    setFailure(null);
    const imageName = name.trim() || folder.name;
    pickSaveFile(`${imageName}${extensionOf(choice)}`).then(async (output) => {
      if (!output) return;
      const result = await job.run(output.name, (onProgress, signal) =>
        client.captureFolder(folder, output, { ...choice, name: imageName, description: description.trim(), bootable }, onProgress, signal),
      );
      if (result) setDone({ result, output, added: false });
    }, setFailure);
  };

  const openResult = (): void => {
    if (done) done.output.getFile().then(onOpenFile, setFailure);
  };
  const addResult = (): void => {
    if (!done) return;
    client
      .catalogAdd({ handle: done.output })
      .then(async (image) => {
        setDone({ ...done, added: true });
        await client.catalogRunDoctor(image.id).catch((error: unknown) => console.warn('doctor', error));
      })
      .catch(setFailure);
  };

  return (
    <section class="card capture" data-testid="capture">
      <h2>{t('capture.title')}</h2>
      <p>{t('capture.intro')}</p>
      <div class="actions">
        <button type="button" class="button" onClick={pickFolder} disabled={Boolean(job.state)} data-testid="capture-pick">
          {t('capture.pickFolder')}
        </button>
        {folder && <span data-testid="capture-folder">{t('capture.folder', { name: folder.name })}</span>}
      </div>
      {folder && !done && (
        <form
          class="capture__form"
          onSubmit={(event) => {
            event.preventDefault();
            start();
          }}
        >
          <label>
            {t('capture.name')} <input value={name} required onInput={(e) => setName(e.currentTarget.value)} data-testid="capture-name" />
          </label>
          <label>
            {t('capture.description')} <input value={description} onInput={(e) => setDescription(e.currentTarget.value)} data-testid="capture-description" />
          </label>
          <WriteOptions value={choice} onChange={setChoice} />
          <label>
            <input type="checkbox" checked={bootable} onChange={(e) => setBootable(e.currentTarget.checked)} data-testid="capture-bootable" /> {t('capture.bootable')}
          </label>
          <div class="actions">
            <button type="submit" class="button button--primary" disabled={Boolean(job.state)} data-testid="capture-start">
              {t('capture.start')}
            </button>
          </div>
        </form>
      )}
      {job.state && <JobProgress state={job.state} onCancel={job.cancel} />}
      {job.error !== null && <ErrorPanel error={job.error} onBack={job.clearError} />}
      {failure !== null && <ErrorPanel error={failure} onBack={() => setFailure(null)} />}
      {done && (
        <div class="capture__done" data-testid="capture-done">
          <p class="notice notice--ok" role="status">
            {t('capture.done', { name: done.result.files[0] ?? '', bytes: formatBytes(done.result.bytes, locale), seconds: (done.result.milliseconds / 1000).toFixed(1) })}
          </p>
          <div class="actions">
            <button type="button" class="button button--primary" onClick={openResult} data-testid="capture-open">{t('capture.openExplorer')}</button>
            <button type="button" class="button" onClick={addResult} disabled={done.added} data-testid="capture-add">{t('capture.addCatalog')}</button>
            <button type="button" class="button button--ghost" onClick={() => (setDone(null), setFolder(null), setName(''))} data-testid="capture-again">{t('capture.again')}</button>
          </div>
          {done.added && <p role="status" data-testid="capture-added">{t('capture.added')}</p>}
        </div>
      )}
    </section>
  );
}
