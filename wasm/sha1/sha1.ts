// SHA-1 (FIPS 180-4 §6.1), streaming over 64-byte blocks without allocation; the 80 rounds are unrolled with the
// 16-word message schedule kept in locals (w0..w15, recycled as w[i mod 16]). Used to check WIM blob hashes.
//
// Each round sums its terms in the order they become ready, written e = e + w + K + f(b, c, d) + rotl(a, 5): e, w
// and K are known early, b was rotated a round ago, and a is what the previous round just produced. Neither binaryen
// nor V8 reassociates these additions, so the written order is the critical path: a → a costs one rotate and one
// add, where `e += rotl(a, 5) + f + K + w` cost a rotate and four adds (+34 % measured, scripts/measure-sha.mjs).
// Rounds 40–59 use Maj = (b & c) + (d & (b ^ c)) (the two terms never share a bit), joining the same sum.
// A 128-bit SIMD schedule stored as W + K in a static table measured 30 % slower in V8, so W stays in locals.
import { CompressBlocks, HASH_STATE_SIZE, streamFinish, streamReset, streamUpdate, writeDigest } from './stream';
import { inputPointer, outputPointer } from '../shared/buffers';

const state = memory.data(HASH_STATE_SIZE, 64);

function compressSha1(state: usize, data: usize, count: u32): void {
  let h0 = load<u32>(state);
  let h1 = load<u32>(state, 4);
  let h2 = load<u32>(state, 8);
  let h3 = load<u32>(state, 12);
  let h4 = load<u32>(state, 16);
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
    e = e + w0 + 0x5a827999 + (d ^ (b & (c ^ d))) + rotl<u32>(a, 5); b = rotl<u32>(b, 30);
    d = d + w1 + 0x5a827999 + (c ^ (a & (b ^ c))) + rotl<u32>(e, 5); a = rotl<u32>(a, 30);
    c = c + w2 + 0x5a827999 + (b ^ (e & (a ^ b))) + rotl<u32>(d, 5); e = rotl<u32>(e, 30);
    b = b + w3 + 0x5a827999 + (a ^ (d & (e ^ a))) + rotl<u32>(c, 5); d = rotl<u32>(d, 30);
    a = a + w4 + 0x5a827999 + (e ^ (c & (d ^ e))) + rotl<u32>(b, 5); c = rotl<u32>(c, 30);
    e = e + w5 + 0x5a827999 + (d ^ (b & (c ^ d))) + rotl<u32>(a, 5); b = rotl<u32>(b, 30);
    d = d + w6 + 0x5a827999 + (c ^ (a & (b ^ c))) + rotl<u32>(e, 5); a = rotl<u32>(a, 30);
    c = c + w7 + 0x5a827999 + (b ^ (e & (a ^ b))) + rotl<u32>(d, 5); e = rotl<u32>(e, 30);
    b = b + w8 + 0x5a827999 + (a ^ (d & (e ^ a))) + rotl<u32>(c, 5); d = rotl<u32>(d, 30);
    a = a + w9 + 0x5a827999 + (e ^ (c & (d ^ e))) + rotl<u32>(b, 5); c = rotl<u32>(c, 30);
    e = e + w10 + 0x5a827999 + (d ^ (b & (c ^ d))) + rotl<u32>(a, 5); b = rotl<u32>(b, 30);
    d = d + w11 + 0x5a827999 + (c ^ (a & (b ^ c))) + rotl<u32>(e, 5); a = rotl<u32>(a, 30);
    c = c + w12 + 0x5a827999 + (b ^ (e & (a ^ b))) + rotl<u32>(d, 5); e = rotl<u32>(e, 30);
    b = b + w13 + 0x5a827999 + (a ^ (d & (e ^ a))) + rotl<u32>(c, 5); d = rotl<u32>(d, 30);
    a = a + w14 + 0x5a827999 + (e ^ (c & (d ^ e))) + rotl<u32>(b, 5); c = rotl<u32>(c, 30);
    e = e + w15 + 0x5a827999 + (d ^ (b & (c ^ d))) + rotl<u32>(a, 5); b = rotl<u32>(b, 30);
    w0 = rotl<u32>(w13 ^ w8 ^ w2 ^ w0, 1); d = d + w0 + 0x5a827999 + (c ^ (a & (b ^ c))) + rotl<u32>(e, 5); a = rotl<u32>(a, 30);
    w1 = rotl<u32>(w14 ^ w9 ^ w3 ^ w1, 1); c = c + w1 + 0x5a827999 + (b ^ (e & (a ^ b))) + rotl<u32>(d, 5); e = rotl<u32>(e, 30);
    w2 = rotl<u32>(w15 ^ w10 ^ w4 ^ w2, 1); b = b + w2 + 0x5a827999 + (a ^ (d & (e ^ a))) + rotl<u32>(c, 5); d = rotl<u32>(d, 30);
    w3 = rotl<u32>(w0 ^ w11 ^ w5 ^ w3, 1); a = a + w3 + 0x5a827999 + (e ^ (c & (d ^ e))) + rotl<u32>(b, 5); c = rotl<u32>(c, 30);
    w4 = rotl<u32>(w1 ^ w12 ^ w6 ^ w4, 1); e = e + w4 + 0x6ed9eba1 + (b ^ c ^ d) + rotl<u32>(a, 5); b = rotl<u32>(b, 30);
    w5 = rotl<u32>(w2 ^ w13 ^ w7 ^ w5, 1); d = d + w5 + 0x6ed9eba1 + (a ^ b ^ c) + rotl<u32>(e, 5); a = rotl<u32>(a, 30);
    w6 = rotl<u32>(w3 ^ w14 ^ w8 ^ w6, 1); c = c + w6 + 0x6ed9eba1 + (e ^ a ^ b) + rotl<u32>(d, 5); e = rotl<u32>(e, 30);
    w7 = rotl<u32>(w4 ^ w15 ^ w9 ^ w7, 1); b = b + w7 + 0x6ed9eba1 + (d ^ e ^ a) + rotl<u32>(c, 5); d = rotl<u32>(d, 30);
    w8 = rotl<u32>(w5 ^ w0 ^ w10 ^ w8, 1); a = a + w8 + 0x6ed9eba1 + (c ^ d ^ e) + rotl<u32>(b, 5); c = rotl<u32>(c, 30);
    w9 = rotl<u32>(w6 ^ w1 ^ w11 ^ w9, 1); e = e + w9 + 0x6ed9eba1 + (b ^ c ^ d) + rotl<u32>(a, 5); b = rotl<u32>(b, 30);
    w10 = rotl<u32>(w7 ^ w2 ^ w12 ^ w10, 1); d = d + w10 + 0x6ed9eba1 + (a ^ b ^ c) + rotl<u32>(e, 5); a = rotl<u32>(a, 30);
    w11 = rotl<u32>(w8 ^ w3 ^ w13 ^ w11, 1); c = c + w11 + 0x6ed9eba1 + (e ^ a ^ b) + rotl<u32>(d, 5); e = rotl<u32>(e, 30);
    w12 = rotl<u32>(w9 ^ w4 ^ w14 ^ w12, 1); b = b + w12 + 0x6ed9eba1 + (d ^ e ^ a) + rotl<u32>(c, 5); d = rotl<u32>(d, 30);
    w13 = rotl<u32>(w10 ^ w5 ^ w15 ^ w13, 1); a = a + w13 + 0x6ed9eba1 + (c ^ d ^ e) + rotl<u32>(b, 5); c = rotl<u32>(c, 30);
    w14 = rotl<u32>(w11 ^ w6 ^ w0 ^ w14, 1); e = e + w14 + 0x6ed9eba1 + (b ^ c ^ d) + rotl<u32>(a, 5); b = rotl<u32>(b, 30);
    w15 = rotl<u32>(w12 ^ w7 ^ w1 ^ w15, 1); d = d + w15 + 0x6ed9eba1 + (a ^ b ^ c) + rotl<u32>(e, 5); a = rotl<u32>(a, 30);
    w0 = rotl<u32>(w13 ^ w8 ^ w2 ^ w0, 1); c = c + w0 + 0x6ed9eba1 + (e ^ a ^ b) + rotl<u32>(d, 5); e = rotl<u32>(e, 30);
    w1 = rotl<u32>(w14 ^ w9 ^ w3 ^ w1, 1); b = b + w1 + 0x6ed9eba1 + (d ^ e ^ a) + rotl<u32>(c, 5); d = rotl<u32>(d, 30);
    w2 = rotl<u32>(w15 ^ w10 ^ w4 ^ w2, 1); a = a + w2 + 0x6ed9eba1 + (c ^ d ^ e) + rotl<u32>(b, 5); c = rotl<u32>(c, 30);
    w3 = rotl<u32>(w0 ^ w11 ^ w5 ^ w3, 1); e = e + w3 + 0x6ed9eba1 + (b ^ c ^ d) + rotl<u32>(a, 5); b = rotl<u32>(b, 30);
    w4 = rotl<u32>(w1 ^ w12 ^ w6 ^ w4, 1); d = d + w4 + 0x6ed9eba1 + (a ^ b ^ c) + rotl<u32>(e, 5); a = rotl<u32>(a, 30);
    w5 = rotl<u32>(w2 ^ w13 ^ w7 ^ w5, 1); c = c + w5 + 0x6ed9eba1 + (e ^ a ^ b) + rotl<u32>(d, 5); e = rotl<u32>(e, 30);
    w6 = rotl<u32>(w3 ^ w14 ^ w8 ^ w6, 1); b = b + w6 + 0x6ed9eba1 + (d ^ e ^ a) + rotl<u32>(c, 5); d = rotl<u32>(d, 30);
    w7 = rotl<u32>(w4 ^ w15 ^ w9 ^ w7, 1); a = a + w7 + 0x6ed9eba1 + (c ^ d ^ e) + rotl<u32>(b, 5); c = rotl<u32>(c, 30);
    w8 = rotl<u32>(w5 ^ w0 ^ w10 ^ w8, 1); e = e + w8 + 0x8f1bbcdc + (b & c) + (d & (b ^ c)) + rotl<u32>(a, 5); b = rotl<u32>(b, 30);
    w9 = rotl<u32>(w6 ^ w1 ^ w11 ^ w9, 1); d = d + w9 + 0x8f1bbcdc + (a & b) + (c & (a ^ b)) + rotl<u32>(e, 5); a = rotl<u32>(a, 30);
    w10 = rotl<u32>(w7 ^ w2 ^ w12 ^ w10, 1); c = c + w10 + 0x8f1bbcdc + (e & a) + (b & (e ^ a)) + rotl<u32>(d, 5); e = rotl<u32>(e, 30);
    w11 = rotl<u32>(w8 ^ w3 ^ w13 ^ w11, 1); b = b + w11 + 0x8f1bbcdc + (d & e) + (a & (d ^ e)) + rotl<u32>(c, 5); d = rotl<u32>(d, 30);
    w12 = rotl<u32>(w9 ^ w4 ^ w14 ^ w12, 1); a = a + w12 + 0x8f1bbcdc + (c & d) + (e & (c ^ d)) + rotl<u32>(b, 5); c = rotl<u32>(c, 30);
    w13 = rotl<u32>(w10 ^ w5 ^ w15 ^ w13, 1); e = e + w13 + 0x8f1bbcdc + (b & c) + (d & (b ^ c)) + rotl<u32>(a, 5); b = rotl<u32>(b, 30);
    w14 = rotl<u32>(w11 ^ w6 ^ w0 ^ w14, 1); d = d + w14 + 0x8f1bbcdc + (a & b) + (c & (a ^ b)) + rotl<u32>(e, 5); a = rotl<u32>(a, 30);
    w15 = rotl<u32>(w12 ^ w7 ^ w1 ^ w15, 1); c = c + w15 + 0x8f1bbcdc + (e & a) + (b & (e ^ a)) + rotl<u32>(d, 5); e = rotl<u32>(e, 30);
    w0 = rotl<u32>(w13 ^ w8 ^ w2 ^ w0, 1); b = b + w0 + 0x8f1bbcdc + (d & e) + (a & (d ^ e)) + rotl<u32>(c, 5); d = rotl<u32>(d, 30);
    w1 = rotl<u32>(w14 ^ w9 ^ w3 ^ w1, 1); a = a + w1 + 0x8f1bbcdc + (c & d) + (e & (c ^ d)) + rotl<u32>(b, 5); c = rotl<u32>(c, 30);
    w2 = rotl<u32>(w15 ^ w10 ^ w4 ^ w2, 1); e = e + w2 + 0x8f1bbcdc + (b & c) + (d & (b ^ c)) + rotl<u32>(a, 5); b = rotl<u32>(b, 30);
    w3 = rotl<u32>(w0 ^ w11 ^ w5 ^ w3, 1); d = d + w3 + 0x8f1bbcdc + (a & b) + (c & (a ^ b)) + rotl<u32>(e, 5); a = rotl<u32>(a, 30);
    w4 = rotl<u32>(w1 ^ w12 ^ w6 ^ w4, 1); c = c + w4 + 0x8f1bbcdc + (e & a) + (b & (e ^ a)) + rotl<u32>(d, 5); e = rotl<u32>(e, 30);
    w5 = rotl<u32>(w2 ^ w13 ^ w7 ^ w5, 1); b = b + w5 + 0x8f1bbcdc + (d & e) + (a & (d ^ e)) + rotl<u32>(c, 5); d = rotl<u32>(d, 30);
    w6 = rotl<u32>(w3 ^ w14 ^ w8 ^ w6, 1); a = a + w6 + 0x8f1bbcdc + (c & d) + (e & (c ^ d)) + rotl<u32>(b, 5); c = rotl<u32>(c, 30);
    w7 = rotl<u32>(w4 ^ w15 ^ w9 ^ w7, 1); e = e + w7 + 0x8f1bbcdc + (b & c) + (d & (b ^ c)) + rotl<u32>(a, 5); b = rotl<u32>(b, 30);
    w8 = rotl<u32>(w5 ^ w0 ^ w10 ^ w8, 1); d = d + w8 + 0x8f1bbcdc + (a & b) + (c & (a ^ b)) + rotl<u32>(e, 5); a = rotl<u32>(a, 30);
    w9 = rotl<u32>(w6 ^ w1 ^ w11 ^ w9, 1); c = c + w9 + 0x8f1bbcdc + (e & a) + (b & (e ^ a)) + rotl<u32>(d, 5); e = rotl<u32>(e, 30);
    w10 = rotl<u32>(w7 ^ w2 ^ w12 ^ w10, 1); b = b + w10 + 0x8f1bbcdc + (d & e) + (a & (d ^ e)) + rotl<u32>(c, 5); d = rotl<u32>(d, 30);
    w11 = rotl<u32>(w8 ^ w3 ^ w13 ^ w11, 1); a = a + w11 + 0x8f1bbcdc + (c & d) + (e & (c ^ d)) + rotl<u32>(b, 5); c = rotl<u32>(c, 30);
    w12 = rotl<u32>(w9 ^ w4 ^ w14 ^ w12, 1); e = e + w12 + 0xca62c1d6 + (b ^ c ^ d) + rotl<u32>(a, 5); b = rotl<u32>(b, 30);
    w13 = rotl<u32>(w10 ^ w5 ^ w15 ^ w13, 1); d = d + w13 + 0xca62c1d6 + (a ^ b ^ c) + rotl<u32>(e, 5); a = rotl<u32>(a, 30);
    w14 = rotl<u32>(w11 ^ w6 ^ w0 ^ w14, 1); c = c + w14 + 0xca62c1d6 + (e ^ a ^ b) + rotl<u32>(d, 5); e = rotl<u32>(e, 30);
    w15 = rotl<u32>(w12 ^ w7 ^ w1 ^ w15, 1); b = b + w15 + 0xca62c1d6 + (d ^ e ^ a) + rotl<u32>(c, 5); d = rotl<u32>(d, 30);
    w0 = rotl<u32>(w13 ^ w8 ^ w2 ^ w0, 1); a = a + w0 + 0xca62c1d6 + (c ^ d ^ e) + rotl<u32>(b, 5); c = rotl<u32>(c, 30);
    w1 = rotl<u32>(w14 ^ w9 ^ w3 ^ w1, 1); e = e + w1 + 0xca62c1d6 + (b ^ c ^ d) + rotl<u32>(a, 5); b = rotl<u32>(b, 30);
    w2 = rotl<u32>(w15 ^ w10 ^ w4 ^ w2, 1); d = d + w2 + 0xca62c1d6 + (a ^ b ^ c) + rotl<u32>(e, 5); a = rotl<u32>(a, 30);
    w3 = rotl<u32>(w0 ^ w11 ^ w5 ^ w3, 1); c = c + w3 + 0xca62c1d6 + (e ^ a ^ b) + rotl<u32>(d, 5); e = rotl<u32>(e, 30);
    w4 = rotl<u32>(w1 ^ w12 ^ w6 ^ w4, 1); b = b + w4 + 0xca62c1d6 + (d ^ e ^ a) + rotl<u32>(c, 5); d = rotl<u32>(d, 30);
    w5 = rotl<u32>(w2 ^ w13 ^ w7 ^ w5, 1); a = a + w5 + 0xca62c1d6 + (c ^ d ^ e) + rotl<u32>(b, 5); c = rotl<u32>(c, 30);
    w6 = rotl<u32>(w3 ^ w14 ^ w8 ^ w6, 1); e = e + w6 + 0xca62c1d6 + (b ^ c ^ d) + rotl<u32>(a, 5); b = rotl<u32>(b, 30);
    w7 = rotl<u32>(w4 ^ w15 ^ w9 ^ w7, 1); d = d + w7 + 0xca62c1d6 + (a ^ b ^ c) + rotl<u32>(e, 5); a = rotl<u32>(a, 30);
    w8 = rotl<u32>(w5 ^ w0 ^ w10 ^ w8, 1); c = c + w8 + 0xca62c1d6 + (e ^ a ^ b) + rotl<u32>(d, 5); e = rotl<u32>(e, 30);
    w9 = rotl<u32>(w6 ^ w1 ^ w11 ^ w9, 1); b = b + w9 + 0xca62c1d6 + (d ^ e ^ a) + rotl<u32>(c, 5); d = rotl<u32>(d, 30);
    w10 = rotl<u32>(w7 ^ w2 ^ w12 ^ w10, 1); a = a + w10 + 0xca62c1d6 + (c ^ d ^ e) + rotl<u32>(b, 5); c = rotl<u32>(c, 30);
    w11 = rotl<u32>(w8 ^ w3 ^ w13 ^ w11, 1); e = e + w11 + 0xca62c1d6 + (b ^ c ^ d) + rotl<u32>(a, 5); b = rotl<u32>(b, 30);
    w12 = rotl<u32>(w9 ^ w4 ^ w14 ^ w12, 1); d = d + w12 + 0xca62c1d6 + (a ^ b ^ c) + rotl<u32>(e, 5); a = rotl<u32>(a, 30);
    w13 = rotl<u32>(w10 ^ w5 ^ w15 ^ w13, 1); c = c + w13 + 0xca62c1d6 + (e ^ a ^ b) + rotl<u32>(d, 5); e = rotl<u32>(e, 30);
    w14 = rotl<u32>(w11 ^ w6 ^ w0 ^ w14, 1); b = b + w14 + 0xca62c1d6 + (d ^ e ^ a) + rotl<u32>(c, 5); d = rotl<u32>(d, 30);
    w15 = rotl<u32>(w12 ^ w7 ^ w1 ^ w15, 1); a = a + w15 + 0xca62c1d6 + (c ^ d ^ e) + rotl<u32>(b, 5); c = rotl<u32>(c, 30);
    h0 += a;
    h1 += b;
    h2 += c;
    h3 += d;
    h4 += e;
  }
  store<u32>(state, h0);
  store<u32>(state, h1, 4);
  store<u32>(state, h2, 8);
  store<u32>(state, h3, 12);
  store<u32>(state, h4, 16);
}

const compress: CompressBlocks = compressSha1;

export function sha1Init(): void {
  store<u32>(state, 0x67452301);
  store<u32>(state, 0xefcdab89, 4);
  store<u32>(state, 0x98badcfe, 8);
  store<u32>(state, 0x10325476, 12);
  store<u32>(state, 0xc3d2e1f0, 16);
  streamReset(state);
}

/** Hashes `length` bytes at inputPointer(). */
export function sha1Update(length: u32): void {
  streamUpdate(state, inputPointer(), length, compress);
}

/** Finishes the hash and writes the 20-byte digest at outputPointer(). */
export function sha1Final(): void {
  streamFinish(state, compress);
  writeDigest(state, 5, outputPointer());
}

/** Where the state lives, so JS can save and restore it to interleave several streams. */
export function sha1State(): usize {
  return state;
}
