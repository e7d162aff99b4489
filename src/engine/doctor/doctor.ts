/**
 * runDoctor: is this image fit to deploy? Reads the image XML and a handful of well-known files and folders
 * (docs/media-and-partition.md, unattend passes and Sysprep state):
 * - Windows\Setup\State\State.ini [State] ImageState (IMAGE_STATE_GENERALIZE_RESEAL_TO_OOBE / _TO_AUDIT after
 *   sysprep /generalize; IMAGE_STATE_COMPLETE on a machine in use) and Windows\System32\Sysprep\Sysprep_succeeded.tag;
 * - Sysprep and Setup logs (Windows\System32\Sysprep\Panther, Windows\Panther, Windows\Panther\UnattendGC), error
 *   and warning lines counted as text-preview.ts classifies them;
 * - answer files and the passwords they hold (Password / AdministratorPassword / AutoLogon\Password with
 *   PlainText true or false — false is base64 of the password + element name, not encryption);
 * - user profiles left in \Users, driver packages in DriverStore\FileRepository, servicing packages (.mum → KB).
 * Finding ids and params are documented in doctor-types.ts. A check that cannot run yields 'check-failed' and the
 * others still run.
 */
import { readBlob } from '../../formats/wim/blob-reader';
import type { BlobReadContext } from '../../formats/wim/chunk-decoder';
import type { WimEntry } from '../../formats/wim/metadata';
import type { WimSet } from '../../formats/wim/wim-set';
import { throwIfAborted, isAbortError } from '../../shared/errors';
import { resolveEntry, type ExplorerImage } from '../explorer/session';
import { classifyLogLine, detectEncoding } from '../preview/text-preview';
import { findAnswerFilePasswords } from './answer-file';
import { worstSeverity, type DoctorFinding, type DoctorReport } from './doctor-types';

/** Logs bigger than this are counted over their first MAX_LOG_BYTES only (setupact.log can be huge). */
export const MAX_LOG_BYTES = 64 * 1024 * 1024;
const MAX_LINE_CHARS = 1 << 20;
const IGNORED_PROFILES = new Set(['default', 'public', 'all users', 'default user', 'defaultapppool']);
const LOG_DIRS = ['/Windows/System32/Sysprep/Panther', '/Windows/Panther', '/Windows/Panther/UnattendGC'];
const ANSWER_FILES: [string, string][] = [
  ['/Windows/Panther/unattend.xml', 'panther'],
  ['/Windows/Panther/Unattend/unattend.xml', 'panther'],
  ['/Windows/Panther/autounattend.xml', 'autounattend'],
  ['/Windows/System32/Sysprep/unattend.xml', 'sysprep'],
  ['/autounattend.xml', 'autounattend'],
  ['/unattend.xml', 'other'],
];

interface DoctorContext {
  set: WimSet;
  image: ExplorerImage;
  ctx: BlobReadContext;
  signal: AbortSignal | undefined;
}

function find(image: ExplorerImage, path: string): { entry: WimEntry; path: string } | undefined {
  try {
    return resolveEntry(image.image.metadata.root, path);
  } catch {
    return undefined;
  }
}

/** Streams a file's text line by line (first `limit` bytes), decoding by BOM / sniffing. */
export async function* readLines(c: DoctorContext, entry: WimEntry, limit = MAX_LOG_BYTES): AsyncGenerator<string> {
  if (entry.dataHash === undefined) return;
  let decoder: TextDecoder | undefined;
  let pending = '';
  let read = 0;
  for await (let piece of readBlob(c.set, entry.dataHash, c.ctx, c.signal)) {
    if (read >= limit) break;
    if (read + piece.length > limit) piece = piece.subarray(0, limit - read);
    if (!decoder) {
      const { encoding, bomLength } = detectEncoding(piece);
      decoder = new TextDecoder(encoding);
      piece = piece.subarray(bomLength);
    }
    read += piece.length;
    const lines = (pending + decoder.decode(piece, { stream: true })).split('\n');
    pending = lines.pop()!;
    for (const line of lines) yield line;
    // A "line" longer than this is binary junk: cut it rather than grow one string to the whole file.
    if (pending.length > MAX_LINE_CHARS) {
      yield pending.slice(0, MAX_LINE_CHARS);
      pending = '';
    }
  }
  pending += decoder?.decode() ?? '';
  if (pending !== '') yield pending;
}

async function readText(c: DoctorContext, entry: WimEntry, limit = 4 * 1024 * 1024): Promise<string> {
  let text = '';
  for await (const line of readLines(c, entry, limit)) text += `${line}\n`;
  return text;
}

async function checkState(c: DoctorContext, out: DoctorFinding[]): Promise<void> {
  const state = find(c.image, '/Windows/Setup/State/State.ini');
  if (!state) out.push({ id: 'image-state-unknown', severity: 'info', params: {}, paths: [] });
  else {
    const match = /^\s*ImageState\s*=\s*(\S+)/im.exec(await readText(c, state.entry));
    const imageState = match?.[1] ?? '';
    const generalized = /^IMAGE_STATE_GENERALIZE_RESEAL_TO_(OOBE|AUDIT)$/i.test(imageState);
    out.push({ id: generalized ? 'generalized' : 'not-generalized', severity: generalized ? 'ok' : 'warn', params: { imageState }, paths: [state.path] });
  }
  const tag = find(c.image, '/Windows/System32/Sysprep/Sysprep_succeeded.tag');
  if (tag) out.push({ id: 'sysprep-succeeded', severity: 'ok', params: {}, paths: [tag.path] });
}

async function checkLogs(c: DoctorContext, out: DoctorFinding[]): Promise<void> {
  for (const dirPath of LOG_DIRS) {
    const dir = find(c.image, dirPath);
    for (const child of dir?.entry.children ?? []) {
      if (child.children || !/\.log$/i.test(child.name)) continue;
      const path = `${dir!.path}/${child.name}`;
      let errors = 0;
      let warnings = 0;
      let lines = 0;
      const firstErrors: string[] = [];
      for await (const line of readLines(c, child)) {
        lines++;
        const severity = classifyLogLine(line);
        if (severity === 'error') {
          errors++;
          if (firstErrors.length < 5) firstErrors.push(`${lines}: ${line.trim().slice(0, 300)}`);
        } else if (severity === 'warning') warnings++;
      }
      out.push({ id: 'setup-log', severity: errors ? 'warn' : 'info', params: { errors, warnings, lines, firstErrors: firstErrors.join('\n') }, paths: [path] });
    }
  }
}

async function checkAnswerFiles(c: DoctorContext, out: DoctorFinding[]): Promise<void> {
  for (const [path, kind] of ANSWER_FILES) {
    const found = find(c.image, path);
    if (!found || found.entry.children) continue;
    out.push({ id: 'answer-file', severity: 'info', params: { kind }, paths: [found.path] });
    const passwords = findAnswerFilePasswords(await readText(c, found.entry));
    if (passwords.length) {
      const plain = new Set(passwords.map((p) => p.plainText));
      out.push({
        id: 'answer-file-password',
        severity: 'warn',
        params: {
          elements: [...new Set(passwords.map((p) => p.element))].join(', '),
          count: passwords.length,
          plainText: plain.size > 1 ? 'mixed' : passwords[0]!.plainText ? 'true' : 'false',
        },
        paths: [found.path],
      });
    }
  }
}

function checkFolders(c: DoctorContext, out: DoctorFinding[]): void {
  const users = find(c.image, '/Users');
  const profiles = (users?.entry.children ?? []).filter((e) => e.children && !IGNORED_PROFILES.has(e.name.toLowerCase()) && !(e.attributes & 0x400));
  if (profiles.length) {
    out.push({
      id: 'user-profiles',
      severity: 'warn',
      params: { count: profiles.length, names: profiles.map((p) => p.name).join(', ') },
      paths: profiles.map((p) => `${users!.path}/${p.name}`),
    });
  }
  const repo = find(c.image, '/Windows/System32/DriverStore/FileRepository');
  if (repo) out.push({ id: 'driver-packages', severity: 'info', params: { count: (repo.entry.children ?? []).filter((e) => e.children).length }, paths: [repo.path] });
  const packages = find(c.image, '/Windows/servicing/Packages');
  if (packages) {
    const mums = (packages.entry.children ?? []).filter((e) => !e.children && /\.mum$/i.test(e.name));
    const kbs = new Set<string>();
    for (const mum of mums) for (const m of mum.name.matchAll(/KB(\d{6,8})/gi)) kbs.add(`KB${m[1]}`);
    const sorted = [...kbs].sort((a, b) => Number(a.slice(2)) - Number(b.slice(2)));
    out.push({ id: 'servicing-packages', severity: 'info', params: { count: mums.length, kbs: sorted.join(', '), kbCount: sorted.length }, paths: [packages.path] });
  }
}

export async function runDoctor(set: WimSet, image: ExplorerImage, ctx: BlobReadContext, signal?: AbortSignal): Promise<DoctorReport> {
  const c: DoctorContext = { set, image, ctx, signal };
  const findings: DoctorFinding[] = [];
  const windows = find(image, '/Windows/System32')?.entry.children !== undefined;
  if (!windows) {
    findings.push({ id: 'not-windows', severity: 'info', params: {}, paths: [] });
    return { image: image.index, windows, worst: worstSeverity(findings), findings };
  }
  const xml = image.image.info;
  const v = xml.version;
  findings.push({
    id: 'windows-edition',
    severity: 'info',
    params: {
      edition: xml.editionId ?? xml.flags ?? '',
      productName: xml.displayName ?? xml.name ?? xml.productName ?? '',
      build: v?.major !== undefined ? `${v.major}.${v.minor ?? 0}.${v.build ?? 0}.${v.spBuild ?? 0}` : '',
      architecture: xml.architecture?.name ?? '',
      languages: xml.languages.join(', '),
      defaultLanguage: xml.defaultLanguage ?? '',
      installationType: xml.installationType ?? '',
    },
    paths: [],
  });
  const checks: [string, (c: DoctorContext, out: DoctorFinding[]) => Promise<void> | void][] = [
    ['state', checkState],
    ['logs', checkLogs],
    ['answer-files', checkAnswerFiles],
    ['folders', checkFolders],
  ];
  for (const [check, run] of checks) {
    throwIfAborted(signal);
    const out: DoctorFinding[] = [];
    try {
      await run(c, out);
      findings.push(...out);
    } catch (error) {
      if (isAbortError(error)) throw error;
      findings.push(...out, {
        id: 'check-failed',
        severity: 'error',
        params: { check, message: error instanceof Error ? error.message : String(error) },
        paths: error instanceof Error && 'path' in error && typeof error.path === 'string' ? [error.path] : [],
      });
    }
  }
  return { image: image.index, windows, worst: worstSeverity(findings), findings };
}
