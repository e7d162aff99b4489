/**
 * The app frame: top bar with the language switch, notices, and the current screen (home, busy, image facts,
 * error). Files arrive from the picker, a drop anywhere on the page, the OS "Open with" (launchQueue) or the
 * e2e test hook; all go through one ImageOpener so only one job runs at a time.
 */
import { lazy, Suspense } from 'preact/compat';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { EngineClient } from '../../client/engine-client';
import { disableStreamTransfer, lastDownloadTransport, type DownloadTransport } from '../../client/stream-download';
import { listenForFileDrops } from '../../platform/drag-drop';
import { consumeLaunchedFiles } from '../../platform/launch-queue';
import { fetchSampleImage } from '../../platform/sample-image';
import type { ServiceWorkerEvents } from '../../platform/service-worker';
import { Banner } from '../components/Banner/Banner';
import { Busy } from '../components/Busy/Busy';
import { ErrorBoundary } from '../components/ErrorBoundary/ErrorBoundary';
import { ErrorPanel } from '../components/ErrorPanel/ErrorPanel';
import { LocaleToggle } from '../components/LocaleToggle/LocaleToggle';
import { useImageOpener } from '../hooks/use-image-opener';
import { I18nProvider, useI18n } from '../i18n/I18nContext';
import { Home } from '../screens/Home/Home';
import { MissingParts, missingPartNames } from '../screens/Home/MissingParts';
import { armOpfsFolderForNextPick } from '../../platform/folder-picker';

// The explorer and the catalog are the heaviest parts of the UI and not needed for first paint.
const ExplorerScreen = lazy(() => import('../screens/Explorer/ExplorerScreen'));
const CatalogScreen = lazy(() => import('../screens/Catalog/CatalogScreen'));
const CaptureScreen = lazy(() => import('../screens/Capture/CaptureScreen'));

export interface AppProps {
  /** Registers the service worker; main.tsx passes the real one, tests and dev may pass nothing. */
  registerServiceWorker?: (events: ServiceWorkerEvents) => void;
}

declare global {
  interface Window {
    /**
     * Test hooks for the e2e suite: open files without a picker, make the next "pick a folder" answer with
     * an OPFS directory (pickers cannot be clicked in headless Chromium), and take the MessagePort transport of
     * streamed downloads as browsers without transferable streams do.
     */
    __imagewright?: {
      openFiles(files: File[]): Promise<void>;
      useOpfsForNextFolderPick(name: string, keep?: boolean): void;
      disableStreamTransfer(disabled: boolean): void;
      lastDownloadTransport(): DownloadTransport | undefined;
    };
  }
}

function Shell({ registerServiceWorker }: AppProps) {
  const { t } = useI18n();
  const client = useMemo(() => new EngineClient(), []);
  const opener = useImageOpener(client);
  const [dragActive, setDragActive] = useState(false);
  const [applyUpdate, setApplyUpdate] = useState<(() => void) | null>(null);
  const [offlineReady, setOfflineReady] = useState(false);
  const [showCatalog, setShowCatalog] = useState(false);
  const [showCapture, setShowCapture] = useState(false);
  const { state, openFiles, openFrom, cancel, reset } = opener;
  const missing = state.kind === 'failed' ? missingPartNames(state.error) : undefined;

  useEffect(() => {
    document.title = t('app.name');
  }, [t]);

  // "Available offline" is good news, not a task: it goes away by itself.
  useEffect(() => {
    if (!offlineReady) return;
    const timer = setTimeout(() => setOfflineReady(false), 8000);
    return () => clearTimeout(timer);
  }, [offlineReady]);

  useEffect(() => {
    const stopDrops = listenForFileDrops(window, { onFiles: (files) => void openFiles(files), onDragStateChange: setDragActive });
    consumeLaunchedFiles((files) => void openFiles(files), (error) => console.error('launchQueue', error));
    window.__imagewright = { openFiles, useOpfsForNextFolderPick: armOpfsFolderForNextPick, disableStreamTransfer, lastDownloadTransport };
    return () => {
      stopDrops();
      delete window.__imagewright;
    };
  }, [openFiles]);

  useEffect(() => {
    registerServiceWorker?.({
      onUpdateReady: (apply) => setApplyUpdate(() => apply),
      onOfflineReady: () => setOfflineReady(true),
    });
  }, [registerServiceWorker]);

  useEffect(() => () => client.dispose(), [client]);

  const goHome = (event: MouseEvent): void => {
    event.preventDefault();
    setShowCatalog(false);
    setShowCapture(false);
    reset();
  };

  const openSample = (): void => {
    void openFrom('sample.wim', async (signal) => [await fetchSampleImage(signal)]);
  };

  return (
    <div class="app">
      <header class="topbar">
        <a class="brand" href={import.meta.env.BASE_URL} onClick={goHome}>
          <img class="brand__logo" src={`${import.meta.env.BASE_URL}icons/icon.svg`} alt="" width="32" height="32" />
          <span class="brand__name">{t('app.name')}</span>
        </a>
        <p class="topbar__tagline">{t('app.tagline')}</p>
        <button type="button" class="button button--ghost topbar__nav" data-testid="nav-capture" aria-pressed={showCapture} onClick={() => (setShowCapture(!showCapture), setShowCatalog(false))}>
          {showCapture ? t('nav.open') : t('nav.capture')}
        </button>
        <button type="button" class="button button--ghost topbar__nav" data-testid="nav-catalog" aria-pressed={showCatalog} onClick={() => (setShowCatalog(!showCatalog), setShowCapture(false))}>
          {showCatalog ? t('nav.open') : t('nav.catalog')}
        </button>
        <LocaleToggle />
      </header>

      {applyUpdate && (
        <Banner
          testId="update-banner"
          actions={[
            { label: t('update.apply'), onClick: applyUpdate, primary: true },
            { label: t('update.later'), onClick: () => setApplyUpdate(null) },
          ]}
        >
          {t('update.ready')}
        </Banner>
      )}
      {offlineReady && (
        <Banner testId="offline-banner" actions={[{ label: t('notice.dismiss'), onClick: () => setOfflineReady(false) }]}>
          {t('offline.ready')}
        </Banner>
      )}

      <main class={state.kind === 'done' ? 'content content--wide' : 'content'}>
        <ErrorBoundary onReset={reset}>
          {showCapture && !showCatalog && (
            <Suspense fallback={null}>
              <CaptureScreen
                client={client}
                onOpenFile={(file) => {
                  setShowCapture(false);
                  void openFiles([file]);
                }}
              />
            </Suspense>
          )}
          {showCatalog && (
            <Suspense fallback={null}>
              <CatalogScreen
                client={client}
                onOpenFile={(file) => {
                  setShowCatalog(false);
                  void openFiles([file]);
                }}
              />
            </Suspense>
          )}
          {!showCatalog && !showCapture && state.kind === 'idle' && (
            <Home dragActive={dragActive} onFiles={(files) => void openFiles(files)} onOpenSample={openSample} onError={console.error} />
          )}
          {!showCatalog && !showCapture && state.kind === 'busy' && <Busy label={state.label} step={state.step} onCancel={cancel} />}
          {!showCatalog && !showCapture && state.kind === 'failed' && <ErrorPanel error={state.error} onBack={reset} />}
          {!showCatalog && !showCapture && state.kind === 'failed' && missing && (
            <MissingParts names={missing} onAdd={(more) => void openFiles([...state.files, ...more])} />
          )}
          {!showCatalog && !showCapture && state.kind === 'done' && (
            <Suspense fallback={<Busy label={state.opened.info.fileName} onCancel={reset} />}>
              <ExplorerScreen client={client} opened={state.opened} files={state.files} onClose={reset} />
            </Suspense>
          )}
        </ErrorBoundary>
      </main>

      <footer class="footer">{t('app.footer')}</footer>
    </div>
  );
}

export function App(props: AppProps) {
  return (
    <I18nProvider>
      <ErrorBoundary>
        <Shell {...props} />
      </ErrorBoundary>
    </I18nProvider>
  );
}
