/**
 * The image doctor: one line per finding with its severity, a title in the user's language, one line on why it
 * matters, and the files it is about — each openable in place (logs open in the preview with errors marked).
 * The engine finds; the words are ours, keyed by the finding's stable id.
 */
import { useEffect } from 'preact/hooks';
import type { DoctorFinding, DoctorReport as Report } from '../../../engine/doctor/doctor-types';
import { ErrorPanel } from '../../components/ErrorPanel/ErrorPanel';
import type { ImageSession } from '../../hooks/image-session';
import { useAsync } from '../../hooks/use-async';
import { useI18n } from '../../i18n/I18nContext';
import type { MessageParams } from '../../i18n/translate';

const RANK: Record<DoctorFinding['severity'], number> = { error: 0, warn: 1, info: 2, ok: 3 };

/** Problems first: errors, then warnings, then facts; the engine's order within each severity. */
function byUrgency(findings: readonly DoctorFinding[]): DoctorFinding[] {
  return [...findings].sort((a, b) => RANK[a.severity] - RANK[b.severity]);
}

function titleParams(finding: DoctorFinding): MessageParams {
  if (finding.id !== 'windows-edition') return finding.params;
  const p = finding.params;
  const summary = [p.productName, p.edition, p.build ? `build ${p.build}` : '', p.architecture, p.languages]
    .map((v) => String(v ?? '').trim())
    .filter((v) => v !== '')
    .join(' · ');
  return { ...p, summary: summary || '—' };
}

function Finding({ finding, onOpenPath }: { finding: DoctorFinding; onOpenPath(path: string): void }) {
  const { t } = useI18n();
  const detail =
    finding.id === 'setup-log'
      ? String(finding.params.firstErrors ?? '')
      : finding.id === 'servicing-packages'
        ? String(finding.params.kbs ?? '')
        : finding.id === 'check-failed'
          ? String(finding.params.message ?? '')
          : '';
  return (
    <li class={`finding finding--${finding.severity}`} data-testid="finding" data-id={finding.id} data-severity={finding.severity}>
      <span class={`severity severity--${finding.severity}`}>{t(`doctor.severity.${finding.severity}`)}</span>
      <div class="finding__body">
        <h3 class="finding__title" data-testid="finding-title">
          {t(`doctor.${finding.id}.title`, titleParams(finding))}
        </h3>
        <p class="finding__why" data-testid="finding-why">
          {t(`doctor.${finding.id}.why`)}
        </p>
        {detail && <pre class="finding__detail mono">{detail}</pre>}
        {finding.paths.length > 0 && (
          <ul class="finding__paths">
            {finding.paths.map((path) => (
              <li key={path}>
                <button type="button" class="link-button mono" data-testid="finding-path" data-path={path} onClick={() => onOpenPath(path)}>
                  {path}
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
    </li>
  );
}

export interface DoctorReportProps {
  session: ImageSession;
  onOpenPath(path: string): void;
  /** The report already made for this image in this session (the doctor is not rerun on each visit). */
  cached?: Report;
  onReport(report: Report): void;
}

export function DoctorReport({ session, onOpenPath, cached, onReport }: DoctorReportProps) {
  const { t } = useI18n();
  const fresh = useAsync<Report>(cached ? null : (signal) => session.doctor(signal), [session, cached]);
  useEffect(() => {
    if (fresh.status === 'done') onReport(fresh.value);
  }, [fresh]);
  const report: typeof fresh = cached ? { status: 'done', value: cached } : fresh;
  return (
    <section class="doctor" data-testid="doctor" aria-busy={report.status === 'loading'}>
      <h2 class="pane-title">{t('doctor.title', { index: session.image })}</h2>
      {report.status === 'loading' && <p class="muted">{t('doctor.run')}</p>}
      {report.status === 'failed' && <ErrorPanel error={report.error} title={t('doctor.failed')} />}
      {report.status === 'done' && (
        <>
          {!report.value.windows && (
            <p class="notice-line" data-testid="not-windows">
              {t('doctor.notWindows')}
            </p>
          )}
          <p class="doctor__counts" data-testid="doctor-counts">
            {(['error', 'warn', 'info', 'ok'] as const)
              .map((severity) => [severity, report.value.findings.filter((f) => f.severity === severity).length] as const)
              .filter(([, count]) => count > 0)
              .map(([severity, count]) => (
                <span key={severity} class={`severity severity--${severity}`}>
                  {t(`doctor.severity.${severity}`)} {count}
                </span>
              ))}
          </p>
          <ol class="findings" data-testid="findings" data-worst={report.value.worst}>
            {byUrgency(report.value.findings).map((finding, i) => (
              <Finding key={`${finding.id}-${i}`} finding={finding} onOpenPath={onOpenPath} />
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
