// The Explorer engine against WIMs wimlib-imagex captures from the sample Windows tree during the run.
import { execFileSync } from 'node:child_process';
import { linkSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EntrySummary, ExplorerApi, OpenedImage, TextPreview } from '../../../../src/engine/explorer/explorer-api';
import { ErrorCode, ImagewrightError } from '../../../../src/shared/errors';
import { captureWim, engineFile, nodeExplorer, PNG, stageSampleTree, tempDir } from './explorer-fixtures';

let dir: string;
let tree: string;
let api: ExplorerApi;
let opened: OpenedImage;

beforeAll(async () => {
  dir = tempDir('explorer');
  tree = stageSampleTree(dir);
  linkSync(join(tree, 'Windows/win.ini'), join(tree, 'Windows/win-link.ini'));
  symlinkSync('win.ini', join(tree, 'Windows/win-sym'));
  symlinkSync(join(tree, 'Users/Public'), join(tree, 'Users/All Users'));
  const wim = captureWim(tree, dir, 'install.wim', '--compress=LZX');
  api = nodeExplorer();
  opened = await api.openImage([await engineFile(wim)]);
});

afterAll(async () => {
  await api.closeImage(opened.sessionId);
  rmSync(dir, { recursive: true, force: true });
});

describe('explorer: listing and search', () => {
  it('lists a directory in Windows collation order with kinds, sizes and link counts', async () => {
    const listing = await api.listDirectory(opened.sessionId, 1, '/windows');
    expect(listing.path).toBe('/Windows');
    const byName = new Map(listing.entries.map((e) => [e.name, e]));
    expect(byName.get('System32')).toMatchObject({ kind: 'dir', path: '/Windows/System32' });
    expect(byName.get('win.ini')).toMatchObject({ kind: 'file', linkCount: 2 });
    expect(byName.get('win-sym')).toMatchObject({ kind: 'symlink', size: 0 });
    const names = listing.entries.map((e) => e.name);
    expect(names).toEqual([...names].sort((a, b) => a.toUpperCase().localeCompare(b.toUpperCase(), 'en')));
  });

  it('finds entries by wildcard and substring, in batches, over the whole image', async () => {
    const batches: EntrySummary[][] = [];
    const result = await api.searchEntries(opened.sessionId, 1, '*.LOG', (b) => void batches.push(b));
    const paths = batches.flat().map((e) => e.path).sort();
    expect(result).toEqual({ total: 4, truncated: false });
    expect(paths).toEqual([
      '/Windows/Panther/setupact.log',
      '/Windows/Panther/setuperr.log',
      '/Windows/System32/Sysprep/Panther/setupact.log',
      '/Windows/System32/Sysprep/Panther/setuperr.log',
    ]);
    const limited = await api.searchEntries(opened.sessionId, 1, 'setup', () => undefined, { limit: 2 });
    expect(limited).toEqual({ total: 2, truncated: true });
  });

  it('fails with SESSION_NOT_FOUND and PATH_NOT_FOUND on stale ids and paths', async () => {
    await expect(api.listDirectory('nope', 1, '/')).rejects.toMatchObject({ code: ErrorCode.SESSION_NOT_FOUND });
    await expect(api.listDirectory(opened.sessionId, 1, '/No/Such')).rejects.toMatchObject({ code: ErrorCode.PATH_NOT_FOUND });
    await expect(api.listDirectory(opened.sessionId, 9, '/')).rejects.toMatchObject({ code: ErrorCode.IMAGE_NOT_FOUND });
  });
});

describe('explorer: properties', () => {
  it('gives attributes, times, SHA-1, every hard-link path and the symlink target', async () => {
    const props = await api.getEntryProperties(opened.sessionId, 1, '/Windows/win.ini');
    expect(props.hardLinks.sort()).toEqual(['/Windows/win-link.ini', '/Windows/win.ini']);
    expect(props.sha1).toMatch(/^[0-9a-f]{40}$/);
    expect(props.streams[0]).toMatchObject({ name: '', sha1: props.sha1, missing: false });
    expect(props.lastWriteTimeIso).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/);
    expect(props.attributeNames).toContain('NORMAL');
    const link = await api.getEntryProperties(opened.sessionId, 1, '/Windows/win-sym');
    expect(link.reparse).toMatchObject({ tagName: 'SYMLINK', relative: true, target: 'win.ini' });
    const fixed = await api.getEntryProperties(opened.sessionId, 1, '/Users/All Users');
    // wimlib's RP_FIX stored the absolute in-tree link image-rooted.
    expect(fixed.reparse).toMatchObject({ fixed: true, target: '/Users/Public' });
  });
});

describe('explorer: file stream', () => {
  it('streams a whole file for a direct download, byte for byte', async () => {
    const stream = await api.createFileStream(opened.sessionId, 1, '/windows/system32/KERNEL32.DLL');
    const bytes = Buffer.from(await new Response(stream).arrayBuffer());
    expect(bytes.equals(readFileSync(join(tree, 'Windows/System32/kernel32.dll')))).toBe(true);
    const empty = await api.createFileStream(opened.sessionId, 1, '/Windows/System32/Sysprep/Panther/setuperr.log');
    expect((await new Response(empty).arrayBuffer()).byteLength).toBe(0);
  });
});

describe('explorer: preview and bytes', () => {
  it('previews a Panther log as UTF-8 text with its error and warning lines marked', async () => {
    const preview = (await api.readPreview(opened.sessionId, 1, '/Windows/Panther/setuperr.log')) as TextPreview;
    expect(preview).toMatchObject({ kind: 'text', format: 'log', encoding: 'utf-8' });
    expect(preview.markedLines.filter((m) => m.severity === 'error').map((m) => m.line)).toEqual([1, 2]);
    const act = (await api.readPreview(opened.sessionId, 1, '/Windows/Panther/setupact.log')) as TextPreview;
    const lines = act.text.split('\n');
    for (const mark of act.markedLines) expect(lines[mark.line - 1]).toMatch(/Warning|Error|fail/i);
    expect(act.markedLines.some((m) => lines[m.line - 1]!.includes('Could not find a matching driver'))).toBe(true);
  });

  it('decodes UTF-16 LE by its BOM and guesses INI', async () => {
    const preview = (await api.readPreview(opened.sessionId, 1, '/Windows/utf16.ini')) as TextPreview;
    expect(preview).toMatchObject({ kind: 'text', encoding: 'utf-16le', encodingSource: 'bom', format: 'ini' });
    expect(preview.text).toBe('[Section]\r\nKey=Valeur é\r\n');
  });

  it('returns PNG bytes with their MIME type and PE files as binary with their version resource', async () => {
    const png = await api.readPreview(opened.sessionId, 1, '/Windows/Web/red.png');
    expect(png).toMatchObject({ kind: 'image', mime: 'image/png', size: PNG.length });
    expect(png.kind === 'image' && Buffer.from(png.bytes).equals(Buffer.from(PNG))).toBe(true);
    const dll = await api.readPreview(opened.sessionId, 1, '/Windows/System32/kernel32.dll');
    expect(dll).toMatchObject({ kind: 'binary', detected: 'PE executable', pe: { machine: { name: 'x64' }, fileVersion: '10.0.22631.4460' } });
  });

  it('reads any byte range of a file, clipped at its end, and refuses ranges over 1 MiB', async () => {
    const whole = (await api.readPreview(opened.sessionId, 1, '/Windows/win.ini')) as TextPreview;
    const bytes = await api.readBytes(opened.sessionId, 1, '/Windows/win.ini', 2, 5);
    expect(new TextDecoder().decode(bytes)).toBe(whole.text.slice(2, 7));
    const tail = await api.readBytes(opened.sessionId, 1, '/Windows/win.ini', whole.size - 3, 100);
    expect(tail.length).toBe(3);
    await expect(api.readBytes(opened.sessionId, 1, '/Windows/win.ini', 0, 2 * 1024 * 1024)).rejects.toBeInstanceOf(ImagewrightError);
    await expect(api.readPreview(opened.sessionId, 1, '/Windows')).rejects.toMatchObject({ code: ErrorCode.ENTRY_NOT_A_FILE });
  });
});

describe('explorer: security descriptors from an NTFS capture', () => {
  it('decodes the root descriptor mkntfs writes (owner and group as ntfssecaudit reports them)', async () => {
    const ntfsDir = tempDir('ntfs');
    try {
      const img = join(ntfsDir, 'ntfs.img');
      execFileSync('truncate', ['-s', '16M', img]);
      execFileSync('mkntfs', ['-F', '-Q', '-q', img], { stdio: 'ignore' });
      const audit = execFileSync('ntfssecaudit', [img, '/'], { encoding: 'utf8' });
      expect(audit).toMatch(/Windows owner S-1-5-18/);
      const wim = join(ntfsDir, 'ntfs.wim');
      execFileSync('wimlib-imagex', ['capture', img, wim, 'N'], { stdio: 'ignore' });
      const ntfs = nodeExplorer();
      const session = await ntfs.openImage([await engineFile(wim)]);
      const root = await ntfs.getEntryProperties(session.sessionId, 1, '/');
      expect(root.security?.owner).toEqual({ sid: 'S-1-5-18', alias: 'SY', name: 'NT AUTHORITY\\SYSTEM' });
      expect(root.security?.group?.sid).toBe('S-1-5-18');
      // The C:\ pattern Windows itself uses, which mkntfs copies.
      expect(root.security?.sddl).toBe(
        'O:SYG:SYD:(A;;FA;;;BA)(A;OICIIO;GA;;;BA)(A;;FA;;;SY)(A;OICIIO;GA;;;SY)(A;;0x1301bf;;;AU)(A;OICIIO;SDGXGWGR;;;AU)(A;;0x1200a9;;;BU)(A;OICIIO;GXGR;;;BU)',
      );
      expect(root.security?.dacl?.[4]).toMatchObject({ trustee: { alias: 'AU', name: 'NT AUTHORITY\\Authenticated Users' }, maskNames: ['FR', 'FW', 'FX', 'SD'] });
      await ntfs.closeImage(session.sessionId);
    } finally {
      rmSync(ntfsDir, { recursive: true, force: true });
    }
  });
});

describe('explorer: named streams', () => {
  it('lists, previews and reads a named data stream of a file captured from NTFS', async () => {
    const ntfsDir = tempDir('ads');
    try {
      const img = join(ntfsDir, 'ads.img');
      execFileSync('truncate', ['-s', '16M', img]);
      execFileSync('mkntfs', ['-F', '-Q', '-q', img], { stdio: 'ignore' });
      writeFileSync(join(ntfsDir, 'main.txt'), 'main data\n');
      writeFileSync(join(ntfsDir, 'zone.txt'), '[ZoneTransfer]\r\nZoneId=3\r\n');
      execFileSync('ntfscp', [img, join(ntfsDir, 'main.txt'), '/report.txt'], { stdio: 'ignore' });
      execFileSync('ntfscp', ['-N', 'Zone.Identifier', img, join(ntfsDir, 'zone.txt'), '/report.txt'], { stdio: 'ignore' });
      const wim = join(ntfsDir, 'ads.wim');
      execFileSync('wimlib-imagex', ['capture', img, wim, 'N'], { stdio: 'ignore' });
      const ntfs = nodeExplorer();
      const session = await ntfs.openImage([await engineFile(wim)]);
      const listing = await ntfs.listDirectory(session.sessionId, 1, '/');
      expect(listing.entries.find((e) => e.name === 'report.txt')).toMatchObject({ hasNamedStreams: true, size: 10 });
      const props = await ntfs.getEntryProperties(session.sessionId, 1, '/report.txt');
      expect(props.streams.map((s) => [s.name, s.size])).toEqual([['', 10], ['Zone.Identifier', 26]]);
      const zone = (await ntfs.readPreview(session.sessionId, 1, '/report.txt', 'Zone.Identifier')) as TextPreview;
      expect(zone).toMatchObject({ kind: 'text', text: '[ZoneTransfer]\r\nZoneId=3\r\n' });
      expect(new TextDecoder().decode(await ntfs.readBytes(session.sessionId, 1, '/report.txt', 2, 4, 'zone.identifier'))).toBe('oneT');
      await expect(ntfs.readPreview(session.sessionId, 1, '/report.txt', 'nope')).rejects.toMatchObject({ code: ErrorCode.PATH_NOT_FOUND });
      await ntfs.closeImage(session.sessionId);
    } finally {
      rmSync(ntfsDir, { recursive: true, force: true });
    }
  });
});
