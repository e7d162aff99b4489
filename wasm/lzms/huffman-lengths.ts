// Codeword lengths of an LZMS adaptive Huffman code, computed from symbol frequencies.
//
// LZMS requires the exact code an encoder and decoder both derive (wimlib src/lzms_decompress.c header comment,
// src/compress_common.c description of make_canonical_huffman_code; /work/shared/docs/wim-format.md §13.4):
// - symbols are ordered by (frequency, symbol value), ascending;
// - the tree is built the classic way, repeatedly joining the two lightest nodes, and on equal weights a leaf is
//   taken before an internal node;
// - only the number of codewords of each length is taken from the tree; the lengths are then handed out longest
//   first along the (frequency, symbol) order, so among equal frequencies the smaller symbol gets the longer code;
// - lengths are capped at 15: walking the internal nodes from the root down, a node that would sit at depth ≥ 15 is
//   instead placed at the deepest level < 15 that still has a leaf to spare (LZMS frequencies in practice never
//   need this; it keeps hostile streams well defined and identical to wimlib).
// Frequencies are always ≥ 1 here (they start at 1 and are halved-plus-one), so every symbol is used.

import { MAX_CODEWORD_LENGTH } from './constants';

const MAX_SYMS: i32 = 800; // MAX_NUM_OFFSET_SYMS + 1

// Scratch space shared by all codes (one rebuild runs at a time).
const SORTED_SYM: usize = memory.data(2 * MAX_SYMS, 16); // u16: symbols in (freq, sym) order
const SORTED_FREQ: usize = memory.data(4 * MAX_SYMS, 16); // u32: their frequencies
const NODE_WEIGHT: usize = memory.data(4 * MAX_SYMS, 16); // u32: internal node weights, in creation order
const NODE_PARENT: usize = memory.data(4 * MAX_SYMS, 16); // u32: parent index, later the node's depth
const BUCKET: usize = memory.data(4 * (MAX_SYMS + 1), 16); // u32: counting-sort buckets
/** u32[16]: number of codewords of each length after computeCodeLengths. */
export const LENGTH_COUNT: usize = memory.data(4 * 16, 16);

/** Orders the symbols by (frequency, symbol): a stable counting sort on min(freq, n − 1), then an insertion sort
 *  of the last bucket (frequencies ≥ n − 1 are few: they sum to at most about 2 × (n + rebuild period)). */
function sortSymbols(freqs: usize, n: u32): void {
  const top = n - 1;
  for (let b: u32 = 0; b <= n; b++) store<u32>(BUCKET + (<usize>b << 2), 0);
  for (let s: u32 = 0; s < n; s++) {
    let f = load<u32>(freqs + (<usize>s << 2));
    if (f > top) f = top;
    const at = BUCKET + (<usize>(f + 1) << 2);
    store<u32>(at, load<u32>(at) + 1);
  }
  for (let b: u32 = 1; b <= n; b++) {
    const at = BUCKET + (<usize>b << 2);
    store<u32>(at, load<u32>(at) + load<u32>(at - 4));
  }
  const start = load<u32>(BUCKET + (<usize>top << 2)); // where the last bucket begins
  for (let s: u32 = 0; s < n; s++) {
    const f = load<u32>(freqs + (<usize>s << 2));
    const at = BUCKET + (<usize>(f > top ? top : f) << 2);
    const k = load<u32>(at);
    store<u32>(at, k + 1);
    store<u16>(SORTED_SYM + (<usize>k << 1), <u16>s);
    store<u32>(SORTED_FREQ + (<usize>k << 2), f);
  }
  // Sort the last bucket by frequency, stably (its symbols are already ascending).
  for (let k = start + 1; k < n; k++) {
    const f = load<u32>(SORTED_FREQ + (<usize>k << 2));
    const s = load<u16>(SORTED_SYM + (<usize>k << 1));
    let j = k;
    while (j > start && load<u32>(SORTED_FREQ + (<usize>(j - 1) << 2)) > f) {
      store<u32>(SORTED_FREQ + (<usize>j << 2), load<u32>(SORTED_FREQ + (<usize>(j - 1) << 2)));
      store<u16>(SORTED_SYM + (<usize>j << 1), load<u16>(SORTED_SYM + (<usize>(j - 1) << 1)));
      j--;
    }
    store<u32>(SORTED_FREQ + (<usize>j << 2), f);
    store<u16>(SORTED_SYM + (<usize>j << 1), s);
  }
}

/** Builds the internal nodes of the Huffman tree over the n ≥ 2 sorted leaves; NODE_PARENT gets parent indices. */
function buildTree(n: u32): void {
  let leaf: u32 = 0; // next unjoined leaf
  let node: u32 = 0; // next unjoined internal node
  for (let created: u32 = 0; created < n - 1; created++) {
    let weight: u32 = 0;
    for (let pick = 0; pick < 2; pick++) {
      // Take the lighter of the next leaf and the next internal node; a leaf wins ties.
      if (
        leaf < n &&
        (node == created ||
          load<u32>(SORTED_FREQ + (<usize>leaf << 2)) <= load<u32>(NODE_WEIGHT + (<usize>node << 2)))
      ) {
        weight += load<u32>(SORTED_FREQ + (<usize>leaf << 2));
        leaf++;
      } else {
        weight += load<u32>(NODE_WEIGHT + (<usize>node << 2));
        store<u32>(NODE_PARENT + (<usize>node << 2), created);
        node++;
      }
    }
    store<u32>(NODE_WEIGHT + (<usize>created << 2), weight);
  }
}

/** Counts codewords per length from the tree, applying the 15-bit cap. */
function countLengths(n: u32): void {
  for (let l = 0; l < 16; l++) store<u32>(LENGTH_COUNT + (<usize>l << 2), 0);
  store<u32>(LENGTH_COUNT + 4, 2); // the root's two children start out as leaves at depth 1
  const root = n - 2;
  store<u32>(NODE_PARENT + (<usize>root << 2), 0); // now holds depths: the root is at depth 0
  for (let i = <i32>root - 1; i >= 0; i--) {
    const parent = load<u32>(NODE_PARENT + (<usize>i << 2));
    const depth = load<u32>(NODE_PARENT + (<usize>parent << 2)) + 1;
    store<u32>(NODE_PARENT + (<usize>i << 2), depth);
    let len = depth;
    if (len >= MAX_CODEWORD_LENGTH) {
      len = MAX_CODEWORD_LENGTH - 1;
      while (load<u32>(LENGTH_COUNT + (<usize>len << 2)) == 0) len--;
    }
    // This internal node turns one leaf at `len` into two leaves at `len + 1`.
    store<u32>(LENGTH_COUNT + (<usize>len << 2), load<u32>(LENGTH_COUNT + (<usize>len << 2)) - 1);
    store<u32>(LENGTH_COUNT + (<usize>(len + 1) << 2), load<u32>(LENGTH_COUNT + (<usize>(len + 1) << 2)) + 2);
  }
}

/**
 * Writes the codeword length (u8) of each of the `n` symbols to `lens`, from their u32 frequencies at `freqs`
 * (all ≥ 1). n ≥ 2; LENGTH_COUNT holds the per-length counts afterwards.
 */
export function computeCodeLengths(freqs: usize, n: u32, lens: usize): void {
  sortSymbols(freqs, n);
  buildTree(n);
  countLengths(n);
  let k: u32 = 0;
  for (let len = MAX_CODEWORD_LENGTH; len >= 1; len--) {
    const count = load<u32>(LENGTH_COUNT + (<usize>len << 2));
    for (let c: u32 = 0; c < count; c++) {
      store<u8>(lens + <usize>load<u16>(SORTED_SYM + (<usize>k << 1)), <u8>len);
      k++;
    }
  }
}
