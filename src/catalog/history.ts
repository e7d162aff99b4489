/**
 * The `history` store: append-only events per entry (added, verified, exported, split, distributed, relinked…),
 * each with the operation's figures. Nothing here updates or deletes an event; only removing the entry does.
 */
import type { CatalogDatabase } from './db';
import type { HistoryEvent } from './schema';

export async function appendHistory(db: CatalogDatabase, event: HistoryEvent): Promise<HistoryEvent> {
  const record: HistoryEvent = { ...event };
  delete record.seq; // the store numbers events; a caller cannot overwrite one
  const seq = await db.add('history', record);
  return { ...record, seq };
}

/** The events of one entry, oldest first (store order is insertion order). */
export async function listHistory(db: CatalogDatabase, imageId: string): Promise<HistoryEvent[]> {
  const events = await db.getAllFromIndex('history', 'by-image', imageId);
  return events.sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
}
