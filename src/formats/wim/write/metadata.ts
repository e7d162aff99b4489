/**
 * Metadata resource writer, the mirror of ../metadata.ts (docs/wim-format.md §8):
 *
 *   [security data][root dentry][8 zero bytes][children of root][8 zero bytes][children of dir X][8 zero bytes]…
 *
 * As wimlib lays it out: the root, its terminator, then one child list per directory (every directory, even
 * empty, gets a list ending in 8 zero bytes) in pre-order, siblings in NTFS collation order (../collation.ts).
 * Built in memory: a metadata resource is a few MB even for a full Windows image.
 */
import { collateNames } from '../collation';
import { FILE_ATTRIBUTE_REPARSE_POINT } from '../dentry';
import type { WimEntry } from '../metadata';
import { layoutDentry, writeDentry, type DentryLayout } from './dentry';
import { securityDataLength, writeSecurityData } from './security';

/** Directories get a child list (even empty); a directory reparse point (a link) only when it has children. */
function hasList(entry: WimEntry): boolean {
  return entry.children !== undefined && (!(entry.attributes & FILE_ATTRIBUTE_REPARSE_POINT) || entry.children.length > 0);
}

interface DirPlan {
  children: DentryLayout[];
  listOffset: number;
}

export function writeImageMetadata(root: WimEntry, securityDescriptors: readonly Uint8Array[]): Uint8Array {
  const rootOffset = securityDataLength(securityDescriptors);
  const rootLayout = layoutDentry(root, true);
  let position = rootOffset + rootLayout.totalLength + 8;
  const plans = new Map<WimEntry, DirPlan>();
  // Pre-order over directories: a directory's list, then its subdirectories' lists, in sibling order.
  const stack: WimEntry[] = [root];
  while (stack.length) {
    const dir = stack.pop()!;
    const children = [...(dir.children ?? [])].sort((a, b) => collateNames(a.name, b.name)).map((c) => layoutDentry(c, false));
    plans.set(dir, { children, listOffset: position });
    position += children.reduce((n, c) => n + c.totalLength, 0) + 8;
    for (let i = children.length - 1; i >= 0; i--) if (hasList(children[i]!.entry)) stack.push(children[i]!.entry);
  }
  const out = new Uint8Array(position);
  writeSecurityData(out, securityDescriptors);
  writeDentry(out, rootOffset, rootLayout, plans.get(root)!.listOffset);
  for (const plan of plans.values()) {
    let at = plan.listOffset;
    for (const child of plan.children) at = writeDentry(out, at, child, hasList(child.entry) ? plans.get(child.entry)!.listOffset : 0);
  }
  return out;
}
