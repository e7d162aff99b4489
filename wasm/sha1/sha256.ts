// SHA-256 (FIPS 180-4 §6.2), streaming over 64-byte blocks without allocation; the 64 rounds are unrolled with the
// message schedule in locals (w0..w15 recycled as w[i mod 16]). Used by the catalog to identify files.
//
// Additions run in the order their terms become ready (h + K + w first, Σ1 of the fresh e last). Maj(a, b, c) is
// written b ^ ((a ^ b) & (b ^ c)): b ^ c is the previous round's a ^ b, so x and y alternate and a round saves one
// operation. Σ and σ nest their rotations (Σ1(e) = rotr(e ^ rotr(e ^ rotr(e, 14), 5), 6)): as many operations, but
// x64 copies a register before each rotation of a value that stays live, and V8's code for this function is bound
// by instruction throughput rather than latency. Together these give only ~5 % (scripts/measure-sha.mjs).
// Measured slower in V8, so not used: a 128-bit SIMD message schedule stored as W + K in a static table (−30 %),
// the same table filled by scalar code (−20 %), W kept in a static table read at fixed offsets (−10 %), and the
// chaining words kept in memory instead of locals (no change).
import { CompressBlocks, HASH_STATE_SIZE, streamFinish, streamReset, streamUpdate, writeDigest } from './stream';
import { inputPointer, outputPointer } from '../shared/buffers';

const state = memory.data(HASH_STATE_SIZE, 64);

// @ts-ignore: decorator
@inline function bigSigma0(x: u32): u32 {
  return rotr<u32>(x ^ rotr<u32>(x ^ rotr<u32>(x, 9), 11), 2);
}
// @ts-ignore: decorator
@inline function bigSigma1(x: u32): u32 {
  return rotr<u32>(x ^ rotr<u32>(x ^ rotr<u32>(x, 14), 5), 6);
}
// @ts-ignore: decorator
@inline function sigma0(x: u32): u32 {
  return rotr<u32>(x ^ rotr<u32>(x, 11), 7) ^ (x >>> 3);
}
// @ts-ignore: decorator
@inline function sigma1(x: u32): u32 {
  return rotr<u32>(x ^ rotr<u32>(x, 2), 17) ^ (x >>> 10);
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
    let w0 = bswap<u32>(load<u32>(data, 0));
    let w1 = bswap<u32>(load<u32>(data, 4));
    let w2 = bswap<u32>(load<u32>(data, 8));
    let w3 = bswap<u32>(load<u32>(data, 12));
    let w4 = bswap<u32>(load<u32>(data, 16));
    let w5 = bswap<u32>(load<u32>(data, 20));
    let w6 = bswap<u32>(load<u32>(data, 24));
    let w7 = bswap<u32>(load<u32>(data, 28));
    let w8 = bswap<u32>(load<u32>(data, 32));
    let w9 = bswap<u32>(load<u32>(data, 36));
    let w10 = bswap<u32>(load<u32>(data, 40));
    let w11 = bswap<u32>(load<u32>(data, 44));
    let w12 = bswap<u32>(load<u32>(data, 48));
    let w13 = bswap<u32>(load<u32>(data, 52));
    let w14 = bswap<u32>(load<u32>(data, 56));
    let w15 = bswap<u32>(load<u32>(data, 60));
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
    t = h + 0x428a2f98 + w0 + (g ^ (e & (f ^ g))) + bigSigma1(e); d += t; x = a ^ b; h = t + (bigSigma0(a) + (b ^ (x & y)));
    t = g + 0x71374491 + w1 + (f ^ (d & (e ^ f))) + bigSigma1(d); c += t; y = h ^ a; g = t + (bigSigma0(h) + (a ^ (y & x)));
    t = f + 0xb5c0fbcf + w2 + (e ^ (c & (d ^ e))) + bigSigma1(c); b += t; x = g ^ h; f = t + (bigSigma0(g) + (h ^ (x & y)));
    t = e + 0xe9b5dba5 + w3 + (d ^ (b & (c ^ d))) + bigSigma1(b); a += t; y = f ^ g; e = t + (bigSigma0(f) + (g ^ (y & x)));
    t = d + 0x3956c25b + w4 + (c ^ (a & (b ^ c))) + bigSigma1(a); h += t; x = e ^ f; d = t + (bigSigma0(e) + (f ^ (x & y)));
    t = c + 0x59f111f1 + w5 + (b ^ (h & (a ^ b))) + bigSigma1(h); g += t; y = d ^ e; c = t + (bigSigma0(d) + (e ^ (y & x)));
    t = b + 0x923f82a4 + w6 + (a ^ (g & (h ^ a))) + bigSigma1(g); f += t; x = c ^ d; b = t + (bigSigma0(c) + (d ^ (x & y)));
    t = a + 0xab1c5ed5 + w7 + (h ^ (f & (g ^ h))) + bigSigma1(f); e += t; y = b ^ c; a = t + (bigSigma0(b) + (c ^ (y & x)));
    t = h + 0xd807aa98 + w8 + (g ^ (e & (f ^ g))) + bigSigma1(e); d += t; x = a ^ b; h = t + (bigSigma0(a) + (b ^ (x & y)));
    t = g + 0x12835b01 + w9 + (f ^ (d & (e ^ f))) + bigSigma1(d); c += t; y = h ^ a; g = t + (bigSigma0(h) + (a ^ (y & x)));
    t = f + 0x243185be + w10 + (e ^ (c & (d ^ e))) + bigSigma1(c); b += t; x = g ^ h; f = t + (bigSigma0(g) + (h ^ (x & y)));
    t = e + 0x550c7dc3 + w11 + (d ^ (b & (c ^ d))) + bigSigma1(b); a += t; y = f ^ g; e = t + (bigSigma0(f) + (g ^ (y & x)));
    t = d + 0x72be5d74 + w12 + (c ^ (a & (b ^ c))) + bigSigma1(a); h += t; x = e ^ f; d = t + (bigSigma0(e) + (f ^ (x & y)));
    t = c + 0x80deb1fe + w13 + (b ^ (h & (a ^ b))) + bigSigma1(h); g += t; y = d ^ e; c = t + (bigSigma0(d) + (e ^ (y & x)));
    t = b + 0x9bdc06a7 + w14 + (a ^ (g & (h ^ a))) + bigSigma1(g); f += t; x = c ^ d; b = t + (bigSigma0(c) + (d ^ (x & y)));
    t = a + 0xc19bf174 + w15 + (h ^ (f & (g ^ h))) + bigSigma1(f); e += t; y = b ^ c; a = t + (bigSigma0(b) + (c ^ (y & x)));
    w0 += sigma1(w14) + w9 + sigma0(w1);
    t = h + 0xe49b69c1 + w0 + (g ^ (e & (f ^ g))) + bigSigma1(e); d += t; x = a ^ b; h = t + (bigSigma0(a) + (b ^ (x & y)));
    w1 += sigma1(w15) + w10 + sigma0(w2);
    t = g + 0xefbe4786 + w1 + (f ^ (d & (e ^ f))) + bigSigma1(d); c += t; y = h ^ a; g = t + (bigSigma0(h) + (a ^ (y & x)));
    w2 += sigma1(w0) + w11 + sigma0(w3);
    t = f + 0x0fc19dc6 + w2 + (e ^ (c & (d ^ e))) + bigSigma1(c); b += t; x = g ^ h; f = t + (bigSigma0(g) + (h ^ (x & y)));
    w3 += sigma1(w1) + w12 + sigma0(w4);
    t = e + 0x240ca1cc + w3 + (d ^ (b & (c ^ d))) + bigSigma1(b); a += t; y = f ^ g; e = t + (bigSigma0(f) + (g ^ (y & x)));
    w4 += sigma1(w2) + w13 + sigma0(w5);
    t = d + 0x2de92c6f + w4 + (c ^ (a & (b ^ c))) + bigSigma1(a); h += t; x = e ^ f; d = t + (bigSigma0(e) + (f ^ (x & y)));
    w5 += sigma1(w3) + w14 + sigma0(w6);
    t = c + 0x4a7484aa + w5 + (b ^ (h & (a ^ b))) + bigSigma1(h); g += t; y = d ^ e; c = t + (bigSigma0(d) + (e ^ (y & x)));
    w6 += sigma1(w4) + w15 + sigma0(w7);
    t = b + 0x5cb0a9dc + w6 + (a ^ (g & (h ^ a))) + bigSigma1(g); f += t; x = c ^ d; b = t + (bigSigma0(c) + (d ^ (x & y)));
    w7 += sigma1(w5) + w0 + sigma0(w8);
    t = a + 0x76f988da + w7 + (h ^ (f & (g ^ h))) + bigSigma1(f); e += t; y = b ^ c; a = t + (bigSigma0(b) + (c ^ (y & x)));
    w8 += sigma1(w6) + w1 + sigma0(w9);
    t = h + 0x983e5152 + w8 + (g ^ (e & (f ^ g))) + bigSigma1(e); d += t; x = a ^ b; h = t + (bigSigma0(a) + (b ^ (x & y)));
    w9 += sigma1(w7) + w2 + sigma0(w10);
    t = g + 0xa831c66d + w9 + (f ^ (d & (e ^ f))) + bigSigma1(d); c += t; y = h ^ a; g = t + (bigSigma0(h) + (a ^ (y & x)));
    w10 += sigma1(w8) + w3 + sigma0(w11);
    t = f + 0xb00327c8 + w10 + (e ^ (c & (d ^ e))) + bigSigma1(c); b += t; x = g ^ h; f = t + (bigSigma0(g) + (h ^ (x & y)));
    w11 += sigma1(w9) + w4 + sigma0(w12);
    t = e + 0xbf597fc7 + w11 + (d ^ (b & (c ^ d))) + bigSigma1(b); a += t; y = f ^ g; e = t + (bigSigma0(f) + (g ^ (y & x)));
    w12 += sigma1(w10) + w5 + sigma0(w13);
    t = d + 0xc6e00bf3 + w12 + (c ^ (a & (b ^ c))) + bigSigma1(a); h += t; x = e ^ f; d = t + (bigSigma0(e) + (f ^ (x & y)));
    w13 += sigma1(w11) + w6 + sigma0(w14);
    t = c + 0xd5a79147 + w13 + (b ^ (h & (a ^ b))) + bigSigma1(h); g += t; y = d ^ e; c = t + (bigSigma0(d) + (e ^ (y & x)));
    w14 += sigma1(w12) + w7 + sigma0(w15);
    t = b + 0x06ca6351 + w14 + (a ^ (g & (h ^ a))) + bigSigma1(g); f += t; x = c ^ d; b = t + (bigSigma0(c) + (d ^ (x & y)));
    w15 += sigma1(w13) + w8 + sigma0(w0);
    t = a + 0x14292967 + w15 + (h ^ (f & (g ^ h))) + bigSigma1(f); e += t; y = b ^ c; a = t + (bigSigma0(b) + (c ^ (y & x)));
    w0 += sigma1(w14) + w9 + sigma0(w1);
    t = h + 0x27b70a85 + w0 + (g ^ (e & (f ^ g))) + bigSigma1(e); d += t; x = a ^ b; h = t + (bigSigma0(a) + (b ^ (x & y)));
    w1 += sigma1(w15) + w10 + sigma0(w2);
    t = g + 0x2e1b2138 + w1 + (f ^ (d & (e ^ f))) + bigSigma1(d); c += t; y = h ^ a; g = t + (bigSigma0(h) + (a ^ (y & x)));
    w2 += sigma1(w0) + w11 + sigma0(w3);
    t = f + 0x4d2c6dfc + w2 + (e ^ (c & (d ^ e))) + bigSigma1(c); b += t; x = g ^ h; f = t + (bigSigma0(g) + (h ^ (x & y)));
    w3 += sigma1(w1) + w12 + sigma0(w4);
    t = e + 0x53380d13 + w3 + (d ^ (b & (c ^ d))) + bigSigma1(b); a += t; y = f ^ g; e = t + (bigSigma0(f) + (g ^ (y & x)));
    w4 += sigma1(w2) + w13 + sigma0(w5);
    t = d + 0x650a7354 + w4 + (c ^ (a & (b ^ c))) + bigSigma1(a); h += t; x = e ^ f; d = t + (bigSigma0(e) + (f ^ (x & y)));
    w5 += sigma1(w3) + w14 + sigma0(w6);
    t = c + 0x766a0abb + w5 + (b ^ (h & (a ^ b))) + bigSigma1(h); g += t; y = d ^ e; c = t + (bigSigma0(d) + (e ^ (y & x)));
    w6 += sigma1(w4) + w15 + sigma0(w7);
    t = b + 0x81c2c92e + w6 + (a ^ (g & (h ^ a))) + bigSigma1(g); f += t; x = c ^ d; b = t + (bigSigma0(c) + (d ^ (x & y)));
    w7 += sigma1(w5) + w0 + sigma0(w8);
    t = a + 0x92722c85 + w7 + (h ^ (f & (g ^ h))) + bigSigma1(f); e += t; y = b ^ c; a = t + (bigSigma0(b) + (c ^ (y & x)));
    w8 += sigma1(w6) + w1 + sigma0(w9);
    t = h + 0xa2bfe8a1 + w8 + (g ^ (e & (f ^ g))) + bigSigma1(e); d += t; x = a ^ b; h = t + (bigSigma0(a) + (b ^ (x & y)));
    w9 += sigma1(w7) + w2 + sigma0(w10);
    t = g + 0xa81a664b + w9 + (f ^ (d & (e ^ f))) + bigSigma1(d); c += t; y = h ^ a; g = t + (bigSigma0(h) + (a ^ (y & x)));
    w10 += sigma1(w8) + w3 + sigma0(w11);
    t = f + 0xc24b8b70 + w10 + (e ^ (c & (d ^ e))) + bigSigma1(c); b += t; x = g ^ h; f = t + (bigSigma0(g) + (h ^ (x & y)));
    w11 += sigma1(w9) + w4 + sigma0(w12);
    t = e + 0xc76c51a3 + w11 + (d ^ (b & (c ^ d))) + bigSigma1(b); a += t; y = f ^ g; e = t + (bigSigma0(f) + (g ^ (y & x)));
    w12 += sigma1(w10) + w5 + sigma0(w13);
    t = d + 0xd192e819 + w12 + (c ^ (a & (b ^ c))) + bigSigma1(a); h += t; x = e ^ f; d = t + (bigSigma0(e) + (f ^ (x & y)));
    w13 += sigma1(w11) + w6 + sigma0(w14);
    t = c + 0xd6990624 + w13 + (b ^ (h & (a ^ b))) + bigSigma1(h); g += t; y = d ^ e; c = t + (bigSigma0(d) + (e ^ (y & x)));
    w14 += sigma1(w12) + w7 + sigma0(w15);
    t = b + 0xf40e3585 + w14 + (a ^ (g & (h ^ a))) + bigSigma1(g); f += t; x = c ^ d; b = t + (bigSigma0(c) + (d ^ (x & y)));
    w15 += sigma1(w13) + w8 + sigma0(w0);
    t = a + 0x106aa070 + w15 + (h ^ (f & (g ^ h))) + bigSigma1(f); e += t; y = b ^ c; a = t + (bigSigma0(b) + (c ^ (y & x)));
    w0 += sigma1(w14) + w9 + sigma0(w1);
    t = h + 0x19a4c116 + w0 + (g ^ (e & (f ^ g))) + bigSigma1(e); d += t; x = a ^ b; h = t + (bigSigma0(a) + (b ^ (x & y)));
    w1 += sigma1(w15) + w10 + sigma0(w2);
    t = g + 0x1e376c08 + w1 + (f ^ (d & (e ^ f))) + bigSigma1(d); c += t; y = h ^ a; g = t + (bigSigma0(h) + (a ^ (y & x)));
    w2 += sigma1(w0) + w11 + sigma0(w3);
    t = f + 0x2748774c + w2 + (e ^ (c & (d ^ e))) + bigSigma1(c); b += t; x = g ^ h; f = t + (bigSigma0(g) + (h ^ (x & y)));
    w3 += sigma1(w1) + w12 + sigma0(w4);
    t = e + 0x34b0bcb5 + w3 + (d ^ (b & (c ^ d))) + bigSigma1(b); a += t; y = f ^ g; e = t + (bigSigma0(f) + (g ^ (y & x)));
    w4 += sigma1(w2) + w13 + sigma0(w5);
    t = d + 0x391c0cb3 + w4 + (c ^ (a & (b ^ c))) + bigSigma1(a); h += t; x = e ^ f; d = t + (bigSigma0(e) + (f ^ (x & y)));
    w5 += sigma1(w3) + w14 + sigma0(w6);
    t = c + 0x4ed8aa4a + w5 + (b ^ (h & (a ^ b))) + bigSigma1(h); g += t; y = d ^ e; c = t + (bigSigma0(d) + (e ^ (y & x)));
    w6 += sigma1(w4) + w15 + sigma0(w7);
    t = b + 0x5b9cca4f + w6 + (a ^ (g & (h ^ a))) + bigSigma1(g); f += t; x = c ^ d; b = t + (bigSigma0(c) + (d ^ (x & y)));
    w7 += sigma1(w5) + w0 + sigma0(w8);
    t = a + 0x682e6ff3 + w7 + (h ^ (f & (g ^ h))) + bigSigma1(f); e += t; y = b ^ c; a = t + (bigSigma0(b) + (c ^ (y & x)));
    w8 += sigma1(w6) + w1 + sigma0(w9);
    t = h + 0x748f82ee + w8 + (g ^ (e & (f ^ g))) + bigSigma1(e); d += t; x = a ^ b; h = t + (bigSigma0(a) + (b ^ (x & y)));
    w9 += sigma1(w7) + w2 + sigma0(w10);
    t = g + 0x78a5636f + w9 + (f ^ (d & (e ^ f))) + bigSigma1(d); c += t; y = h ^ a; g = t + (bigSigma0(h) + (a ^ (y & x)));
    w10 += sigma1(w8) + w3 + sigma0(w11);
    t = f + 0x84c87814 + w10 + (e ^ (c & (d ^ e))) + bigSigma1(c); b += t; x = g ^ h; f = t + (bigSigma0(g) + (h ^ (x & y)));
    w11 += sigma1(w9) + w4 + sigma0(w12);
    t = e + 0x8cc70208 + w11 + (d ^ (b & (c ^ d))) + bigSigma1(b); a += t; y = f ^ g; e = t + (bigSigma0(f) + (g ^ (y & x)));
    w12 += sigma1(w10) + w5 + sigma0(w13);
    t = d + 0x90befffa + w12 + (c ^ (a & (b ^ c))) + bigSigma1(a); h += t; x = e ^ f; d = t + (bigSigma0(e) + (f ^ (x & y)));
    w13 += sigma1(w11) + w6 + sigma0(w14);
    t = c + 0xa4506ceb + w13 + (b ^ (h & (a ^ b))) + bigSigma1(h); g += t; y = d ^ e; c = t + (bigSigma0(d) + (e ^ (y & x)));
    w14 += sigma1(w12) + w7 + sigma0(w15);
    t = b + 0xbef9a3f7 + w14 + (a ^ (g & (h ^ a))) + bigSigma1(g); f += t; x = c ^ d; b = t + (bigSigma0(c) + (d ^ (x & y)));
    w15 += sigma1(w13) + w8 + sigma0(w0);
    t = a + 0xc67178f2 + w15 + (h ^ (f & (g ^ h))) + bigSigma1(f); e += t; y = b ^ c; a = t + (bigSigma0(b) + (c ^ (y & x)));
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
