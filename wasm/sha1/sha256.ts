// SHA-256 (FIPS 180-4 §6.2), streaming over 64-byte blocks without allocation. Used by the catalog to identify
// whole images, so it must keep up with reading them: one call hashes every whole block of an update.
//
// The 64 rounds are unrolled with the working variables in locals, renamed round by round instead of shifted. The
// message schedule lives in 128-bit SIMD locals x0..x15 (four words each, computed just before their rounds) and a
// round takes its word with extract_lane. This takes the schedule's 48 × 13 operations off the integer units, which
// V8's code for this function saturates, and keeps 16 schedule words out of the general registers, which spilled
// (+12 % measured with scripts/measure-sha.mjs). Storing the schedule as W + K in a static table instead was 30 %
// slower, adding K in the vector lanes 6 % slower; see bench/NOTES.md.
//
// Each round sums h + K + W + Ch first and Σ1 of the fresh e last. Maj(a, b, c) is written b ^ ((a ^ b) & (b ^ c)):
// b ^ c is the previous round's a ^ b, so x and y alternate and a round saves one operation.
import { CompressBlocks, HASH_STATE_SIZE, streamFinish, streamReset, streamUpdate, writeDigest } from './stream';
import { inputPointer, outputPointer } from '../shared/buffers';

const state = memory.data(HASH_STATE_SIZE, 64);

// @ts-ignore: decorator
@inline function bigSigma0(x: u32): u32 {
  return rotr<u32>(x, 2) ^ rotr<u32>(x, 13) ^ rotr<u32>(x, 22);
}
// @ts-ignore: decorator
@inline function bigSigma1(x: u32): u32 {
  return rotr<u32>(x, 6) ^ rotr<u32>(x, 11) ^ rotr<u32>(x, 25);
}

/** σ0 on four lanes; wasm SIMD has no rotate, so rotr(x, n) = x >>> n ^ x << (32 - n) (the halves never overlap). */
// @ts-ignore: decorator
@inline function sigma0x4(x: v128): v128 {
  return v128.xor(
    v128.xor(v128.xor(v128.shr<u32>(x, 7), v128.shl<u32>(x, 25)), v128.xor(v128.shr<u32>(x, 18), v128.shl<u32>(x, 14))),
    v128.shr<u32>(x, 3),
  );
}
// @ts-ignore: decorator
@inline function sigma1x4(x: v128): v128 {
  return v128.xor(
    v128.xor(v128.xor(v128.shr<u32>(x, 17), v128.shl<u32>(x, 15)), v128.xor(v128.shr<u32>(x, 19), v128.shl<u32>(x, 13))),
    v128.shr<u32>(x, 10),
  );
}

/** Four big-endian words to native order. */
// @ts-ignore: decorator
@inline function bswapWords(x: v128): v128 {
  return v128.shuffle<u8>(x, x, 3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12);
}

/**
 * W[t..t+3] from x0 = W[t-16..t-13] … x3 = W[t-4..t-1]. W[t+2] and W[t+3] need σ1 of W[t] and W[t+1], computed
 * in this same step, so σ1 is added in two halves.
 */
// @ts-ignore: decorator
@inline function nextWords(x0: v128, x1: v128, x2: v128, x3: v128): v128 {
  const zero = i32x4.splat(0);
  let w = v128.add<u32>(v128.add<u32>(x0, sigma0x4(v128.shuffle<u32>(x0, x1, 1, 2, 3, 4))), v128.shuffle<u32>(x2, x3, 1, 2, 3, 4));
  w = v128.add<u32>(w, v128.shuffle<u32>(sigma1x4(x3), zero, 2, 3, 4, 4));
  return v128.add<u32>(w, v128.shuffle<u32>(zero, sigma1x4(w), 0, 0, 4, 5));
}

function compressSha256(state: usize, data: usize, count: u32): void {
  let h0 = load<u32>(state);
  let h1 = load<u32>(state, 4);
  let h2 = load<u32>(state, 8);
  let h3 = load<u32>(state, 12);
  let h4 = load<u32>(state, 16);
  let h5 = load<u32>(state, 20);
  let h6 = load<u32>(state, 24);
  let h7 = load<u32>(state, 28);
  for (let n: u32 = 0; n < count; n++, data += 64) {
    let a = h0;
    let b = h1;
    let c = h2;
    let d = h3;
    let e = h4;
    let f = h5;
    let g = h6;
    let h = h7;
    let t: u32;
    let x: u32;
    let y = b ^ c;
    const x0 = bswapWords(v128.load(data, 0));
    t = h + 0x428a2f98 + <u32>i32x4.extract_lane(x0, 0) + (g ^ (e & (f ^ g))) + bigSigma1(e); d += t; x = a ^ b; h = t + (bigSigma0(a) + (b ^ (x & y)));
    t = g + 0x71374491 + <u32>i32x4.extract_lane(x0, 1) + (f ^ (d & (e ^ f))) + bigSigma1(d); c += t; y = h ^ a; g = t + (bigSigma0(h) + (a ^ (y & x)));
    t = f + 0xb5c0fbcf + <u32>i32x4.extract_lane(x0, 2) + (e ^ (c & (d ^ e))) + bigSigma1(c); b += t; x = g ^ h; f = t + (bigSigma0(g) + (h ^ (x & y)));
    t = e + 0xe9b5dba5 + <u32>i32x4.extract_lane(x0, 3) + (d ^ (b & (c ^ d))) + bigSigma1(b); a += t; y = f ^ g; e = t + (bigSigma0(f) + (g ^ (y & x)));
    const x1 = bswapWords(v128.load(data, 16));
    t = d + 0x3956c25b + <u32>i32x4.extract_lane(x1, 0) + (c ^ (a & (b ^ c))) + bigSigma1(a); h += t; x = e ^ f; d = t + (bigSigma0(e) + (f ^ (x & y)));
    t = c + 0x59f111f1 + <u32>i32x4.extract_lane(x1, 1) + (b ^ (h & (a ^ b))) + bigSigma1(h); g += t; y = d ^ e; c = t + (bigSigma0(d) + (e ^ (y & x)));
    t = b + 0x923f82a4 + <u32>i32x4.extract_lane(x1, 2) + (a ^ (g & (h ^ a))) + bigSigma1(g); f += t; x = c ^ d; b = t + (bigSigma0(c) + (d ^ (x & y)));
    t = a + 0xab1c5ed5 + <u32>i32x4.extract_lane(x1, 3) + (h ^ (f & (g ^ h))) + bigSigma1(f); e += t; y = b ^ c; a = t + (bigSigma0(b) + (c ^ (y & x)));
    const x2 = bswapWords(v128.load(data, 32));
    t = h + 0xd807aa98 + <u32>i32x4.extract_lane(x2, 0) + (g ^ (e & (f ^ g))) + bigSigma1(e); d += t; x = a ^ b; h = t + (bigSigma0(a) + (b ^ (x & y)));
    t = g + 0x12835b01 + <u32>i32x4.extract_lane(x2, 1) + (f ^ (d & (e ^ f))) + bigSigma1(d); c += t; y = h ^ a; g = t + (bigSigma0(h) + (a ^ (y & x)));
    t = f + 0x243185be + <u32>i32x4.extract_lane(x2, 2) + (e ^ (c & (d ^ e))) + bigSigma1(c); b += t; x = g ^ h; f = t + (bigSigma0(g) + (h ^ (x & y)));
    t = e + 0x550c7dc3 + <u32>i32x4.extract_lane(x2, 3) + (d ^ (b & (c ^ d))) + bigSigma1(b); a += t; y = f ^ g; e = t + (bigSigma0(f) + (g ^ (y & x)));
    const x3 = bswapWords(v128.load(data, 48));
    t = d + 0x72be5d74 + <u32>i32x4.extract_lane(x3, 0) + (c ^ (a & (b ^ c))) + bigSigma1(a); h += t; x = e ^ f; d = t + (bigSigma0(e) + (f ^ (x & y)));
    t = c + 0x80deb1fe + <u32>i32x4.extract_lane(x3, 1) + (b ^ (h & (a ^ b))) + bigSigma1(h); g += t; y = d ^ e; c = t + (bigSigma0(d) + (e ^ (y & x)));
    t = b + 0x9bdc06a7 + <u32>i32x4.extract_lane(x3, 2) + (a ^ (g & (h ^ a))) + bigSigma1(g); f += t; x = c ^ d; b = t + (bigSigma0(c) + (d ^ (x & y)));
    t = a + 0xc19bf174 + <u32>i32x4.extract_lane(x3, 3) + (h ^ (f & (g ^ h))) + bigSigma1(f); e += t; y = b ^ c; a = t + (bigSigma0(b) + (c ^ (y & x)));
    const x4 = nextWords(x0, x1, x2, x3);
    t = h + 0xe49b69c1 + <u32>i32x4.extract_lane(x4, 0) + (g ^ (e & (f ^ g))) + bigSigma1(e); d += t; x = a ^ b; h = t + (bigSigma0(a) + (b ^ (x & y)));
    t = g + 0xefbe4786 + <u32>i32x4.extract_lane(x4, 1) + (f ^ (d & (e ^ f))) + bigSigma1(d); c += t; y = h ^ a; g = t + (bigSigma0(h) + (a ^ (y & x)));
    t = f + 0x0fc19dc6 + <u32>i32x4.extract_lane(x4, 2) + (e ^ (c & (d ^ e))) + bigSigma1(c); b += t; x = g ^ h; f = t + (bigSigma0(g) + (h ^ (x & y)));
    t = e + 0x240ca1cc + <u32>i32x4.extract_lane(x4, 3) + (d ^ (b & (c ^ d))) + bigSigma1(b); a += t; y = f ^ g; e = t + (bigSigma0(f) + (g ^ (y & x)));
    const x5 = nextWords(x1, x2, x3, x4);
    t = d + 0x2de92c6f + <u32>i32x4.extract_lane(x5, 0) + (c ^ (a & (b ^ c))) + bigSigma1(a); h += t; x = e ^ f; d = t + (bigSigma0(e) + (f ^ (x & y)));
    t = c + 0x4a7484aa + <u32>i32x4.extract_lane(x5, 1) + (b ^ (h & (a ^ b))) + bigSigma1(h); g += t; y = d ^ e; c = t + (bigSigma0(d) + (e ^ (y & x)));
    t = b + 0x5cb0a9dc + <u32>i32x4.extract_lane(x5, 2) + (a ^ (g & (h ^ a))) + bigSigma1(g); f += t; x = c ^ d; b = t + (bigSigma0(c) + (d ^ (x & y)));
    t = a + 0x76f988da + <u32>i32x4.extract_lane(x5, 3) + (h ^ (f & (g ^ h))) + bigSigma1(f); e += t; y = b ^ c; a = t + (bigSigma0(b) + (c ^ (y & x)));
    const x6 = nextWords(x2, x3, x4, x5);
    t = h + 0x983e5152 + <u32>i32x4.extract_lane(x6, 0) + (g ^ (e & (f ^ g))) + bigSigma1(e); d += t; x = a ^ b; h = t + (bigSigma0(a) + (b ^ (x & y)));
    t = g + 0xa831c66d + <u32>i32x4.extract_lane(x6, 1) + (f ^ (d & (e ^ f))) + bigSigma1(d); c += t; y = h ^ a; g = t + (bigSigma0(h) + (a ^ (y & x)));
    t = f + 0xb00327c8 + <u32>i32x4.extract_lane(x6, 2) + (e ^ (c & (d ^ e))) + bigSigma1(c); b += t; x = g ^ h; f = t + (bigSigma0(g) + (h ^ (x & y)));
    t = e + 0xbf597fc7 + <u32>i32x4.extract_lane(x6, 3) + (d ^ (b & (c ^ d))) + bigSigma1(b); a += t; y = f ^ g; e = t + (bigSigma0(f) + (g ^ (y & x)));
    const x7 = nextWords(x3, x4, x5, x6);
    t = d + 0xc6e00bf3 + <u32>i32x4.extract_lane(x7, 0) + (c ^ (a & (b ^ c))) + bigSigma1(a); h += t; x = e ^ f; d = t + (bigSigma0(e) + (f ^ (x & y)));
    t = c + 0xd5a79147 + <u32>i32x4.extract_lane(x7, 1) + (b ^ (h & (a ^ b))) + bigSigma1(h); g += t; y = d ^ e; c = t + (bigSigma0(d) + (e ^ (y & x)));
    t = b + 0x06ca6351 + <u32>i32x4.extract_lane(x7, 2) + (a ^ (g & (h ^ a))) + bigSigma1(g); f += t; x = c ^ d; b = t + (bigSigma0(c) + (d ^ (x & y)));
    t = a + 0x14292967 + <u32>i32x4.extract_lane(x7, 3) + (h ^ (f & (g ^ h))) + bigSigma1(f); e += t; y = b ^ c; a = t + (bigSigma0(b) + (c ^ (y & x)));
    const x8 = nextWords(x4, x5, x6, x7);
    t = h + 0x27b70a85 + <u32>i32x4.extract_lane(x8, 0) + (g ^ (e & (f ^ g))) + bigSigma1(e); d += t; x = a ^ b; h = t + (bigSigma0(a) + (b ^ (x & y)));
    t = g + 0x2e1b2138 + <u32>i32x4.extract_lane(x8, 1) + (f ^ (d & (e ^ f))) + bigSigma1(d); c += t; y = h ^ a; g = t + (bigSigma0(h) + (a ^ (y & x)));
    t = f + 0x4d2c6dfc + <u32>i32x4.extract_lane(x8, 2) + (e ^ (c & (d ^ e))) + bigSigma1(c); b += t; x = g ^ h; f = t + (bigSigma0(g) + (h ^ (x & y)));
    t = e + 0x53380d13 + <u32>i32x4.extract_lane(x8, 3) + (d ^ (b & (c ^ d))) + bigSigma1(b); a += t; y = f ^ g; e = t + (bigSigma0(f) + (g ^ (y & x)));
    const x9 = nextWords(x5, x6, x7, x8);
    t = d + 0x650a7354 + <u32>i32x4.extract_lane(x9, 0) + (c ^ (a & (b ^ c))) + bigSigma1(a); h += t; x = e ^ f; d = t + (bigSigma0(e) + (f ^ (x & y)));
    t = c + 0x766a0abb + <u32>i32x4.extract_lane(x9, 1) + (b ^ (h & (a ^ b))) + bigSigma1(h); g += t; y = d ^ e; c = t + (bigSigma0(d) + (e ^ (y & x)));
    t = b + 0x81c2c92e + <u32>i32x4.extract_lane(x9, 2) + (a ^ (g & (h ^ a))) + bigSigma1(g); f += t; x = c ^ d; b = t + (bigSigma0(c) + (d ^ (x & y)));
    t = a + 0x92722c85 + <u32>i32x4.extract_lane(x9, 3) + (h ^ (f & (g ^ h))) + bigSigma1(f); e += t; y = b ^ c; a = t + (bigSigma0(b) + (c ^ (y & x)));
    const x10 = nextWords(x6, x7, x8, x9);
    t = h + 0xa2bfe8a1 + <u32>i32x4.extract_lane(x10, 0) + (g ^ (e & (f ^ g))) + bigSigma1(e); d += t; x = a ^ b; h = t + (bigSigma0(a) + (b ^ (x & y)));
    t = g + 0xa81a664b + <u32>i32x4.extract_lane(x10, 1) + (f ^ (d & (e ^ f))) + bigSigma1(d); c += t; y = h ^ a; g = t + (bigSigma0(h) + (a ^ (y & x)));
    t = f + 0xc24b8b70 + <u32>i32x4.extract_lane(x10, 2) + (e ^ (c & (d ^ e))) + bigSigma1(c); b += t; x = g ^ h; f = t + (bigSigma0(g) + (h ^ (x & y)));
    t = e + 0xc76c51a3 + <u32>i32x4.extract_lane(x10, 3) + (d ^ (b & (c ^ d))) + bigSigma1(b); a += t; y = f ^ g; e = t + (bigSigma0(f) + (g ^ (y & x)));
    const x11 = nextWords(x7, x8, x9, x10);
    t = d + 0xd192e819 + <u32>i32x4.extract_lane(x11, 0) + (c ^ (a & (b ^ c))) + bigSigma1(a); h += t; x = e ^ f; d = t + (bigSigma0(e) + (f ^ (x & y)));
    t = c + 0xd6990624 + <u32>i32x4.extract_lane(x11, 1) + (b ^ (h & (a ^ b))) + bigSigma1(h); g += t; y = d ^ e; c = t + (bigSigma0(d) + (e ^ (y & x)));
    t = b + 0xf40e3585 + <u32>i32x4.extract_lane(x11, 2) + (a ^ (g & (h ^ a))) + bigSigma1(g); f += t; x = c ^ d; b = t + (bigSigma0(c) + (d ^ (x & y)));
    t = a + 0x106aa070 + <u32>i32x4.extract_lane(x11, 3) + (h ^ (f & (g ^ h))) + bigSigma1(f); e += t; y = b ^ c; a = t + (bigSigma0(b) + (c ^ (y & x)));
    const x12 = nextWords(x8, x9, x10, x11);
    t = h + 0x19a4c116 + <u32>i32x4.extract_lane(x12, 0) + (g ^ (e & (f ^ g))) + bigSigma1(e); d += t; x = a ^ b; h = t + (bigSigma0(a) + (b ^ (x & y)));
    t = g + 0x1e376c08 + <u32>i32x4.extract_lane(x12, 1) + (f ^ (d & (e ^ f))) + bigSigma1(d); c += t; y = h ^ a; g = t + (bigSigma0(h) + (a ^ (y & x)));
    t = f + 0x2748774c + <u32>i32x4.extract_lane(x12, 2) + (e ^ (c & (d ^ e))) + bigSigma1(c); b += t; x = g ^ h; f = t + (bigSigma0(g) + (h ^ (x & y)));
    t = e + 0x34b0bcb5 + <u32>i32x4.extract_lane(x12, 3) + (d ^ (b & (c ^ d))) + bigSigma1(b); a += t; y = f ^ g; e = t + (bigSigma0(f) + (g ^ (y & x)));
    const x13 = nextWords(x9, x10, x11, x12);
    t = d + 0x391c0cb3 + <u32>i32x4.extract_lane(x13, 0) + (c ^ (a & (b ^ c))) + bigSigma1(a); h += t; x = e ^ f; d = t + (bigSigma0(e) + (f ^ (x & y)));
    t = c + 0x4ed8aa4a + <u32>i32x4.extract_lane(x13, 1) + (b ^ (h & (a ^ b))) + bigSigma1(h); g += t; y = d ^ e; c = t + (bigSigma0(d) + (e ^ (y & x)));
    t = b + 0x5b9cca4f + <u32>i32x4.extract_lane(x13, 2) + (a ^ (g & (h ^ a))) + bigSigma1(g); f += t; x = c ^ d; b = t + (bigSigma0(c) + (d ^ (x & y)));
    t = a + 0x682e6ff3 + <u32>i32x4.extract_lane(x13, 3) + (h ^ (f & (g ^ h))) + bigSigma1(f); e += t; y = b ^ c; a = t + (bigSigma0(b) + (c ^ (y & x)));
    const x14 = nextWords(x10, x11, x12, x13);
    t = h + 0x748f82ee + <u32>i32x4.extract_lane(x14, 0) + (g ^ (e & (f ^ g))) + bigSigma1(e); d += t; x = a ^ b; h = t + (bigSigma0(a) + (b ^ (x & y)));
    t = g + 0x78a5636f + <u32>i32x4.extract_lane(x14, 1) + (f ^ (d & (e ^ f))) + bigSigma1(d); c += t; y = h ^ a; g = t + (bigSigma0(h) + (a ^ (y & x)));
    t = f + 0x84c87814 + <u32>i32x4.extract_lane(x14, 2) + (e ^ (c & (d ^ e))) + bigSigma1(c); b += t; x = g ^ h; f = t + (bigSigma0(g) + (h ^ (x & y)));
    t = e + 0x8cc70208 + <u32>i32x4.extract_lane(x14, 3) + (d ^ (b & (c ^ d))) + bigSigma1(b); a += t; y = f ^ g; e = t + (bigSigma0(f) + (g ^ (y & x)));
    const x15 = nextWords(x11, x12, x13, x14);
    t = d + 0x90befffa + <u32>i32x4.extract_lane(x15, 0) + (c ^ (a & (b ^ c))) + bigSigma1(a); h += t; x = e ^ f; d = t + (bigSigma0(e) + (f ^ (x & y)));
    t = c + 0xa4506ceb + <u32>i32x4.extract_lane(x15, 1) + (b ^ (h & (a ^ b))) + bigSigma1(h); g += t; y = d ^ e; c = t + (bigSigma0(d) + (e ^ (y & x)));
    t = b + 0xbef9a3f7 + <u32>i32x4.extract_lane(x15, 2) + (a ^ (g & (h ^ a))) + bigSigma1(g); f += t; x = c ^ d; b = t + (bigSigma0(c) + (d ^ (x & y)));
    t = a + 0xc67178f2 + <u32>i32x4.extract_lane(x15, 3) + (h ^ (f & (g ^ h))) + bigSigma1(f); e += t; y = b ^ c; a = t + (bigSigma0(b) + (c ^ (y & x)));
    h0 += a;
    h1 += b;
    h2 += c;
    h3 += d;
    h4 += e;
    h5 += f;
    h6 += g;
    h7 += h;
  }
  store<u32>(state, h0);
  store<u32>(state, h1, 4);
  store<u32>(state, h2, 8);
  store<u32>(state, h3, 12);
  store<u32>(state, h4, 16);
  store<u32>(state, h5, 20);
  store<u32>(state, h6, 24);
  store<u32>(state, h7, 28);
}

const compress: CompressBlocks = compressSha256;

export function sha256Init(): void {
  store<u32>(state, 0x6a09e667);
  store<u32>(state, 0xbb67ae85, 4);
  store<u32>(state, 0x3c6ef372, 8);
  store<u32>(state, 0xa54ff53a, 12);
  store<u32>(state, 0x510e527f, 16);
  store<u32>(state, 0x9b05688c, 20);
  store<u32>(state, 0x1f83d9ab, 24);
  store<u32>(state, 0x5be0cd19, 28);
  streamReset(state);
}

/** Hashes `length` bytes at inputPointer(). */
export function sha256Update(length: u32): void {
  streamUpdate(state, inputPointer(), length, compress);
}

/** Finishes the hash and writes the 32-byte digest at outputPointer(). */
export function sha256Final(): void {
  streamFinish(state, compress);
  writeDigest(state, 8, outputPointer());
}

/** Where the state lives, so JS can save and restore it to interleave several streams. */
export function sha256State(): usize {
  return state;
}
