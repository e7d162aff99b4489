// The image doctor on WIMs wimlib-imagex captures from the sample Windows tree (and a non-Windows tree).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findAnswerFilePasswords } from '../../../../src/engine/doctor/answer-file';
import { summarizeDoctor, type DoctorFinding, type DoctorReport } from '../../../../src/engine/doctor/doctor-types';
import type { ExplorerApi } from '../../../../src/engine/explorer/explorer-api';
import { captureWim, engineFile, nodeExplorer, stageSampleTree, tempDir } from '../explorer/explorer-fixtures';

let dir: string;
let api: ExplorerApi;
let report: DoctorReport;
let plain: DoctorReport;

const PROPS = ['WINDOWS/ARCH=9', 'WINDOWS/EDITIONID=Professional', 'WINDOWS/LANGUAGES/LANGUAGE=fr-FR', 'WINDOWS/LANGUAGES/DEFAULT=fr-FR',
  'WINDOWS/VERSION/MAJOR=10', 'WINDOWS/VERSION/MINOR=0', 'WINDOWS/VERSION/BUILD=22631', 'WINDOWS/VERSION/SPBUILD=4460', 'DISPLAYNAME=Windows 11 Pro'];

beforeAll(async () => {
  dir = tempDir('doctor');
  const tree = stageSampleTree(dir);
  const wim = captureWim(tree, dir, 'install.wim', '--compress=XPRESS', ...PROPS.flatMap((p) => ['--image-property', p]));
  const data = join(dir, 'data');
  mkdirSync(join(data, 'Tools'), { recursive: true });
  writeFileSync(join(data, 'Tools', 'readme.txt'), 'not windows');
  const dataWim = captureWim(data, dir, 'data.wim');
  api = nodeExplorer();
  const a = await api.openImage([await engineFile(wim)]);
  report = await api.runDoctor(a.sessionId, 1);
  const b = await api.openImage([await engineFile(dataWim)]);
  plain = await api.runDoctor(b.sessionId, 1);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const byId = (id: string): DoctorFinding[] => report.findings.filter((f) => f.id === id);

describe('runDoctor', () => {
  it('reports edition, build, architecture and languages from the XML', () => {
    expect(byId('windows-edition')[0]!.params).toMatchObject({ edition: 'Professional', build: '10.0.22631.4460', architecture: 'x64', languages: 'fr-FR', productName: 'Windows 11 Pro' });
  });

  it('sees a generalized image: State.ini ImageState and the Sysprep tag', () => {
    expect(byId('generalized')).toEqual([
      { id: 'generalized', severity: 'ok', params: { imageState: 'IMAGE_STATE_GENERALIZE_RESEAL_TO_OOBE' }, paths: ['/Windows/Setup/State/State.ini'] },
    ]);
    expect(byId('sysprep-succeeded')[0]!.paths).toEqual(['/Windows/System32/Sysprep/Sysprep_succeeded.tag']);
  });

  it('counts error lines of every Sysprep and Setup log, with their paths', () => {
    const logs = Object.fromEntries(byId('setup-log').map((f) => [f.paths[0], f]));
    expect(Object.keys(logs).sort()).toEqual([
      '/Windows/Panther/setupact.log',
      '/Windows/Panther/setuperr.log',
      '/Windows/System32/Sysprep/Panther/setupact.log',
      '/Windows/System32/Sysprep/Panther/setuperr.log',
    ]);
    expect(logs['/Windows/Panther/setuperr.log']).toMatchObject({ severity: 'warn', params: { errors: 2, lines: 2 } });
    expect(String(logs['/Windows/Panther/setuperr.log']!.params.firstErrors)).toMatch(/^1: .*netcontoso\.inf/);
    expect(logs['/Windows/System32/Sysprep/Panther/setuperr.log']).toMatchObject({ severity: 'info', params: { errors: 0, lines: 0 } });
  });

  it('warns about the base64 password in the Panther answer file', () => {
    expect(byId('answer-file')).toEqual([{ id: 'answer-file', severity: 'info', params: { kind: 'panther' }, paths: ['/Windows/Panther/unattend.xml'] }]);
    expect(byId('answer-file-password')[0]).toMatchObject({ severity: 'warn', params: { elements: 'LocalAccount/Password', count: 1, plainText: 'false' } });
  });

  it('lists leftover profiles, driver packages and servicing KBs', () => {
    expect(byId('user-profiles')[0]).toMatchObject({ severity: 'warn', params: { count: 1, names: 'tech01' }, paths: ['/Users/tech01'] });
    expect(byId('driver-packages')[0]!.params).toEqual({ count: 2 });
    expect(byId('servicing-packages')[0]!.params).toEqual({ count: 3, kbs: 'KB5031455', kbCount: 1 });
    expect(report.worst).toBe('warn');
  });

  it('reports a non-Windows image as such, not as an error', () => {
    expect(plain).toEqual({ image: 1, windows: false, worst: 'info', findings: [{ id: 'not-windows', severity: 'info', params: {}, paths: [] }] });
  });

  it('summarizes a report for the catalog', () => {
    const summary = summarizeDoctor(report);
    expect(summary).toMatchObject({ image: 1, windows: true, worst: 'warn', generalized: true });
    expect(summary.problems).toEqual(['setup-log', 'answer-file-password', 'user-profiles']);
    expect(summary.counts.warn).toBe(byId('setup-log').filter((f) => f.severity === 'warn').length + 2);
  });
});

describe('findAnswerFilePasswords', () => {
  it('finds AdministratorPassword and AutoLogon passwords with their PlainText, ignoring comments and empty values', () => {
    const xml = `<unattend><settings pass="oobeSystem"><component>
      <UserAccounts><AdministratorPassword><Value>UABhAHMAcwA=</Value><PlainText>false</PlainText></AdministratorPassword></UserAccounts>
      <AutoLogon><Password><Value>hunter2</Value><PlainText>true</PlainText></Password><Enabled>true</Enabled></AutoLogon>
      <!-- <Password><Value>commented</Value></Password> -->
      <LocalAccount><Password><Value></Value></Password></LocalAccount>
      <Credentials><Domain>corp</Domain><Password>plain</Password></Credentials>
    </component></settings></unattend>`;
    expect(findAnswerFilePasswords(xml)).toEqual([
      { element: 'AdministratorPassword', plainText: false },
      { element: 'AutoLogon/Password', plainText: true },
      { element: 'Credentials/Password', plainText: true },
    ]);
  });
});
