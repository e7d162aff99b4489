import { describe, expect, it } from 'vitest';
import { wimlibBlobOrder, type WimBlobFacts, type WimBlobList } from '../../../../src/formats/wim/blob-list';

function blob(hash: string, isMetadata = false): WimBlobFacts {
  return { hash: hash.padEnd(40, '0'), size: 1, refCount: 1, partNumber: 1, flags: 0, flagNames: [], isMetadata, place: { kind: 'resource', offset: 208, sizeInWim: 1 } };
}

describe('wimlibBlobOrder', () => {
  it('puts metadata first, then walks hash buckets (capacity = entries rounded up to 2^n), newest first in a bucket', () => {
    // 5 entries → capacity 8, bucket = first hash byte & 7 (little-endian first bytes).
    const list: WimBlobList = { partNumber: 1, entryCount: 5, blobs: [blob('01aa'), blob('ff', true), blob('09bb'), blob('00cc'), blob('0a')] };
    expect(wimlibBlobOrder(list).map((b) => b.hash.slice(0, 4))).toEqual(['ff00', '00cc', '09bb', '01aa', '0a00']);
  });

  it('uses bytes beyond the first when the capacity is over 256', () => {
    const list: WimBlobList = { partNumber: 1, entryCount: 300, blobs: [blob('0001'), blob('0100')] };
    // 0x0100 little-endian = 1 → bucket 1; 0x0001 → 256.
    expect(wimlibBlobOrder(list).map((b) => b.hash.slice(0, 4))).toEqual(['0100', '0001']);
  });
});
