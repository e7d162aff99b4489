// Builds public/samples/sample.wim, the image the app opens with one click, from samples/windows-tree/:
// a tiny tree shaped like a generalized Windows 11 install (State.ini, Sysprep tag and Panther logs, an answer
// file, driver packages, servicing packages, a leftover user profile) plus small PE files with version
// resources. Three editions share almost all their data, so the WIM shows single-instance storage at work.
// Needs wimlib-imagex (Debian: wimtools); the result is committed so `npm start` needs no tools.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildPeFile } from './sample/pe-file.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const tree = join(root, 'samples', 'windows-tree');
const output = join(root, 'public', 'samples', 'sample.wim');

const BUILD = { major: 10, minor: 0, build: 22631, spBuild: 4460 };
const version = `${BUILD.major}.${BUILD.minor}.${BUILD.build}.${BUILD.spBuild}`;
const MS = { company: 'Microsoft Corporation', product: 'Microsoft® Windows® Operating System',
  copyright: '© Microsoft Corporation. All rights reserved.', fileVersion: version };

const PE_FILES = [
  ['Windows/System32/kernel32.dll', { kind: 'dll', description: 'Windows NT BASE API Client DLL', ...MS }],
  ['Windows/System32/ntdll.dll', { kind: 'dll', description: 'NT Layer DLL', ...MS }],
  ['Windows/System32/Sysprep/sysprep.exe', { kind: 'exe', description: 'System Preparation Tool', ...MS }],
  ['Windows/System32/drivers/stornvme.sys', { kind: 'sys', description: 'Microsoft NVM Express Storport Miniport Driver', ...MS }],
  ['Windows/notepad.exe', { kind: 'exe', description: 'Notepad', ...MS }],
  ['Program Files/Contoso Tools/contoso.exe', { kind: 'exe', description: 'Contoso Tools', company: 'Contoso Ltd.',
    product: 'Contoso Tools', copyright: '© Contoso Ltd.', fileVersion: '4.2.0.17' }],
];

const EDITIONS = [
  { edition: 'Professional', name: 'Windows 11 Pro (sample)', display: 'Windows 11 Pro' },
  { edition: 'Enterprise', name: 'Windows 11 Enterprise (sample)', display: 'Windows 11 Enterprise' },
  { edition: 'Education', name: 'Windows 11 Education (sample)', display: 'Windows 11 Éducation' },
];

function stage(dir, edition) {
  cpSync(tree, dir, { recursive: true });
  for (const [path, info] of PE_FILES) {
    const name = path.split('/').pop();
    mkdirSync(join(dir, dirname(path)), { recursive: true });
    writeFileSync(join(dir, path), buildPeFile({ ...info, name }));
  }
  // What differs between editions: the SKU licence token, as in real media.
  const skuDir = join(dir, 'Windows/System32/spp/tokens/skus', edition);
  mkdirSync(skuDir, { recursive: true });
  writeFileSync(join(skuDir, `${edition}-ul-oem.xrm-ms`), `<?xml version="1.0"?><licenseGroup sku="${edition}"/>\r\n`);
}

function imageProperties(e) {
  const props = {
    'WINDOWS/ARCH': '9', 'WINDOWS/PRODUCTNAME': 'Microsoft® Windows® Operating System',
    'WINDOWS/EDITIONID': e.edition, 'WINDOWS/INSTALLATIONTYPE': 'Client', 'WINDOWS/PRODUCTTYPE': 'WinNT',
    'WINDOWS/PRODUCTSUITE': 'Terminal Server', 'WINDOWS/HAL': 'acpiapic', 'WINDOWS/SYSTEMROOT': 'WINDOWS',
    'WINDOWS/LANGUAGES/LANGUAGE': 'fr-FR', 'WINDOWS/LANGUAGES/DEFAULT': 'fr-FR',
    'WINDOWS/VERSION/MAJOR': String(BUILD.major), 'WINDOWS/VERSION/MINOR': String(BUILD.minor),
    'WINDOWS/VERSION/BUILD': String(BUILD.build), 'WINDOWS/VERSION/SPBUILD': String(BUILD.spBuild),
    'WINDOWS/VERSION/SPLEVEL': '0', DISPLAYNAME: e.display,
    DISPLAYDESCRIPTION: `${e.display} — generalized reference image built for the Imagewright sample`,
  };
  return Object.entries(props).flatMap(([k, v]) => ['--image-property', `${k}=${v}`]);
}

const work = mkdtempSync(join(tmpdir(), 'imagewright-sample-'));
try {
  const temp = join(work, 'sample.wim');
  EDITIONS.forEach((e, i) => {
    const dir = join(work, e.edition);
    stage(dir, e.edition);
    const verb = i === 0 ? 'capture' : 'append';
    execFileSync('wimlib-imagex', [verb, dir, temp, e.name, `Sample ${e.display} image: generalized with Sysprep, answer file in Panther`,
      '--flags', e.edition, ...imageProperties(e), ...(i === 0 ? ['--compress=LZX', '--boot'] : [])], { stdio: ['ignore', 'ignore', 'inherit'] });
  });
  mkdirSync(dirname(output), { recursive: true });
  renameSync(temp, output); // same filesystem is not guaranteed: fall back to copy
} catch (error) {
  if (error.code === 'EXDEV') cpSync(join(work, 'sample.wim'), output);
  else throw error;
} finally {
  rmSync(work, { recursive: true, force: true });
}
console.log(`wrote ${output} (${statSync(output).size} bytes)`);
