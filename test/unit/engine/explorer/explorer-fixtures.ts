/**
 * Explorer test fixtures: the sample Windows-like tree (samples/windows-tree plus a PE file with a version
 * resource, a PNG, UTF-16 text, servicing packages), captured with wimlib-imagex during the run, and an
 * ExplorerApi reading it in-process through the Node wasm loader.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, openAsBlob, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { CodecRegistry } from '../../../../src/codecs/registry';
import { nodeWasmLoader } from '../../../../src/codecs/node-wasm-loader';
import { toSources, type EngineFile } from '../../../../src/engine/api';
import { createBlobReadContext, inProcessDecoder } from '../../../../src/engine/chunk-decoding';
import { createExplorerApi } from '../../../../src/engine/explorer/explorer-service';
import type { ExplorerApi } from '../../../../src/engine/explorer/explorer-api';
import type { BlobReadContext } from '../../../../src/formats/wim/chunk-decoder';
// @ts-expect-error: plain ESM script without types, shared with scripts/make-sample.mjs
import { buildPeFile } from '../../../../scripts/sample/pe-file.mjs';

let context: Promise<BlobReadContext> | undefined;

export function nodeReadContext(): Promise<BlobReadContext> {
  context ??= createBlobReadContext(inProcessDecoder(new CodecRegistry(nodeWasmLoader)), nodeWasmLoader);
  return context;
}

export function nodeExplorer(): ExplorerApi {
  return createExplorerApi({ readContext: nodeReadContext, toSources });
}

export async function engineFile(path: string): Promise<EngineFile> {
  return { name: basename(path), blob: await openAsBlob(path) };
}

export const SAMPLE_TREE = join(__dirname, '..', '..', '..', '..', 'samples', 'windows-tree');

export const PE_INFO = {
  kind: 'dll',
  description: 'Windows NT BASE API Client DLL',
  company: 'Microsoft Corporation',
  product: 'Microsoft® Windows® Operating System',
  copyright: '© Microsoft Corporation. All rights reserved.',
  fileVersion: '10.0.22631.4460',
  name: 'kernel32.dll',
};

/** 1×1 red PNG. */
export const PNG = Uint8Array.from(
  Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64'),
);

/** Stages the sample tree plus a PE file, an image, UTF-16 text and links; returns the tree folder. */
export function stageSampleTree(dir: string): string {
  const tree = join(dir, 'tree');
  cpSync(SAMPLE_TREE, tree, { recursive: true });
  const file = (path: string, bytes: Uint8Array | string): void => {
    mkdirSync(dirname(join(tree, path)), { recursive: true });
    writeFileSync(join(tree, path), bytes);
  };
  file('Windows/System32/kernel32.dll', buildPeFile(PE_INFO));
  file('Windows/Web/red.png', PNG);
  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('[Section]\r\nKey=Valeur é\r\n', 'utf16le')]);
  file('Windows/utf16.ini', utf16);
  mkdirSync(join(tree, 'Windows/servicing/Packages'), { recursive: true });
  file('Windows/servicing/Packages/Package_for_KB5031455~31bf3856ad364e35~amd64~~22621.2506.1.1.mum', '<?xml version="1.0"?><assembly/>');
  file('Windows/servicing/Packages/Package_for_KB5031455~31bf3856ad364e35~amd64~~22621.2506.1.1.cat', 'x');
  file('Windows/servicing/Packages/Package_for_RollupFix~31bf3856ad364e35~amd64~~22621.2506.1.7.mum', '<assembly/>');
  return tree;
}

/** Captures `tree` into `<dir>/<name>` with wimlib-imagex. */
export function captureWim(tree: string, dir: string, name: string, ...args: string[]): string {
  const out = join(dir, name);
  execFileSync('wimlib-imagex', ['capture', tree, out, 'Sample', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  return out;
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `iw-${prefix}-`));
}
