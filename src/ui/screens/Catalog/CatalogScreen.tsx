/**
 * The Catalog screen, like SCCM's Operating System Images node: every catalogued image with search, tag and
 * kind filters and sorting; add, export and import; a detail view per entry. The engine is the catalog's one
 * writer: everything here goes through the EngineClient. Adding a file already catalogued (same size and
 * SHA-256) asks whether to go to the existing entry (the default) or keep a separate one.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { EngineClient } from '../../../client/engine-client';
import type { CatalogQuery } from '../../../catalog/images';
import type { CatalogImage } from '../../../catalog/schema';
import type { DuplicateChoice } from '../../../engine/catalog/catalog-api';
import { canPickHandles, CATALOG_INPUT_ACCEPT, downloadText, pickCatalogFiles } from '../../../platform/catalog-access';
import { ErrorPanel } from '../../components/ErrorPanel/ErrorPanel';
import { JobProgress } from '../../components/JobProgress/JobProgress';
import { useCatalogJob } from '../../hooks/use-catalog-job';
import { useI18n } from '../../i18n/I18nContext';
import { CatalogDetail } from './CatalogDetail';
import { CatalogFilters } from './CatalogFilters';
import { CatalogList } from './CatalogList';
import { DuplicatePrompt } from './DuplicatePrompt';
import { StorageInfo } from './StorageInfo';

export interface CatalogScreenProps {
  client: EngineClient;
  onOpenFile(file: File): void;
}

export default function CatalogScreen({ client, onOpenFile }: CatalogScreenProps) {
  const { t } = useI18n();
  const job = useCatalogJob();
  const [query, setQuery] = useState<CatalogQuery>({ sort: 'name' });
  const [images, setImages] = useState<CatalogImage[] | null>(null);
  const [tags, setTags] = useState<{ tag: string; count: number }[]>([]);
  const [selected, setSelected] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [duplicate, setDuplicate] = useState<{ fileName: string; existing: CatalogImage; answer(choice: DuplicateChoice): void } | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const importInput = useRef<HTMLInputElement>(null);

  const refresh = useCallback(async () => {
    try {
      const [list, allTags] = await Promise.all([client.catalogList(query), client.catalogTags()]);
      setImages(list);
      setTags(allTags);
    } catch (error) {
      setFailure(error);
    }
  }, [client, query]);

  useEffect(() => void refresh(), [refresh]);

  const addSources = async (sources: { handle?: FileSystemFileHandle; file?: File }[]): Promise<void> => {
    let goTo: string | null = null;
    for (const source of sources) {
      const name = source.handle?.name ?? source.file?.name ?? '';
      const engineSource = source.handle ? { handle: source.handle } : { file: { name, blob: source.file! } };
      // The engine asks once the file is hashed; the job stays open (and cancellable) while the user decides.
      const onDuplicate = (existing: CatalogImage) =>
        new Promise<DuplicateChoice>((resolve) =>
          setDuplicate({
            fileName: name,
            existing,
            answer: (choice) => {
              setDuplicate(null);
              if (choice === 'existing') goTo = existing.id;
              resolve(choice);
            },
          }),
        );
      const added = await job.run(name, (onProgress, signal) => client.catalogAdd(engineSource, onProgress, signal, onDuplicate));
      setDuplicate(null); // a cancelled job leaves its question unanswered
      if (!added) break;
      // The doctor's verdicts are a bonus: a file it cannot examine is still catalogued.
      await client.catalogRunDoctor(added.id).catch((error: unknown) => console.warn('doctor', error));
    }
    await refresh();
    if (goTo !== null) setSelected(goTo);
  };

  const add = (): void => {
    if (!canPickHandles()) {
      fileInput.current?.click();
      return;
    }
    pickCatalogFiles(t('catalog.title')).then((handles) => addSources(handles.map((handle) => ({ handle }))), setFailure);
  };

  const exportCatalog = async (): Promise<void> => {
    const json = await job.run(t('catalog.export'), () => client.catalogExport());
    if (json) downloadText(`imagewright-catalog-${new Date().toISOString().slice(0, 10)}.json`, json);
  };

  const importCatalog = async (file: File): Promise<void> => {
    const text = await file.text();
    const result = await job.run(file.name, () => client.catalogImport(text));
    if (result) setNotice(t('catalog.imported', { added: result.added.length, skipped: result.skipped.length }));
    await refresh();
  };

  if (selected) {
    return (
      <CatalogDetail
        client={client}
        id={selected}
        onOpenFile={onOpenFile}
        onClose={() => {
          setSelected(null);
          void refresh();
        }}
      />
    );
  }

  return (
    <section class="card catalog" data-testid="catalog">
      <header class="catalog__header">
        <h2>{t('catalog.title')}</h2>
        <div class="actions">
          <button type="button" class="button button--primary" onClick={add} data-testid="catalog-add" disabled={Boolean(job.state)}>
            {t('catalog.add')}
          </button>
          <button type="button" class="button" onClick={() => void exportCatalog()} data-testid="catalog-export">
            {t('catalog.export')}
          </button>
          <button type="button" class="button" onClick={() => importInput.current?.click()} data-testid="catalog-import">
            {t('catalog.import')}
          </button>
        </div>
      </header>
      <StorageInfo />
      {notice && <p class="notice" data-testid="catalog-notice">{notice}</p>}
      {job.state && <JobProgress state={job.state} onCancel={job.cancel} />}
      {duplicate && <DuplicatePrompt fileName={duplicate.fileName} existing={duplicate.existing} onAnswer={duplicate.answer} />}
      {job.error !== null && <ErrorPanel error={job.error} onBack={job.clearError} />}
      {failure !== null && <ErrorPanel error={failure} onBack={() => setFailure(null)} />}
      <CatalogFilters query={query} tags={tags} onChange={setQuery} />
      {images && <CatalogList images={images} filtered={Boolean(query.search || query.tag || query.kind)} onSelect={setSelected} />}
      <input
        ref={fileInput}
        type="file"
        multiple
        hidden
        accept={CATALOG_INPUT_ACCEPT}
        data-testid="catalog-file-input"
        onChange={(event) => {
          const input = event.currentTarget;
          const files = input.files ? [...input.files] : [];
          input.value = '';
          void addSources(files.map((file) => ({ file })));
        }}
      />
      <input
        ref={importInput}
        type="file"
        hidden
        accept="application/json,.json"
        data-testid="catalog-import-input"
        onChange={(event) => {
          const file = event.currentTarget.files?.[0];
          event.currentTarget.value = '';
          if (file) void importCatalog(file);
        }}
      />
    </section>
  );
}
