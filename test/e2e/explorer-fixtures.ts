/**
 * Source trees and WIMs for the explorer e2e suites, made during the run: a Windows-shaped reference tree
 * (samples/windows-tree plus a big folder, binary and image files, hard and symbolic links) and a non-Windows data tree,
 * captured as a two-image WIM by wimlib-imagex. Node reads the same trees to know what the app must show.
 */
import { createHash } from 'node:crypto';
import { cp, link, mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { ROOT, run } from './harness';

/** Files in the big folder: enough that rendering every row would show, small enough to capture in seconds. */
export const MANY_FILES = 3000;

/** A 2×2 PNG (red, green / blue, white), made with zlib and written out by hand. */
export const PNG_2X2 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEklEQVR4nGP4z8DAAMIM/4EAAB/uBfsL2WiLAAAAAElFTkSuQmCC',
  'base64',
);

export interface ExplorerFixture {
  windowsTree: string;
  dataTree: string;
  wim: string;
}

function noise(length: number, seed: number): Buffer {
  let x = seed | 1;
  const bytes = Buffer.alloc(length);
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    bytes[i] = x & 0xff;
  }
  return bytes;
}

export async function makeExplorerFixture(dir: string): Promise<ExplorerFixture> {
  const windowsTree = join(dir, 'reference');
  await cp(join(ROOT, 'samples/windows-tree'), windowsTree, { recursive: true });
  const many = join(windowsTree, 'Windows/WinSxS/Manifests');
  await mkdir(many, { recursive: true });
  for (let i = 0; i < MANY_FILES; i++) {
    await writeFile(join(many, `amd64_component-${String(i).padStart(5, '0')}.manifest`), `<assembly id="${i}"/>\n`);
  }
  const data = join(windowsTree, 'Data');
  await mkdir(data, { recursive: true });
  await writeFile(join(data, 'blob.bin'), noise(300_000, 7));
  await writeFile(join(data, 'logo.png'), PNG_2X2);
  await writeFile(join(data, 'big.txt'), 'x'.repeat(900_000));
  await writeFile(join(data, 'link-a.txt'), 'one file, two names\n');
  await link(join(data, 'link-a.txt'), join(data, 'link-b.txt'));
  // Symbolic links become reparse points in the WIM.
  const links = join(windowsTree, 'Links');
  await mkdir(links);
  await symlink('../Data/link-a.txt', join(links, 'readme-link.txt'));
  await symlink('../Data', join(links, 'data-dir'));

  const dataTree = join(dir, 'tools');
  await mkdir(join(dataTree, 'Tools/bin'), { recursive: true });
  await writeFile(join(dataTree, 'Tools/readme.txt'), 'Diagnostics toolkit\n');
  await writeFile(join(dataTree, 'Tools/bin/tool.cfg'), 'verbose=1\n');

  const wim = join(dir, 'reference.wim');
  await run('wimlib-imagex', ['capture', windowsTree, wim, 'Windows Reference', 'Generalized reference', '--compress=LZX']);
  await run('wimlib-imagex', ['append', dataTree, wim, 'Tools Data', 'Not a Windows image']);
  return { windowsTree, dataTree, wim };
}

/** Every file below `root`, as "/"-separated relative paths → SHA-256 hex. */
export async function hashTree(root: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile()) {
        out.set(relative(root, path).split(sep).join('/'), createHash('sha256').update(await readFile(path)).digest('hex'));
      }
    }
  };
  await walk(root);
  return out;
}

/** Names of the files below `root` whose name matches `test`, as image paths ("/Windows/Panther/setupact.log"). */
export async function findFiles(root: string, test: (name: string) => boolean): Promise<string[]> {
  return [...(await hashTree(root)).keys()].filter((path) => test(path.split('/').pop()!)).map((path) => `/${path}`);
}
