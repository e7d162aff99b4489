// SHA-1 (FIPS 180-4 §6.1), streaming over 64-byte blocks without allocation; the 80 rounds are unrolled with the
// working variables in locals, renamed round by round instead of shifted. Used to check WIM blob hashes.
//
// Each round sums its terms in the order they become ready, written e = e + (W + K) + f(b, c, d) + rotl(a, 5): e
// and W + K are known early, b was rotated a round ago, and a is what the previous round just produced. Neither
// binaryen nor V8 reassociates these additions, so the written order is the critical path: a → a costs one rotate
// and one add, where `e += rotl(a, 5) + f + K + w` cost a rotate and four adds (+34 %, scripts/measure-sha.mjs).
// Rounds 40–59 use Maj = (b & c) + (d & (b ^ c)) (the two terms never share a bit), joining the same sum.
//
// The message schedule, plus K, is computed four words at a time in 128-bit SIMD locals just before the rounds that
// use it, and each round takes its word with extract_lane: the schedule's 64 × 5 operations leave the integer units
// and the 16 schedule words the general registers (+16 %). Words 32–79 use the equivalent recurrence
// W[t] = rotl(W[t-6] ^ W[t-16] ^ W[t-28] ^ W[t-32], 2), in which no word of a group depends on another. Storing the
// schedule in a static table for the rounds to load instead was 30 % slower in V8.
import { CompressBlocks, HASH_STATE_SIZE, streamFinish, streamReset, streamUpdate, writeDigest } from './stream';
import { inputPointer, outputPointer } from '../shared/buffers';

const state = memory.data(HASH_STATE_SIZE, 64);

/** Four big-endian words to native order. */
// @ts-ignore: decorator
@inline function bswapWords(x: v128): v128 {
  return v128.shuffle<u8>(x, x, 3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12);
}

/** rotl on four lanes; wasm SIMD has no rotate. */
// @ts-ignore: decorator
@inline function rotlWords(x: v128, n: i32): v128 {
  return v128.or(v128.shl<u32>(x, n), v128.shr<u32>(x, 32 - n));
}

/** W[t..t+3], 16 ≤ t < 32, from x0 = W[t-16..t-13] … x3 = W[t-4..t-1]; W[t+3] needs W[t], patched in last. */
// @ts-ignore: decorator
@inline function nextWords(x0: v128, x1: v128, x2: v128, x3: v128): v128 {
  const zero = i32x4.splat(0);
  const v = rotlWords(v128.xor(v128.xor(x0, v128.shuffle<u32>(x0, x1, 2, 3, 4, 5)), v128.xor(x2, v128.shuffle<u32>(x3, zero, 1, 2, 3, 4))), 1);
  return v128.xor(v, rotlWords(v128.shuffle<u32>(zero, v, 0, 0, 0, 4), 1));
}

/** W[t..t+3], t ≥ 32, by W[t] = rotl(W[t-6] ^ W[t-16] ^ W[t-28] ^ W[t-32], 2): no word depends on its neighbours. */
// @ts-ignore: decorator
@inline function farWords(x8: v128, x7: v128, x4: v128, x2: v128, x1: v128): v128 {
  return rotlWords(v128.xor(v128.xor(v128.shuffle<u32>(x2, x1, 2, 3, 4, 5), x4), v128.xor(x7, x8)), 2);
}

function compressSha1(state: usize, data: usize, count: u32): void {
  let h0 = load<u32>(state);
  let h1 = load<u32>(state, 4);
  let h2 = load<u32>(state, 8);
  let h3 = load<u32>(state, 12);
  let h4 = load<u32>(state, 16);
  for (let n: u32 = 0; n < count; n++, data += 64) {
    let a = h0;
    let b = h1;
    let c = h2;
    let d = h3;
    let e = h4;
    const x0 = bswapWords(v128.load(data, 0));
    const k0 = v128.add<u32>(x0, i32x4.splat(0x5a827999));
    e = e + <u32>i32x4.extract_lane(k0, 0) + (d ^ (b & (c ^ d))) + rotl<u32>(a, 5); b = rotl<u32>(b, 30);
    d = d + <u32>i32x4.extract_lane(k0, 1) + (c ^ (a & (b ^ c))) + rotl<u32>(e, 5); a = rotl<u32>(a, 30);
    c = c + <u32>i32x4.extract_lane(k0, 2) + (b ^ (e & (a ^ b))) + rotl<u32>(d, 5); e = rotl<u32>(e, 30);
    b = b + <u32>i32x4.extract_lane(k0, 3) + (a ^ (d & (e ^ a))) + rotl<u32>(c, 5); d = rotl<u32>(d, 30);
    const x1 = bswapWords(v128.load(data, 16));
    const k1 = v128.add<u32>(x1, i32x4.splat(0x5a827999));
    a = a + <u32>i32x4.extract_lane(k1, 0) + (e ^ (c & (d ^ e))) + rotl<u32>(b, 5); c = rotl<u32>(c, 30);
    e = e + <u32>i32x4.extract_lane(k1, 1) + (d ^ (b & (c ^ d))) + rotl<u32>(a, 5); b = rotl<u32>(b, 30);
    d = d + <u32>i32x4.extract_lane(k1, 2) + (c ^ (a & (b ^ c))) + rotl<u32>(e, 5); a = rotl<u32>(a, 30);
    c = c + <u32>i32x4.extract_lane(k1, 3) + (b ^ (e & (a ^ b))) + rotl<u32>(d, 5); e = rotl<u32>(e, 30);
    const x2 = bswapWords(v128.load(data, 32));
    const k2 = v128.add<u32>(x2, i32x4.splat(0x5a827999));
    b = b + <u32>i32x4.extract_lane(k2, 0) + (a ^ (d & (e ^ a))) + rotl<u32>(c, 5); d = rotl<u32>(d, 30);
    a = a + <u32>i32x4.extract_lane(k2, 1) + (e ^ (c & (d ^ e))) + rotl<u32>(b, 5); c = rotl<u32>(c, 30);
    e = e + <u32>i32x4.extract_lane(k2, 2) + (d ^ (b & (c ^ d))) + rotl<u32>(a, 5); b = rotl<u32>(b, 30);
    d = d + <u32>i32x4.extract_lane(k2, 3) + (c ^ (a & (b ^ c))) + rotl<u32>(e, 5); a = rotl<u32>(a, 30);
    const x3 = bswapWords(v128.load(data, 48));
    const k3 = v128.add<u32>(x3, i32x4.splat(0x5a827999));
    c = c + <u32>i32x4.extract_lane(k3, 0) + (b ^ (e & (a ^ b))) + rotl<u32>(d, 5); e = rotl<u32>(e, 30);
    b = b + <u32>i32x4.extract_lane(k3, 1) + (a ^ (d & (e ^ a))) + rotl<u32>(c, 5); d = rotl<u32>(d, 30);
    a = a + <u32>i32x4.extract_lane(k3, 2) + (e ^ (c & (d ^ e))) + rotl<u32>(b, 5); c = rotl<u32>(c, 30);
    e = e + <u32>i32x4.extract_lane(k3, 3) + (d ^ (b & (c ^ d))) + rotl<u32>(a, 5); b = rotl<u32>(b, 30);
    const x4 = nextWords(x0, x1, x2, x3);
    const k4 = v128.add<u32>(x4, i32x4.splat(0x5a827999));
    d = d + <u32>i32x4.extract_lane(k4, 0) + (c ^ (a & (b ^ c))) + rotl<u32>(e, 5); a = rotl<u32>(a, 30);
    c = c + <u32>i32x4.extract_lane(k4, 1) + (b ^ (e & (a ^ b))) + rotl<u32>(d, 5); e = rotl<u32>(e, 30);
    b = b + <u32>i32x4.extract_lane(k4, 2) + (a ^ (d & (e ^ a))) + rotl<u32>(c, 5); d = rotl<u32>(d, 30);
    a = a + <u32>i32x4.extract_lane(k4, 3) + (e ^ (c & (d ^ e))) + rotl<u32>(b, 5); c = rotl<u32>(c, 30);
    const x5 = nextWords(x1, x2, x3, x4);
    const k5 = v128.add<u32>(x5, i32x4.splat(0x6ed9eba1));
    e = e + <u32>i32x4.extract_lane(k5, 0) + (b ^ c ^ d) + rotl<u32>(a, 5); b = rotl<u32>(b, 30);
    d = d + <u32>i32x4.extract_lane(k5, 1) + (a ^ b ^ c) + rotl<u32>(e, 5); a = rotl<u32>(a, 30);
    c = c + <u32>i32x4.extract_lane(k5, 2) + (e ^ a ^ b) + rotl<u32>(d, 5); e = rotl<u32>(e, 30);
    b = b + <u32>i32x4.extract_lane(k5, 3) + (d ^ e ^ a) + rotl<u32>(c, 5); d = rotl<u32>(d, 30);
    const x6 = nextWords(x2, x3, x4, x5);
    const k6 = v128.add<u32>(x6, i32x4.splat(0x6ed9eba1));
    a = a + <u32>i32x4.extract_lane(k6, 0) + (c ^ d ^ e) + rotl<u32>(b, 5); c = rotl<u32>(c, 30);
    e = e + <u32>i32x4.extract_lane(k6, 1) + (b ^ c ^ d) + rotl<u32>(a, 5); b = rotl<u32>(b, 30);
    d = d + <u32>i32x4.extract_lane(k6, 2) + (a ^ b ^ c) + rotl<u32>(e, 5); a = rotl<u32>(a, 30);
    c = c + <u32>i32x4.extract_lane(k6, 3) + (e ^ a ^ b) + rotl<u32>(d, 5); e = rotl<u32>(e, 30);
    const x7 = nextWords(x3, x4, x5, x6);
    const k7 = v128.add<u32>(x7, i32x4.splat(0x6ed9eba1));
    b = b + <u32>i32x4.extract_lane(k7, 0) + (d ^ e ^ a) + rotl<u32>(c, 5); d = rotl<u32>(d, 30);
    a = a + <u32>i32x4.extract_lane(k7, 1) + (c ^ d ^ e) + rotl<u32>(b, 5); c = rotl<u32>(c, 30);
    e = e + <u32>i32x4.extract_lane(k7, 2) + (b ^ c ^ d) + rotl<u32>(a, 5); b = rotl<u32>(b, 30);
    d = d + <u32>i32x4.extract_lane(k7, 3) + (a ^ b ^ c) + rotl<u32>(e, 5); a = rotl<u32>(a, 30);
    const x8 = farWords(x0, x1, x4, x6, x7);
    const k8 = v128.add<u32>(x8, i32x4.splat(0x6ed9eba1));
    c = c + <u32>i32x4.extract_lane(k8, 0) + (e ^ a ^ b) + rotl<u32>(d, 5); e = rotl<u32>(e, 30);
    b = b + <u32>i32x4.extract_lane(k8, 1) + (d ^ e ^ a) + rotl<u32>(c, 5); d = rotl<u32>(d, 30);
    a = a + <u32>i32x4.extract_lane(k8, 2) + (c ^ d ^ e) + rotl<u32>(b, 5); c = rotl<u32>(c, 30);
    e = e + <u32>i32x4.extract_lane(k8, 3) + (b ^ c ^ d) + rotl<u32>(a, 5); b = rotl<u32>(b, 30);
    const x9 = farWords(x1, x2, x5, x7, x8);
    const k9 = v128.add<u32>(x9, i32x4.splat(0x6ed9eba1));
    d = d + <u32>i32x4.extract_lane(k9, 0) + (a ^ b ^ c) + rotl<u32>(e, 5); a = rotl<u32>(a, 30);
    c = c + <u32>i32x4.extract_lane(k9, 1) + (e ^ a ^ b) + rotl<u32>(d, 5); e = rotl<u32>(e, 30);
    b = b + <u32>i32x4.extract_lane(k9, 2) + (d ^ e ^ a) + rotl<u32>(c, 5); d = rotl<u32>(d, 30);
    a = a + <u32>i32x4.extract_lane(k9, 3) + (c ^ d ^ e) + rotl<u32>(b, 5); c = rotl<u32>(c, 30);
    const x10 = farWords(x2, x3, x6, x8, x9);
    const k10 = v128.add<u32>(x10, i32x4.splat(0x8f1bbcdc));
    e = e + <u32>i32x4.extract_lane(k10, 0) + (b & c) + (d & (b ^ c)) + rotl<u32>(a, 5); b = rotl<u32>(b, 30);
    d = d + <u32>i32x4.extract_lane(k10, 1) + (a & b) + (c & (a ^ b)) + rotl<u32>(e, 5); a = rotl<u32>(a, 30);
    c = c + <u32>i32x4.extract_lane(k10, 2) + (e & a) + (b & (e ^ a)) + rotl<u32>(d, 5); e = rotl<u32>(e, 30);
    b = b + <u32>i32x4.extract_lane(k10, 3) + (d & e) + (a & (d ^ e)) + rotl<u32>(c, 5); d = rotl<u32>(d, 30);
    const x11 = farWords(x3, x4, x7, x9, x10);
    const k11 = v128.add<u32>(x11, i32x4.splat(0x8f1bbcdc));
    a = a + <u32>i32x4.extract_lane(k11, 0) + (c & d) + (e & (c ^ d)) + rotl<u32>(b, 5); c = rotl<u32>(c, 30);
    e = e + <u32>i32x4.extract_lane(k11, 1) + (b & c) + (d & (b ^ c)) + rotl<u32>(a, 5); b = rotl<u32>(b, 30);
    d = d + <u32>i32x4.extract_lane(k11, 2) + (a & b) + (c & (a ^ b)) + rotl<u32>(e, 5); a = rotl<u32>(a, 30);
    c = c + <u32>i32x4.extract_lane(k11, 3) + (e & a) + (b & (e ^ a)) + rotl<u32>(d, 5); e = rotl<u32>(e, 30);
    const x12 = farWords(x4, x5, x8, x10, x11);
    const k12 = v128.add<u32>(x12, i32x4.splat(0x8f1bbcdc));
    b = b + <u32>i32x4.extract_lane(k12, 0) + (d & e) + (a & (d ^ e)) + rotl<u32>(c, 5); d = rotl<u32>(d, 30);
    a = a + <u32>i32x4.extract_lane(k12, 1) + (c & d) + (e & (c ^ d)) + rotl<u32>(b, 5); c = rotl<u32>(c, 30);
    e = e + <u32>i32x4.extract_lane(k12, 2) + (b & c) + (d & (b ^ c)) + rotl<u32>(a, 5); b = rotl<u32>(b, 30);
    d = d + <u32>i32x4.extract_lane(k12, 3) + (a & b) + (c & (a ^ b)) + rotl<u32>(e, 5); a = rotl<u32>(a, 30);
    const x13 = farWords(x5, x6, x9, x11, x12);
    const k13 = v128.add<u32>(x13, i32x4.splat(0x8f1bbcdc));
    c = c + <u32>i32x4.extract_lane(k13, 0) + (e & a) + (b & (e ^ a)) + rotl<u32>(d, 5); e = rotl<u32>(e, 30);
    b = b + <u32>i32x4.extract_lane(k13, 1) + (d & e) + (a & (d ^ e)) + rotl<u32>(c, 5); d = rotl<u32>(d, 30);
    a = a + <u32>i32x4.extract_lane(k13, 2) + (c & d) + (e & (c ^ d)) + rotl<u32>(b, 5); c = rotl<u32>(c, 30);
    e = e + <u32>i32x4.extract_lane(k13, 3) + (b & c) + (d & (b ^ c)) + rotl<u32>(a, 5); b = rotl<u32>(b, 30);
    const x14 = farWords(x6, x7, x10, x12, x13);
    const k14 = v128.add<u32>(x14, i32x4.splat(0x8f1bbcdc));
    d = d + <u32>i32x4.extract_lane(k14, 0) + (a & b) + (c & (a ^ b)) + rotl<u32>(e, 5); a = rotl<u32>(a, 30);
    c = c + <u32>i32x4.extract_lane(k14, 1) + (e & a) + (b & (e ^ a)) + rotl<u32>(d, 5); e = rotl<u32>(e, 30);
    b = b + <u32>i32x4.extract_lane(k14, 2) + (d & e) + (a & (d ^ e)) + rotl<u32>(c, 5); d = rotl<u32>(d, 30);
    a = a + <u32>i32x4.extract_lane(k14, 3) + (c & d) + (e & (c ^ d)) + rotl<u32>(b, 5); c = rotl<u32>(c, 30);
    const x15 = farWords(x7, x8, x11, x13, x14);
    const k15 = v128.add<u32>(x15, i32x4.splat(0xca62c1d6));
    e = e + <u32>i32x4.extract_lane(k15, 0) + (b ^ c ^ d) + rotl<u32>(a, 5); b = rotl<u32>(b, 30);
    d = d + <u32>i32x4.extract_lane(k15, 1) + (a ^ b ^ c) + rotl<u32>(e, 5); a = rotl<u32>(a, 30);
    c = c + <u32>i32x4.extract_lane(k15, 2) + (e ^ a ^ b) + rotl<u32>(d, 5); e = rotl<u32>(e, 30);
    b = b + <u32>i32x4.extract_lane(k15, 3) + (d ^ e ^ a) + rotl<u32>(c, 5); d = rotl<u32>(d, 30);
    const x16 = farWords(x8, x9, x12, x14, x15);
    const k16 = v128.add<u32>(x16, i32x4.splat(0xca62c1d6));
    a = a + <u32>i32x4.extract_lane(k16, 0) + (c ^ d ^ e) + rotl<u32>(b, 5); c = rotl<u32>(c, 30);
    e = e + <u32>i32x4.extract_lane(k16, 1) + (b ^ c ^ d) + rotl<u32>(a, 5); b = rotl<u32>(b, 30);
    d = d + <u32>i32x4.extract_lane(k16, 2) + (a ^ b ^ c) + rotl<u32>(e, 5); a = rotl<u32>(a, 30);
    c = c + <u32>i32x4.extract_lane(k16, 3) + (e ^ a ^ b) + rotl<u32>(d, 5); e = rotl<u32>(e, 30);
    const x17 = farWords(x9, x10, x13, x15, x16);
    const k17 = v128.add<u32>(x17, i32x4.splat(0xca62c1d6));
    b = b + <u32>i32x4.extract_lane(k17, 0) + (d ^ e ^ a) + rotl<u32>(c, 5); d = rotl<u32>(d, 30);
    a = a + <u32>i32x4.extract_lane(k17, 1) + (c ^ d ^ e) + rotl<u32>(b, 5); c = rotl<u32>(c, 30);
    e = e + <u32>i32x4.extract_lane(k17, 2) + (b ^ c ^ d) + rotl<u32>(a, 5); b = rotl<u32>(b, 30);
    d = d + <u32>i32x4.extract_lane(k17, 3) + (a ^ b ^ c) + rotl<u32>(e, 5); a = rotl<u32>(a, 30);
    const x18 = farWords(x10, x11, x14, x16, x17);
    const k18 = v128.add<u32>(x18, i32x4.splat(0xca62c1d6));
    c = c + <u32>i32x4.extract_lane(k18, 0) + (e ^ a ^ b) + rotl<u32>(d, 5); e = rotl<u32>(e, 30);
    b = b + <u32>i32x4.extract_lane(k18, 1) + (d ^ e ^ a) + rotl<u32>(c, 5); d = rotl<u32>(d, 30);
    a = a + <u32>i32x4.extract_lane(k18, 2) + (c ^ d ^ e) + rotl<u32>(b, 5); c = rotl<u32>(c, 30);
    e = e + <u32>i32x4.extract_lane(k18, 3) + (b ^ c ^ d) + rotl<u32>(a, 5); b = rotl<u32>(b, 30);
    const x19 = farWords(x11, x12, x15, x17, x18);
    const k19 = v128.add<u32>(x19, i32x4.splat(0xca62c1d6));
    d = d + <u32>i32x4.extract_lane(k19, 0) + (a ^ b ^ c) + rotl<u32>(e, 5); a = rotl<u32>(a, 30);
    c = c + <u32>i32x4.extract_lane(k19, 1) + (e ^ a ^ b) + rotl<u32>(d, 5); e = rotl<u32>(e, 30);
    b = b + <u32>i32x4.extract_lane(k19, 2) + (d ^ e ^ a) + rotl<u32>(c, 5); d = rotl<u32>(d, 30);
    a = a + <u32>i32x4.extract_lane(k19, 3) + (c ^ d ^ e) + rotl<u32>(b, 5); c = rotl<u32>(c, 30);
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
