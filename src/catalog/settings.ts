/**
 * The `settings` store: small preferences the engine remembers, today the kind of file system a user declared
 * for each distribution target (the browser cannot ask a picked folder what it is), keyed by the folder's name.
 */
import type { CatalogDatabase } from './db';
import { TARGET_KINDS, type TargetKind } from './schema';

const TARGET_PREFIX = 'target-kind:';

export async function getTargetKind(db: CatalogDatabase, targetName: string): Promise<TargetKind> {
  const record = await db.get('settings', TARGET_PREFIX + targetName);
  const value = record?.value;
  return TARGET_KINDS.includes(value as TargetKind) ? (value as TargetKind) : 'unknown';
}

export async function setTargetKind(db: CatalogDatabase, targetName: string, kind: TargetKind): Promise<void> {
  await db.put('settings', { key: TARGET_PREFIX + targetName, value: kind });
}
