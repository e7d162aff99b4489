/**
 * The image doctor for catalog entries: opens the entry's file as an explorer session, runs the doctor on every
 * index and keeps each verdict on the entry (catalogRecordDoctor), so the catalog shows at a glance which
 * images are generalized Windows images and which have problems. Built from the explorer and catalog APIs only.
 */
import type { CatalogImage, CatalogIndex } from '../../catalog/schema';
import { summarizeDoctor, type DoctorSummary } from '../doctor/doctor-types';
import type { ExplorerApi } from '../explorer/explorer-api';
import { openEntrySource, type CatalogApi } from './catalog-api';

type CatalogDoctor = NonNullable<CatalogIndex['doctor']>;

/** The catalog's short form of a summary: a status and the problem ids (language-neutral, like finding ids). */
export function catalogDoctorOf(summary: DoctorSummary, checkedAt: string): CatalogDoctor {
  const status = summary.worst === 'error' ? 'error' : summary.worst === 'warn' ? 'warning' : 'ok';
  const facts = [summary.windows ? 'windows' : 'not-windows'];
  if (summary.generalized !== undefined) facts.push(summary.generalized ? 'generalized' : 'not-generalized');
  for (const id of summary.problems) if (!facts.includes(id)) facts.push(id);
  return { status, summary: facts.join(', '), checkedAt };
}

export async function doctorCatalogEntry(
  id: string,
  catalog: Pick<CatalogApi, 'catalogGet' | 'catalogRecordDoctor'>,
  explorer: Pick<ExplorerApi, 'openImage' | 'runDoctor' | 'closeImage'>,
  now: () => Date = () => new Date(),
): Promise<CatalogImage> {
  let { image } = await catalog.catalogGet(id);
  if (image.indexes.length === 0) return image; // an ISO or a disk image: nothing the WIM doctor can examine
  const blob = await openEntrySource(image);
  const { sessionId } = await explorer.openImage([{ name: image.fileName, blob }]);
  try {
    for (const index of image.indexes.map((i) => i.index)) {
      const report = await explorer.runDoctor(sessionId, index);
      image = await catalog.catalogRecordDoctor(id, index, catalogDoctorOf(summarizeDoctor(report), now().toISOString()));
    }
  } finally {
    await explorer.closeImage(sessionId);
  }
  return image;
}
