/**
 * Export and split of an image file that is open (explorer) or in the catalog: "Export to WIM/ESD" writes the
 * chosen image (or all) into a new file with the chosen codec; "Split for FAT32" writes NAME.swm, NAME2.swm… of
 * at most the part size (4095 MiB by default; admins and tests may ask for less) into a chosen folder. When the
 * file is a catalog entry, the engine records the outcome in its history.
 */
import { useState } from 'preact/hooks';
import type { EngineClient } from '../../../client/engine-client';
import { pickPartsFolder, pickSaveFile } from '../../../platform/writer-pickers';
import { FAT32_PART_SIZE_MIB } from '../../../shared/write-defaults';
import { ErrorPanel } from '../../components/ErrorPanel/ErrorPanel';
import { JobProgress } from '../../components/JobProgress/JobProgress';
import { extensionOf, WIM_PRESET, WriteOptions, type WriteChoice } from '../../components/WriteOptions/WriteOptions';
import { formatBytes } from '../../format';
import { useWriterJob } from '../../hooks/use-writer-job';
import { useI18n } from '../../i18n/I18nContext';

export interface WritePanelProps {
  client: EngineClient;
  /** Name of the source file, for the suggested output names. */
  fileName: string;
  imageCount: number;
  /** The image shown now (preselected for export). */
  image?: number;
  /** The source files; called in the click handler (a stored handle may need a permission prompt). */
  getFiles(): Promise<File[]>;
  catalogId?: string;
  onDone?(): void;
}

const MIB = 1024 * 1024;

export function stemOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot > 0 ? fileName.slice(0, dot) : fileName;
}

export function WritePanel({ client, fileName, imageCount, image = 1, getFiles, catalogId, onDone }: WritePanelProps) {
  const { t, locale } = useI18n();
  const job = useWriterJob();
  const [choice, setChoice] = useState<WriteChoice>(WIM_PRESET);
  const [exportIndex, setExportIndex] = useState(imageCount > 1 ? image : 0);
  const [partMib, setPartMib] = useState(String(FAT32_PART_SIZE_MIB));
  const [message, setMessage] = useState<string | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const stem = stemOf(fileName);
  const extra = catalogId ? { catalogId } : {};

  const exportImage = (): void => {
    setFailure(null);
    setMessage(null);
    Promise.all([getFiles(), pickSaveFile(`${stem}-export${extensionOf(choice)}`)]).then(async ([files, output]) => {
      if (!output) return;
      const result = await job.run(output.name, (onProgress, signal) => client.exportImage(files, exportIndex, output, { ...choice, ...extra }, onProgress, signal));
      if (result) setMessage(t('write.exported', { name: output.name, bytes: formatBytes(result.bytes, locale) }));
      onDone?.();
    }, setFailure);
  };

  const split = (): void => {
    setFailure(null);
    setMessage(null);
    const mib = Number(partMib);
    Promise.all([getFiles(), pickPartsFolder()]).then(async ([files, folder]) => {
      if (!folder) return;
      const result = await job.run(`${stem}.swm`, (onProgress, signal) =>
        client.splitImage(files, folder, `${stem}.swm`, Math.floor(mib * MIB), extra, onProgress, signal),
      );
      if (result) {
        const lines = [t('write.splitDone', { count: result.files.length, names: result.files.join(', ') })];
        if (result.oversized) lines.push(t('write.oversized', { count: result.oversized }));
        setMessage(lines.join(' '));
      }
      onDone?.();
    }, setFailure);
  };

  return (
    <section class="card write-panel" data-testid="write-panel">
      <h3>{t('write.exportTitle')}</h3>
      <WriteOptions value={choice} onChange={setChoice} />
      <div class="actions">
        {imageCount > 1 && (
          <label>
            {t('write.exportImage')}{' '}
            <select value={String(exportIndex)} onChange={(e) => setExportIndex(Number(e.currentTarget.value))} data-testid="write-export-index">
              <option value="0">{t('write.allImages')}</option>
              {Array.from({ length: imageCount }, (_, i) => (
                <option key={i} value={String(i + 1)}>{i + 1}</option>
              ))}
            </select>
          </label>
        )}
        <button type="button" class="button button--primary" onClick={exportImage} disabled={Boolean(job.state)} data-testid="write-export">
          {t('write.exportStart')}
        </button>
      </div>
      <h3>{t('write.splitTitle')}</h3>
      <p>{t('write.splitHint', { base: `${stem}.swm`, second: `${stem}2.swm` })}</p>
      <div class="actions">
        <label>
          {t('write.partSize')}{' '}
          <input type="number" min="1" max={String(FAT32_PART_SIZE_MIB)} step="any" value={partMib} onInput={(e) => setPartMib(e.currentTarget.value)} data-testid="write-part-size" />
        </label>
        <button type="button" class="button" onClick={split} disabled={Boolean(job.state) || !(Number(partMib) > 0)} data-testid="write-split">
          {t('write.splitStart')}
        </button>
      </div>
      {job.state && <JobProgress state={job.state} onCancel={job.cancel} />}
      {message && <p class="notice notice--ok" role="status" data-testid="write-result">{message}</p>}
      {job.error !== null && <ErrorPanel error={job.error} onBack={job.clearError} />}
      {failure !== null && <ErrorPanel error={failure} onBack={() => setFailure(null)} />}
    </section>
  );
}
