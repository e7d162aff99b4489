/**
 * Tree comparison shared by the interop suites: two folders agree on the entry list and types, file contents,
 * symlink targets (links into each folder made relative to it), which names share an inode, and modification
 * times (within 1.5 µs: Node hands libuv a double of seconds, which libuv truncates to whole microseconds, and the
 * double itself carries ±0.24 µs near 1.8e9 s — so a time set through Node lands up to ~1.25 µs below wimlib's exact
 * 100 ns value).
 */
import { lstatSync, readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect } from 'vitest';

export interface Node {
  type: 'file' | 'dir' | 'link';
  link?: string;
  content?: string;
  ino: bigint;
  mtimeNs: bigint;
}

/** Describes a tree: relative path → node; link targets under the tree are made relative to it. */
export function describeTree(top: string): Map<string, Node> {
  const out = new Map<string, Node>();
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      const st = lstatSync(path, { bigint: true });
      const rel = relative(top, path);
      if (st.isSymbolicLink()) {
        out.set(rel, { type: 'link', link: readlinkSync(path).replace(top, '<DIR>'), ino: st.ino, mtimeNs: st.mtimeNs });
      } else if (st.isDirectory()) {
        out.set(rel, { type: 'dir', ino: st.ino, mtimeNs: st.mtimeNs });
        walk(path);
      } else {
        out.set(rel, { type: 'file', content: readFileSync(path).toString('base64'), ino: st.ino, mtimeNs: st.mtimeNs });
      }
    }
  };
  walk(top);
  return out;
}

/** Groups of paths sharing an inode (hard links), in a comparable form. */
export function inodeGroups(tree: Map<string, Node>): string[][] {
  const groups = new Map<bigint, string[]>();
  for (const [path, node] of tree) if (node.type === 'file') groups.set(node.ino, [...(groups.get(node.ino) ?? []), path]);
  return [...groups.values()].map((g) => g.sort()).sort((a, b) => a[0]!.localeCompare(b[0]!));
}

export function expectSameTree(oursDir: string, theirsDir: string): void {
  const a = describeTree(oursDir);
  const b = describeTree(theirsDir);
  expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
  for (const [path, mine] of a) {
    const theirs = b.get(path)!;
    expect({ path, type: mine.type, link: mine.link, content: mine.content }).toEqual({ path, type: theirs.type, link: theirs.link, content: theirs.content });
    const drift = mine.mtimeNs - theirs.mtimeNs;
    expect(drift <= 1500n && drift >= -1500n, `${path}: mtime ${mine.mtimeNs} vs ${theirs.mtimeNs}`).toBe(true);
  }
  expect(inodeGroups(a)).toEqual(inodeGroups(b));
  expect(inodeGroups(a).some((g) => g.length === 3)).toBe(true);
}

