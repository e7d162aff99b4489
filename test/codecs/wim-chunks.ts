/**
 * Test glue for the codec suites: captures a tree with wimlib-imagex, then lists every compressed chunk of a WIM
 * (non-solid resources: chunk table; solid resources: 16-byte header + 4-byte size per chunk) and every blob
 * with its SHA-1 from the blob table, using the parsers in src/formats/wim. A "stream" is the uncompressed data
 * of one resource; blobs point into streams. No decoding policy here beyond "stored chunks are copied".
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import type { ChunkDecompressor } from '../../src/codecs/chunk-decompressor';
import type { CompressionName } from '../../src/codecs/registry';
import { readBlobTable } from '../../src/formats/wim/blob-table';
import { readWimHeader } from '../../src/formats/wim/header';
import { chunkAt, readChunkTable, type ChunkLayout } from '../../src/formats/wim/resource';
import { RESHDR_FLAG_COMPRESSED, RESHDR_FLAG_SOLID } from '../../src/formats/wim/reshdr';
import { readSolidChunkTable } from '../../src/formats/wim/solid';
import { NodeFileSource } from '../../src/io/node-file-source';

export interface CompressedChunk {
  /** Resource (stream) this chunk belongs to. */
  stream: number;
  /** Uncompressed size of the whole stream. */
  streamSize: number;
  /** Where the chunk's output goes inside the stream. */
  outputOffset: number;
  outputSize: number;
  /** Chunk size of the resource (LZX window). */
  chunkSize: number;
  codec: CompressionName;
  /** Stored as is (stored size = uncompressed size). */
  stored: boolean;
  input: Uint8Array;
  solid: boolean;
}

export interface WimBlob {
  stream: number;
  offset: number;
  size: number;
  sha1: string;
  metadata: boolean;
}

export interface WimChunks {
  chunks: CompressedChunk[];
  blobs: WimBlob[];
}

/** `wimlib-imagex capture tree wim ...args`, quietly. */
export function captureWim(tree: string, wim: string, args: string[]): void {
  execFileSync('wimlib-imagex', ['capture', tree, wim, ...args], { stdio: 'ignore' });
}

export function sha1Hex(bytes: Uint8Array): string {
  return createHash('sha1').update(bytes).digest('hex');
}

async function pushChunks(source: NodeFileSource, layout: ChunkLayout, stream: number, solid: boolean, out: CompressedChunk[]): Promise<void> {
  for (let i = 0; i < layout.chunkCount; i++) {
    const chunk = chunkAt(layout, i);
    out.push({
      stream,
      streamSize: layout.uncompressedSize,
      outputOffset: i * layout.chunkSize,
      outputSize: chunk.uncompressedSize,
      chunkSize: layout.chunkSize,
      codec: layout.compression,
      stored: chunk.raw,
      input: await source.read(chunk.offset, chunk.storedSize),
      solid,
    });
  }
}

/** Every compressed chunk and every blob stored in compressed resources of the WIM at `path`. */
export async function collectWimChunks(path: string): Promise<WimChunks> {
  const source = await NodeFileSource.open(path);
  try {
    const header = await readWimHeader(source);
    const table = await readBlobTable(source, header);
    const chunks: CompressedChunk[] = [];
    const blobs: WimBlob[] = [];
    let stream = 0;
    for (const blob of [...table.metadata, ...table.blobs]) {
      const location = blob.location;
      if (location.kind !== 'compressed') continue;
      const reshdr = { offset: location.offset, sizeInWim: location.sizeInWim, uncompressedSize: blob.size, flags: RESHDR_FLAG_COMPRESSED };
      const layout = await readChunkTable(source, reshdr, header.compression, header.chunkSize);
      await pushChunks(source, layout, stream, false, chunks);
      blobs.push({ stream, offset: 0, size: blob.size, sha1: blob.hash, metadata: blob.isMetadata });
      stream++;
    }
    const firstSolid = stream;
    for (const resource of table.solidResources) {
      const reshdr = { offset: resource.offset, sizeInWim: resource.sizeInWim, uncompressedSize: resource.uncompressedSize, flags: RESHDR_FLAG_SOLID };
      await pushChunks(source, await readSolidChunkTable(source, reshdr), stream++, true, chunks);
    }
    for (const blob of table.blobs) {
      if (blob.location.kind !== 'solid') continue;
      blobs.push({ stream: firstSolid + blob.location.resource, offset: blob.location.offsetInResource, size: blob.size, sha1: blob.hash, metadata: false });
    }
    return { chunks, blobs };
  } finally {
    await source.close();
  }
}

/** Decodes every chunk (stored ones copied) into per-stream buffers; `decoderFor` picks the codec. */
export function decodeStreams(chunks: CompressedChunk[], decoderFor: (codec: CompressionName) => ChunkDecompressor): Map<number, Uint8Array> {
  const streams = new Map<number, Uint8Array>();
  for (const chunk of chunks) {
    let stream = streams.get(chunk.stream);
    if (!stream) streams.set(chunk.stream, (stream = new Uint8Array(chunk.streamSize)));
    const part = stream.subarray(chunk.outputOffset, chunk.outputOffset + chunk.outputSize);
    if (chunk.stored) part.set(chunk.input);
    else decoderFor(chunk.codec).decompress(chunk.input, chunk.outputSize, part, chunk.chunkSize);
  }
  return streams;
}

/** Blobs whose SHA-1 does not match their decoded bytes (empty when everything decoded right). */
export function mismatchedBlobs(blobs: WimBlob[], streams: Map<number, Uint8Array>): WimBlob[] {
  return blobs.filter((blob) => {
    const stream = streams.get(blob.stream);
    return !stream || sha1Hex(stream.subarray(blob.offset, blob.offset + blob.size)) !== blob.sha1;
  });
}
