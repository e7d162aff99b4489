/**
 * SHA-1 through Node's crypto (OpenSSL) for the Node realms (CLI, its decode workers, tests, benchmarks). OpenSSL
 * uses the CPU's SHA instructions where present: about 2.1 GB/s per core on the benchmark machine against
 * ≈ 0.8 GB/s for wasm/sha1, and every extracted byte is hashed. The browser keeps the wasm hash (sha.ts).
 */
import { createHash } from 'node:crypto';

export interface NodeSha1 {
  update(data: Uint8Array): NodeSha1;
  hexDigest(): string;
}

export function nodeSha1(): NodeSha1 {
  const hash = createHash('sha1');
  const self: NodeSha1 = {
    update(data) {
      hash.update(data);
      return self;
    },
    hexDigest: () => hash.digest('hex'),
  };
  return self;
}

/** Lowercase hex SHA-1 of `data` in one call. */
export function nodeSha1Hex(data: Uint8Array): string {
  return createHash('sha1').update(data).digest('hex');
}
