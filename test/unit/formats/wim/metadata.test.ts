import { describe, expect, it } from 'vitest';
import { ImagewrightError } from '../../../../src/shared/errors';
import { readImageMetadata, walkEntries } from '../../../../src/formats/wim/metadata';

/** Builds metadata resources by hand: security block, then dentries placed at chosen offsets. */
class MetadataBuilder {
  bytes = new Uint8Array(4096);
  view = new DataView(this.bytes.buffer);
  end = 0;

  constructor(descriptors: Uint8Array[] = []) {
    const total = 8 + descriptors.length * 8 + descriptors.reduce((n, d) => n + d.length, 0);
    this.view.setUint32(0, total, true);
    this.view.setUint32(4, descriptors.length, true);
    let p = 8 + descriptors.length * 8;
    descriptors.forEach((d, i) => {
      this.view.setBigUint64(8 + i * 8, BigInt(d.length), true);
      this.bytes.set(d, p);
      p += d.length;
    });
    this.end = (total + 7) & ~7;
  }

  /** Appends a dentry; returns its offset. `subdir` is patched later with setSubdir. */
  dentry(name: string, opts: { attributes?: number; hash?: number; streams?: { name: string; hash?: number }[]; lengthOverride?: bigint } = {}): number {
    const at = this.end;
    const nameBytes = name.length * 2;
    const length = (0x66 + (nameBytes ? nameBytes + 2 : 0) + 7) & ~7;
    this.view.setBigUint64(at, opts.lengthOverride ?? BigInt(length), true);
    this.view.setUint32(at + 8, opts.attributes ?? 0x80, true);
    this.view.setUint32(at + 12, 0xffffffff, true);
    if (opts.hash) this.bytes.fill(opts.hash, at + 0x40, at + 0x54);
    const streams = opts.streams ?? [];
    this.view.setUint16(at + 0x60, streams.length, true);
    this.view.setUint16(at + 0x64, nameBytes, true);
    for (let i = 0; i < name.length; i++) this.view.setUint16(at + 0x66 + i * 2, name.charCodeAt(i), true);
    let p = at + length;
    for (const s of streams) {
      const len = (38 + (s.name ? s.name.length * 2 + 2 : 0) + 7) & ~7;
      this.view.setBigUint64(p, BigInt(len), true);
      if (s.hash) this.bytes.fill(s.hash, p + 16, p + 36);
      this.view.setUint16(p + 36, s.name.length * 2, true);
      for (let i = 0; i < s.name.length; i++) this.view.setUint16(p + 38 + i * 2, s.name.charCodeAt(i), true);
      p += len;
    }
    this.end = p;
    return at;
  }

  terminator(): number {
    const at = this.end;
    this.end += 8;
    return at;
  }

  setSubdir(dentryOffset: number, listOffset: number): void {
    this.view.setBigUint64(dentryOffset + 0x10, BigInt(listOffset), true);
  }

  build(): Uint8Array {
    return this.bytes.slice(0, this.end);
  }
}

const DIR = 0x10;

function simpleTree(): MetadataBuilder {
  const b = new MetadataBuilder([Uint8Array.of(1, 0, 4, 0x80, 0, 0, 0, 0)]);
  const root = b.dentry('', { attributes: DIR });
  b.terminator();
  const list = b.end;
  b.setSubdir(root, list);
  b.dentry('file.txt', { hash: 0xaa });
  const sub = b.dentry('Windows', { attributes: DIR });
  b.terminator();
  b.setSubdir(sub, b.end);
  b.dentry('ads.txt', { streams: [{ name: '', hash: 0xbb }, { name: 'Zone.Identifier', hash: 0xcc }] });
  b.terminator();
  return b;
}

function expectCode(fn: () => unknown, codeName: string): void {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ImagewrightError);
    expect((error as ImagewrightError).codeName).toBe(codeName);
    return;
  }
  throw new Error(`expected ${codeName}`);
}

describe('image metadata', () => {
  it('reads the tree, security descriptors and DISM stream assignment', () => {
    const md = readImageMetadata(simpleTree().build());
    expect(md.securityDescriptors).toHaveLength(1);
    const paths = [...walkEntries(md.root)].map((e) => e.path);
    expect(paths).toEqual(['\\', '\\file.txt', '\\Windows', '\\Windows\\ads.txt']);
    const ads = [...walkEntries(md.root)].find((e) => e.path.endsWith('ads.txt'))!.entry;
    expect(ads.dataHash).toBe('bb'.repeat(20));
    expect(ads.namedStreams).toEqual([{ name: 'Zone.Identifier', hash: 'cc'.repeat(20) }]);
  });

  it('takes the first unnamed stream as reparse data on a reparse point', () => {
    const b = new MetadataBuilder();
    const root = b.dentry('', { attributes: DIR });
    b.terminator();
    b.setSubdir(root, b.end);
    b.dentry('link', { attributes: 0x400, streams: [{ name: '', hash: 0x11 }, { name: '' }] });
    b.terminator();
    const link = readImageMetadata(b.build()).root.children![0]!;
    expect(link.reparseHash).toBe('11'.repeat(20));
    expect(link.dataHash).toBeUndefined();
  });

  it('drops "..", unnamed and duplicate entries with a warning, as wimlib does', () => {
    const b = new MetadataBuilder();
    const root = b.dentry('', { attributes: DIR });
    b.terminator();
    b.setSubdir(root, b.end);
    b.dentry('..');
    b.dentry('');
    b.dentry('same');
    b.dentry('same');
    b.terminator();
    const md = readImageMetadata(b.build());
    expect(md.root.children!.map((c) => c.name)).toEqual(['same']);
    expect(md.warnings).toHaveLength(3);
  });

  it('refuses a directory list that points back at an ancestor (cycle)', () => {
    const b = new MetadataBuilder();
    const root = b.dentry('', { attributes: DIR });
    b.terminator();
    const list = b.end;
    b.setSubdir(root, list);
    const loop = b.dentry('loop', { attributes: DIR });
    b.terminator();
    b.setSubdir(loop, list);
    expectCode(() => readImageMetadata(b.build()), 'TREE_TOO_DEEP');
  });

  it('refuses child lists that start inside one another (N lists over N files would make N²/2 entries)', () => {
    const b = new MetadataBuilder([]);
    const root = b.dentry('', { attributes: DIR });
    b.terminator();
    b.setSubdir(root, b.end);
    const dirs = Array.from({ length: 14 }, (_, i) => b.dentry(`d${i}`, { attributes: DIR }));
    b.terminator();
    const files = Array.from({ length: 14 }, (_, i) => b.dentry(`f${i}`, { hash: 0x10 + i }));
    b.terminator();
    // Directory i lists the file chain from file i on: every list is distinct, and they all overlap.
    dirs.forEach((d, i) => b.setSubdir(d, files[i]!));
    const bytes = b.build();
    try {
      readImageMetadata(bytes);
      throw new Error('expected BAD_METADATA');
    } catch (error) {
      expect(error).toBeInstanceOf(ImagewrightError);
      expect((error as ImagewrightError).codeName).toBe('BAD_METADATA');
      expect((error as ImagewrightError).offset).toBeGreaterThan(files[0]!);
      expect((error as ImagewrightError).detail).toMatch(/overlap/);
    }
    // The same bytes with one list per directory (no overlap) parse: the bound is not hit by honest trees.
    dirs.forEach((d) => b.setSubdir(d, 0));
    b.setSubdir(dirs[0]!, files[0]!);
    expect(readImageMetadata(b.build()).root.children![0]!.children).toHaveLength(14);
  });

  it('names the offset of a dentry whose length runs past the resource', () => {
    const b = new MetadataBuilder();
    const root = b.dentry('', { attributes: DIR });
    b.terminator();
    b.setSubdir(root, b.end);
    const bad = b.dentry('x', { lengthOverride: 1n << 40n });
    b.terminator();
    try {
      readImageMetadata(b.build());
      throw new Error('no error');
    } catch (error) {
      expect((error as ImagewrightError).codeName).toBe('BAD_DENTRY');
      expect(Number((error as ImagewrightError).offset)).toBe(bad);
    }
  });

  it('refuses security data whose descriptor count cannot fit', () => {
    const bytes = simpleTree().build();
    new DataView(bytes.buffer).setUint32(4, 0x7fffffff, true);
    expectCode(() => readImageMetadata(bytes), 'BAD_SECURITY_DATA');
  });

  it('never throws anything but ImagewrightError on truncated or bit-flipped metadata (fuzz)', async () => {
    const good = simpleTree().build();
    let seed = 0x1234567;
    const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const iterations = Number(process.env.FUZZ_ITERATIONS ?? 3000);
    for (let i = 0; i < iterations; i++) {
      // Let the event loop run now and then: long runs must not starve Vitest's worker RPC.
      if (i % 1024 === 1023) await new Promise((resolve) => setImmediate(resolve));
      const bytes = good.slice(0, i % 3 === 0 ? Math.floor(random() * good.length) : good.length);
      for (let flips = 1 + Math.floor(random() * 4); flips > 0 && bytes.length; flips--) {
        bytes[Math.floor(random() * bytes.length)]! ^= 1 << Math.floor(random() * 8);
      }
      try {
        readImageMetadata(bytes);
      } catch (error) {
        expect(error).toBeInstanceOf(ImagewrightError);
      }
    }
  });
});
