/**
 * The image view: the image list and views on the left, the tree (or the doctor, or the file details) in the
 * centre, the selected entry's properties / preview / hex on the right, and the trainee explanations in a side
 * panel that can be toggled. All engine calls go through one ImageSession per image index.
 */
import { lazy, Suspense } from 'preact/compat';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { EngineClient } from '../../../client/engine-client';
import type { DoctorReport as Report, EntrySummary, OpenedImage } from '../../../engine/explorer/explorer-api';
import { ErrorBoundary } from '../../components/ErrorBoundary/ErrorBoundary';
import { ErrorPanel } from '../../components/ErrorPanel/ErrorPanel';
import { LearnPanel, type LearnTopic } from '../../components/LearnPanel/LearnPanel';
import { parentPath } from '../../entry-order';
import { formatBytes, formatInteger } from '../../format';
import { bindImageSession } from '../../hooks/image-session';
import { useExtraction } from '../../hooks/use-extraction';
import { useLearnPanel } from '../../hooks/use-learn-panel';
import { useI18n } from '../../i18n/I18nContext';
import { DoctorReport } from './DoctorReport';
import { EntryPanel, type EntryTab } from './EntryPanel';
import { ExtractBar } from './ExtractBar';
import { topicForScreen } from './explorer-topic';
import { ImageList, type ExplorerView } from './ImageList';
import { TreePane } from './TreePane';
import { WritePanel } from '../Write/WritePanel';
import './explorer.css';

const WimInfoScreen = lazy(() => import('../WimInfo/WimInfoScreen'));

export interface ExplorerScreenProps {
  client: EngineClient;
  opened: OpenedImage;
  /** The opened files: export and split read them again. */
  files?: File[];
  onClose(): void;
}

export default function ExplorerScreen({ client, opened, files, onClose }: ExplorerScreenProps) {
  const { locale, t } = useI18n();
  const { info } = opened;
  const [image, setImage] = useState(1);
  const [view, setView] = useState<ExplorerView>('files');
  const [folder, setFolder] = useState('/');
  const [selected, setSelected] = useState<EntrySummary | null>(null);
  const [tab, setTab] = useState<EntryTab>('props');
  const [reveal, setReveal] = useState<string | undefined>();
  const [paneError, setPaneError] = useState<unknown>(undefined);
  const [writing, setWriting] = useState(false);
  const session = useMemo(() => bindImageSession(client, opened, image), [client, opened, image]);
  const doctorReports = useRef(new Map<number, Report>());
  const extraction = useExtraction(session);
  const learn = useLearnPanel();
  const [pickedTopic, setPickedTopic] = useState<{ topic: LearnTopic; over: LearnTopic } | null>(null);
  const screenTopic = topicForScreen(view, folder, selected, tab);
  const topic = pickedTopic && pickedTopic.over === screenTopic ? pickedTopic.topic : screenTopic;

  useEffect(() => {
    setFolder('/');
    setSelected(null);
    setPaneError(undefined);
  }, [image]);

  const openPath = (path: string): void => {
    setView('files');
    setPaneError(undefined);
    setFolder(parentPath(path));
    setSelected(null);
    setTab(/\.(log|txt|ini|xml|inf)$/i.test(path) ? 'preview' : 'props');
    setReveal(path);
  };

  const summary = [info.compression, `${formatInteger(info.images.length, locale)} ${t('info.imagesSection').toLowerCase()}`, formatBytes(info.fileSize, locale)].join(' · ');

  return (
    <div class="explorer" data-testid="explorer">
      <header class="explorer__bar">
        <h1 class="explorer__file" data-testid="explorer-file">
          {info.fileName}
        </h1>
        <span class="explorer__summary">{summary}</span>
        <span class="explorer__spacer" />
        {files && (
          <button type="button" class={writing ? 'button button--small is-pressed' : 'button button--small'} aria-pressed={writing} onClick={() => setWriting(!writing)} data-testid="write-toggle">
            {t('write.toggle')}
          </button>
        )}
        <button type="button" class={learn.open ? 'button button--small is-pressed' : 'button button--small'} aria-pressed={learn.open} onClick={learn.toggle} data-testid="learn-toggle">
          {learn.open ? t('learn.hide') : t('learn.show')}
        </button>
        <button type="button" class="button button--small button--ghost" onClick={onClose} data-testid="close-image">
          {t('explorer.close')}
        </button>
      </header>
      {writing && files && (
        <WritePanel client={client} fileName={info.fileName} imageCount={info.images.length} image={image} getFiles={async () => files} />
      )}
      <div class={learn.open ? 'explorer__body has-learn' : 'explorer__body'} data-view={view}>
        <ImageList info={info} image={image} view={view} onImage={setImage} onView={setView} />
        {view === 'files' && (
          <>
            <div class="explorer__centre">
              {paneError !== undefined && <ErrorPanel error={paneError} title={t('explorer.listFailed')} onBack={() => (setPaneError(undefined), setFolder('/'))} />}
              <TreePane
                session={session}
                folder={folder}
                onFolder={setFolder}
                selected={selected}
                onSelect={setSelected}
                onOpenFile={(entry) => (setSelected(entry), setTab('preview'))}
                onError={setPaneError}
                reveal={reveal}
                onRevealed={() => setReveal(undefined)}
              />
              <ExtractBar extraction={extraction} selected={selected} folder={folder} />
            </div>
            <EntryPanel session={session} entry={selected} tab={tab} onTab={setTab} onOpenPath={openPath} />
          </>
        )}
        {view === 'doctor' && (
          <div class="explorer__centre explorer__centre--wide">
            <ErrorBoundary key={image}>
              <DoctorReport
                session={session}
                onOpenPath={openPath}
                cached={doctorReports.current.get(image)}
                onReport={(report) => doctorReports.current.set(report.image, report)}
              />
            </ErrorBoundary>
          </div>
        )}
        {view === 'details' && (
          <div class="explorer__centre explorer__centre--wide explorer__details">
            <Suspense fallback={<p class="muted">{t('explorer.loading')}</p>}>
              <WimInfoScreen info={info} onClose={onClose} />
            </Suspense>
          </div>
        )}
        {learn.open && <LearnPanel topic={topic} onTopic={(picked) => setPickedTopic({ topic: picked, over: screenTopic })} onClose={learn.toggle} />}
      </div>
    </div>
  );
}
