/**
 * Opening the catalog database and migrating it, one step per version (schema.ts documents each shape).
 * Steps run inside the upgrade transaction, so a migration either completes with every record kept or leaves
 * the previous version untouched.
 *
 * Several tabs may hold the catalog open. When a newer Imagewright in another tab asks to upgrade, this
 * connection closes itself (`blocking`) and the next call reopens it — and fails with CATALOG_NEWER_VERSION if
 * the database is now newer than this code knows. When an older tab does not let go, the open waits and
 * `onBlocked` tells the UI which tab to close.
 */
import { openDB, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import { ErrorCode, ImagewrightError } from '../shared/errors';
import {
  CATALOG_DB_NAME,
  CATALOG_DB_VERSION,
  normalizeTags,
  type CatalogImage,
  type CatalogImageV1,
  type CatalogSchema,
  type HistoryEvent,
} from './schema';

export type CatalogDatabase = IDBPDatabase<CatalogSchema>;
type UpgradeTx = IDBPTransaction<CatalogSchema, StoreNames<CatalogSchema>[], 'versionchange'>;

export interface OpenCatalogOptions {
  name?: string;
  /** Open at an older version (tests build v1 databases this way); defaults to CATALOG_DB_VERSION. */
  version?: number;
  /** Another tab holds an older version open and did not close it. */
  onBlocked?: () => void;
  /** This connection closed because another tab upgrades the database. */
  onVersionChange?: () => void;
}

/** Migration steps: MIGRATIONS[n] takes a database at version n to n + 1. */
const MIGRATIONS: Record<number, (db: CatalogDatabase, tx: UpgradeTx) => Promise<void>> = {
  0: async (db) => {
    // v1 as it shipped; typed loosely because the v2 schema type no longer describes it.
    const images = db.createObjectStore('images', { keyPath: 'id' });
    images.createIndex('by-name', 'name');
    images.createIndex('by-added', 'addedAt');
  },
  1: async (db, tx) => {
    const images = tx.objectStore('images');
    images.createIndex('by-tag', 'tagKeys', { multiEntry: true });
    images.createIndex('by-sha256', 'sha256');
    const history = db.createObjectStore('history', { keyPath: 'seq', autoIncrement: true });
    history.createIndex('by-image', 'imageId');
    db.createObjectStore('settings', { keyPath: 'key' });
    // Move each record's embedded history into the history store, in its original order, and index its tags.
    for (let cursor = await images.openCursor(); cursor; cursor = await cursor.continue()) {
      const { history: events = [], ...rest } = cursor.value as unknown as CatalogImageV1;
      for (const event of events) {
        const moved: HistoryEvent = { ...event, imageId: rest.id };
        await history.add(moved);
      }
      const { tags, tagKeys } = normalizeTags(rest.tags ?? []);
      const upgraded: CatalogImage = { ...rest, tags, tagKeys };
      await cursor.update(upgraded);
    }
  },
};

export async function openCatalogDb(options: OpenCatalogOptions = {}): Promise<CatalogDatabase> {
  const name = options.name ?? CATALOG_DB_NAME;
  const version = options.version ?? CATALOG_DB_VERSION;
  let db: CatalogDatabase | undefined;
  try {
    db = await openDB<CatalogSchema>(name, version, {
      async upgrade(database, oldVersion, newVersion, tx) {
        for (let v = oldVersion; v < (newVersion ?? version); v++) {
          const step = MIGRATIONS[v];
          if (!step) throw new Error(`no migration from catalog version ${v}`);
          await step(database, tx);
        }
      },
      blocked() {
        options.onBlocked?.();
      },
      blocking() {
        // Let the other tab upgrade; this tab reopens (or learns it is outdated) on its next call.
        db?.close();
        options.onVersionChange?.();
      },
    });
    return db;
  } catch (cause) {
    if ((cause as { name?: unknown }).name === 'VersionError') {
      throw new ImagewrightError(ErrorCode.CATALOG_NEWER_VERSION, {
        params: { found: `> ${version}`, known: version },
        path: name,
        cause,
      });
    }
    throw new ImagewrightError(ErrorCode.CATALOG_UNAVAILABLE, { path: name, detail: String(cause), cause });
  }
}

/**
 * The engine's single connection: opened on first use, dropped when another tab upgrades the database or the
 * browser closes it (`close` event), reopened on the next call.
 */
export class CatalogConnection {
  private pending: Promise<CatalogDatabase> | undefined;
  /** Callers waiting while an older tab blocks the upgrade: they get CATALOG_BLOCKED instead of a hang. */
  private readonly waiters = new Set<(error: ImagewrightError) => void>();
  blocked = false;

  constructor(private readonly options: OpenCatalogOptions = {}) {}

  get(): Promise<CatalogDatabase> {
    if (!this.pending) {
      this.blocked = false;
      const opening = openCatalogDb({
        ...this.options,
        onBlocked: () => {
          this.blocked = true;
          const error = new ImagewrightError(ErrorCode.CATALOG_BLOCKED, { path: this.options.name ?? CATALOG_DB_NAME });
          for (const reject of [...this.waiters]) reject(error);
          this.waiters.clear();
          this.options.onBlocked?.();
        },
        onVersionChange: () => {
          this.pending = undefined;
          this.options.onVersionChange?.();
        },
      }).then(
        (db) => {
          this.blocked = false;
          db.addEventListener('close', () => {
            if (this.pending === opening) this.pending = undefined;
          });
          return db;
        },
        (error: unknown) => {
          if (this.pending === opening) this.pending = undefined;
          throw error;
        },
      );
      this.pending = opening;
    }
    const pending = this.pending;
    if (this.blocked) {
      return Promise.reject(new ImagewrightError(ErrorCode.CATALOG_BLOCKED, { path: this.options.name ?? CATALOG_DB_NAME }));
    }
    // The open keeps going while blocked; a later call gets the database once the other tab lets go.
    return new Promise<CatalogDatabase>((resolve, reject) => {
      this.waiters.add(reject);
      pending.then(resolve, reject).finally(() => this.waiters.delete(reject));
    });
  }

  async close(): Promise<void> {
    const pending = this.pending;
    this.pending = undefined;
    if (pending) (await pending.catch(() => undefined))?.close();
  }
}
