// Hash module (wasm/README.md contract): reserve, inputPointer, outputPointer, streaming SHA-1 and SHA-256.
// Each hash keeps one state of hashStateSize() bytes at sha1State()/sha256State(); JS saves and restores it
// to interleave several streams on one instance.
import { HASH_STATE_SIZE } from './stream';

export { reserve, inputPointer, outputPointer } from '../shared/buffers';
export { sha1Init, sha1Update, sha1Final, sha1State } from './sha1';
export { sha256Init, sha256Update, sha256Final, sha256State } from './sha256';

export function hashStateSize(): u32 {
  return HASH_STATE_SIZE;
}
