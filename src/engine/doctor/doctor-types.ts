/**
 * Image doctor report: plain data the UI renders in EN/FR keyed by finding `id`. Part of the contract with the UI
 * (see engine/explorer/explorer-api.ts); ids and params are stable — add new ids, never rename.
 *
 * Finding ids, severity and params (paths are image paths, openable with readPreview / getEntryProperties):
 * - 'not-windows'            info  {}                       — no \Windows\System32 in the image (WinPE tools,
 *                                                            data images…); not an error. Other checks are skipped.
 * - 'windows-edition'        info  { edition, productName, build, architecture, languages (comma list),
 *                                    defaultLanguage, installationType } — from the image XML; missing values ''.
 * - 'generalized'            ok    { imageState }   paths [State.ini]  — ImageState is
 *                                                            IMAGE_STATE_GENERALIZE_RESEAL_TO_OOBE or _TO_AUDIT.
 * - 'not-generalized'        warn  { imageState }   paths [State.ini]  — e.g. IMAGE_STATE_COMPLETE: deploying it
 *                                                            clones SIDs / machine identity.
 * - 'image-state-unknown'    info  {}               — no Windows\Setup\State\State.ini (a fresh install.wim from
 *                                                            Microsoft media has none: it was never booted).
 * - 'sysprep-succeeded'      ok    {}               paths [tag]        — Sysprep_succeeded.tag present.
 * - 'setup-log'              warn when errors > 0 else info
 *                                  { errors, warnings, lines, firstErrors } paths [log] — one per Sysprep/Setup log
 *                                                            in Windows\System32\Sysprep\Panther or Windows\Panther
 *                                                            (setupact.log, setuperr.log, …); firstErrors: up to 5
 *                                                            "line: text" joined by "\n" ('' when none).
 * - 'answer-file'            info  { kind: 'panther' | 'sysprep' | 'autounattend' | 'other' } paths [file]
 * - 'answer-file-password'   warn  { elements (comma list, e.g. "AdministratorPassword, AutoLogon/Password"),
 *                                    count, plainText ('true' | 'false' | 'mixed') } paths [file] — base64
 *                                                            (PlainText false) is an encoding, not encryption.
 * - 'user-profiles'          warn  { count, names (comma list) } paths [each profile folder] — profiles besides
 *                                                            Default, Public, All Users, Default User.
 * - 'driver-packages'        info  { count }        paths [FileRepository] — folders in DriverStore\FileRepository.
 * - 'servicing-packages'     info  { count, kbs (comma list of "KB5005565"…), kbCount } paths [Packages]
 *                                                            — .mum files in Windows\servicing\Packages.
 * - 'check-failed'           error { check, message } paths [...] — one check could not run (a blob missing
 *                                                            from a split set, a corrupt file); the others did.
 */

export type DoctorSeverity = 'ok' | 'info' | 'warn' | 'error';

export type DoctorFindingId =
  | 'not-windows'
  | 'windows-edition'
  | 'generalized'
  | 'not-generalized'
  | 'image-state-unknown'
  | 'sysprep-succeeded'
  | 'setup-log'
  | 'answer-file'
  | 'answer-file-password'
  | 'user-profiles'
  | 'driver-packages'
  | 'servicing-packages'
  | 'check-failed';

export interface DoctorFinding {
  id: DoctorFindingId;
  severity: DoctorSeverity;
  params: Record<string, string | number>;
  paths: string[];
}

export interface DoctorReport {
  /** 1-based image index. */
  image: number;
  /** False for images without \Windows\System32. */
  windows: boolean;
  /** Worst severity among the findings. */
  worst: DoctorSeverity;
  findings: DoctorFinding[];
}

/** One-line form for the catalog: worst severity, counts per severity, ids of warn/error findings. */
export interface DoctorSummary {
  image: number;
  windows: boolean;
  worst: DoctorSeverity;
  counts: Record<DoctorSeverity, number>;
  /** Ids of findings with severity warn or error, in report order, without repeats. */
  problems: DoctorFindingId[];
  generalized?: boolean;
}

const RANK: Record<DoctorSeverity, number> = { ok: 0, info: 1, warn: 2, error: 3 };

export function worstSeverity(findings: readonly DoctorFinding[]): DoctorSeverity {
  let worst: DoctorSeverity = 'ok';
  for (const f of findings) if (RANK[f.severity] > RANK[worst]) worst = f.severity;
  return worst;
}

/** Compact summary of a report for the catalog (another branch stores it per image). */
export function summarizeDoctor(report: DoctorReport): DoctorSummary {
  const counts: Record<DoctorSeverity, number> = { ok: 0, info: 0, warn: 0, error: 0 };
  const problems: DoctorFindingId[] = [];
  for (const f of report.findings) {
    counts[f.severity]++;
    if (RANK[f.severity] >= RANK.warn && !problems.includes(f.id)) problems.push(f.id);
  }
  const summary: DoctorSummary = { image: report.image, windows: report.windows, worst: report.worst, counts, problems };
  if (report.findings.some((f) => f.id === 'generalized')) summary.generalized = true;
  else if (report.findings.some((f) => f.id === 'not-generalized')) summary.generalized = false;
  return summary;
}
