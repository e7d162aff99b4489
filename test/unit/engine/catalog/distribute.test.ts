import { createHash, randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { nodeWasmLoader } from '../../../../src/codecs/node-wasm-loader';
import { loadHashModule, type HashModule } from '../../../../src/codecs/sha';
import { distributeImage, FAT32_MAX_FILE_SIZE, type DistributeOptions } from '../../../../src/engine/catalog/distribute';
import { HASH_READ_SLICE } from '../../../../src/engine/catalog/hash-blob';
import { ErrorCode, ImagewrightError } from '../../../../src/shared/errors';
import { MemoryFolder } from './memory-folder';

let hashModule: HashModule;
beforeAll(async () => {
  hashModule = await loadHashModule(nodeWasmLoader);
});

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

// Larger than one read slice, so the copy really streams in several pieces.
const BYTES = new Uint8Array(randomBytes(HASH_READ_SLICE * 2 + 12345));
const SOURCE = new Blob([BYTES]);

function options(folder: MemoryFolder, extra: Partial<DistributeOptions> = {}): DistributeOptions {
  return { source: SOURCE, fileName: 'install.wim', expectedSha256: sha256(BYTES), folder, targetKind: 'unknown', hashModule, ...extra };
}

/** A Blob stand-in that only has a size: enough for every check made before the first byte is read. */
const hugeSource = (size: number): Blob => ({ size }) as Blob;

async function refusal(run: () => Promise<unknown>): Promise<ImagewrightError> {
  const error = await run().then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ImagewrightError);
  return error as ImagewrightError;
}

describe('distribution to a folder', () => {
  it('copies byte-identical through a partial name, writes SHA256SUMS and verifies the read-back', async () => {
    const folder = new MemoryFolder({ move: true });
    const phases = new Set<string>();
    const result = await distributeImage(options(folder, { onProgress: (phase) => phases.add(phase) }));
    expect(result.verified).toBe(true);
    expect(result.moved).toBe(true);
    expect(result.sha256).toBe(sha256(BYTES));
    expect(sha256(folder.files.get('install.wim')!)).toBe(sha256(BYTES));
    expect(folder.text('SHA256SUMS')).toBe(`${sha256(BYTES)}  install.wim\n`);
    expect([...folder.files.keys()].sort()).toEqual(['SHA256SUMS', 'install.wim']);
    expect(folder.log).toContain('move install.wim.iw-partial install.wim');
    expect([...phases]).toEqual(['probe', 'copy', 'sums', 'readback']);
  });

  it('keeps the other lines of an existing SHA256SUMS, replaces its own and sorts entries', async () => {
    const folder = new MemoryFolder({ move: true });
    const other = 'a'.repeat(64);
    folder.files.set('SHA256SUMS', new TextEncoder().encode(`# made by hand\n${other}  zz.iso\n${'0'.repeat(64)}  install.wim\n`));
    await distributeImage(options(folder));
    expect(folder.text('SHA256SUMS')).toBe(`# made by hand\n${sha256(BYTES)}  install.wim\n${other}  zz.iso\n`);
  });

  it('writes the final name directly when the browser has no move(), and overwrites an older copy', async () => {
    const folder = new MemoryFolder({ move: false });
    folder.files.set('install.wim', new Uint8Array([1, 2, 3]));
    const result = await distributeImage(options(folder));
    expect(result.moved).toBe(false);
    expect(result.verified).toBe(true);
    expect(sha256(folder.files.get('install.wim')!)).toBe(sha256(BYTES));
    expect(folder.log.some((line) => line.includes('iw-partial') && line.startsWith('write'))).toBe(false);
  });

  it('refuses a file above 4 GiB − 1 byte for a declared FAT32 target before touching the folder', async () => {
    const folder = new MemoryFolder();
    const size = FAT32_MAX_FILE_SIZE + 1;
    const error = await refusal(() => distributeImage(options(folder, { source: hugeSource(size), targetKind: 'fat32' })));
    expect(error.code).toBe(ErrorCode.TARGET_TOO_LARGE_FOR_FAT32);
    expect(error.params.size).toBe(size);
    expect(error.localized('fr')).toContain('4294967296 octets');
    expect(folder.log).toEqual([]);
  });

  it('lets a FAT32 target take exactly 4 GiB − 1 byte past the declared check', async () => {
    const folder = new MemoryFolder({ quota: 10 });
    // The declared check passes; the probe then meets this folder's small quota — proof the size was accepted.
    const error = await refusal(() => distributeImage(options(folder, { source: hugeSource(FAT32_MAX_FILE_SIZE), targetKind: 'fat32' })));
    expect(error.code).toBe(ErrorCode.TARGET_NO_SPACE);
  });

  it('refuses a target without room, found by the probe, leaving nothing behind and writing no byte', async () => {
    const folder = new MemoryFolder({ quota: BYTES.length - 1, move: true });
    const error = await refusal(() => distributeImage(options(folder)));
    expect(error.code).toBe(ErrorCode.TARGET_NO_SPACE);
    expect(error.params.size).toBe(BYTES.length);
    expect(error.path).toBe('TARGET/.imagewright-probe');
    expect(folder.files.size).toBe(0);
    expect(folder.log.filter((line) => line.startsWith('write'))).toEqual([]);
  });

  it('refuses a file the target file system cannot hold (undeclared FAT32), found by the probe', async () => {
    const folder = new MemoryFolder({ maxFileSize: FAT32_MAX_FILE_SIZE });
    const error = await refusal(() => distributeImage(options(folder, { source: hugeSource(2 ** 32) })));
    expect(error.code).toBe(ErrorCode.TARGET_FILE_TOO_LARGE);
    expect(error.params.size).toBe(2 ** 32);
    expect(folder.files.size).toBe(0);
  });

  it('removes the partial file when a sparse target fills up during the copy', async () => {
    const folder = new MemoryFolder({ quota: HASH_READ_SLICE + 10, sparse: true, move: true });
    const error = await refusal(() => distributeImage(options(folder)));
    expect(error.code).toBe(ErrorCode.TARGET_NO_SPACE);
    expect(folder.files.size).toBe(0);
  });

  it('removes the new file when the copy fails without move(), but keeps an older copy it replaced', async () => {
    const fresh = new MemoryFolder({ quota: HASH_READ_SLICE + 10, sparse: true });
    expect((await refusal(() => distributeImage(options(fresh)))).code).toBe(ErrorCode.TARGET_NO_SPACE);
    expect(fresh.files.size).toBe(0);
    const older = new MemoryFolder({ quota: HASH_READ_SLICE + 20, sparse: true });
    older.files.set('install.wim', new Uint8Array([9]));
    expect((await refusal(() => distributeImage(options(older)))).code).toBe(ErrorCode.TARGET_NO_SPACE);
    expect([...older.files.get('install.wim')!]).toEqual([9]);
  });

  it('refuses to publish a copy whose bytes do not match the catalogued SHA-256 (source changed)', async () => {
    const folder = new MemoryFolder({ move: true });
    const error = await refusal(() => distributeImage(options(folder, { expectedSha256: 'f'.repeat(64) })));
    expect(error.code).toBe(ErrorCode.CATALOG_SOURCE_CHANGED);
    expect(folder.files.size).toBe(0);
  });

  it('reports a read-back mismatch when the target stores different bytes', async () => {
    const folder = new MemoryFolder({ move: true, corrupt: true });
    const result = await distributeImage(options(folder));
    expect(result.verified).toBe(false);
    expect(result.sha256).not.toBe(sha256(BYTES));
  });

  it('stops on cancel with an AbortError and leaves no partial file', async () => {
    const folder = new MemoryFolder({ move: true });
    const controller = new AbortController();
    const error = await distributeImage(
      options(folder, {
        signal: controller.signal,
        onProgress: (phase) => {
          if (phase === 'copy') controller.abort();
        },
      }),
    ).catch((e: unknown) => e);
    expect((error as DOMException).name).toBe('AbortError');
    expect(folder.files.size).toBe(0);
  });

  it('refuses a file name that is not a plain name', async () => {
    for (const fileName of ['a/b.wim', '', 'SHA256SUMS']) {
      expect((await refusal(() => distributeImage(options(new MemoryFolder(), { fileName })))).code).toBe(ErrorCode.INVALID_ARGUMENT);
    }
  });
});
