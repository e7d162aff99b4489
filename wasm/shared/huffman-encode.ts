// Length-limited canonical Huffman codes for the encoders (XPRESS: 15 bits; LZX main/length: 16, pre-code: 15,
// aligned: 7 — the decoders' limits in wasm/xpress and wasm/lzx constants).
//
// Steps: (1) the used symbols are sorted by (frequency, symbol); (2) an ordinary Huffman tree is built with the
// two-queue method (sorted leaves in one queue, internal nodes — created in non-decreasing weight order — in the
// other), keeping only parent links, from which leaf depths follow; (3) depths beyond the limit are clamped and
// the Kraft sum is brought back to exactly 1 by pushing leaves one level deeper (over-full) or one level up
// (under-full); (4) lengths are handed out again, longest to the rarest symbols, so only the count per length
// matters; (5) codewords are canonical (wim-format.md §13.1), ready to be written MSB-first without reversal.
// Our decoders reject incomplete codes, so a single used symbol gets a partner: two codewords of one bit.

export const MAX_ENCODE_SYMBOLS: u32 = 1024;
const MAX_LENGTH_LIMIT: u32 = 24;

const keys = memory.data(4 * MAX_ENCODE_SYMBOLS, 16);
const nodeWeight = memory.data(4 * 2 * MAX_ENCODE_SYMBOLS, 16);
const nodeParent = memory.data(4 * 2 * MAX_ENCODE_SYMBOLS, 16);
const lengthCount = memory.data(4 * (MAX_LENGTH_LIMIT + 2), 16);
const nextCode = memory.data(4 * (MAX_LENGTH_LIMIT + 2), 16);

// @ts-ignore: decorator
@inline function key(i: u32): u32 {
  return load<u32>(keys + (<usize>i << 2));
}

// @ts-ignore: decorator
@inline function setKey(i: u32, v: u32): void {
  store<u32>(keys + (<usize>i << 2), v);
}

/** Heapsort of keys[0..n) ascending; n ≤ 1024, no recursion, no allocation. */
function sortKeys(n: u32): void {
  if (n < 2) return;
  // Sift-down of element `root` within a heap of `size` elements.
  for (let start = <i32>(n >> 1) - 1; start >= 0; start--) siftDown(<u32>start, n);
  for (let end = n - 1; end > 0; end--) {
    const top = key(0);
    setKey(0, key(end));
    setKey(end, top);
    siftDown(0, end);
  }
}

function siftDown(root: u32, size: u32): void {
  const value = key(root);
  let i = root;
  for (;;) {
    let child: u32 = 2 * i + 1;
    if (child >= size) break;
    if (child + 1 < size && key(child + 1) > key(child)) child++;
    if (key(child) <= value) break;
    setKey(i, key(child));
    i = child;
  }
  setKey(i, value);
}

/**
 * Builds code lengths (u8 per symbol at `lengths`) and canonical codewords (u32 per symbol at `codes`) for
 * `numSymbols` symbols with u32 frequencies at `freqs`, no codeword longer than `maxLength`. Frequencies must be
 * below 2^22 (chunks up to 2 MiB hold fewer symbols). An all-zero frequency table yields an empty code.
 */
export function buildHuffmanCode(freqs: usize, numSymbols: u32, maxLength: u32, lengths: usize, codes: usize): void {
  memory.fill(lengths, 0, numSymbols);
  let n: u32 = 0;
  for (let s: u32 = 0; s < numSymbols; s++) {
    const f = load<u32>(freqs + (<usize>s << 2));
    if (f != 0) setKey(n++, (f << 10) | s);
  }
  if (n == 0) {
    memory.fill(codes, 0, numSymbols << 2);
    return;
  }
  if (n == 1) {
    const only = key(0) & 1023;
    const partner: u32 = only == 0 ? 1 : 0;
    store<u8>(lengths + only, 1);
    store<u8>(lengths + partner, 1);
    assignCodes(lengths, numSymbols, maxLength, codes);
    return;
  }
  sortKeys(n);

  // Two-queue tree: leaves 0..n-1 (sorted weights), internal nodes n..2n-2 in creation order.
  for (let i: u32 = 0; i < n; i++) store<u32>(nodeWeight + (<usize>i << 2), key(i) >> 10);
  let leaf: u32 = 0;
  let inner: u32 = n;
  for (let k: u32 = n; k < 2 * n - 1; k++) {
    let sum: u32 = 0;
    for (let pick = 0; pick < 2; pick++) {
      let node: u32;
      if (leaf < n && (inner >= k || load<u32>(nodeWeight + (<usize>leaf << 2)) <= load<u32>(nodeWeight + (<usize>inner << 2)))) {
        node = leaf++;
      } else {
        node = inner++;
      }
      sum += load<u32>(nodeWeight + (<usize>node << 2));
      store<u32>(nodeParent + (<usize>node << 2), k);
    }
    store<u32>(nodeWeight + (<usize>k << 2), sum);
  }
  // Depths, reusing nodeWeight: the root is last and parents always come after their children.
  const root = 2 * n - 2;
  store<u32>(nodeWeight + (<usize>root << 2), 0);
  memory.fill(lengthCount, 0, 4 * (MAX_LENGTH_LIMIT + 2));
  for (let k = <i32>root - 1; k >= 0; k--) {
    const depth = load<u32>(nodeWeight + (<usize>load<u32>(nodeParent + (<usize>k << 2)) << 2)) + 1;
    store<u32>(nodeWeight + (<usize>k << 2), depth);
    if (<u32>k < n) {
      const clamped = min(depth, maxLength);
      const at = lengthCount + (<usize>clamped << 2);
      store<u32>(at, load<u32>(at) + 1);
    }
  }
  limitLengths(maxLength);

  // Longest lengths to the rarest symbols (keys are sorted by ascending frequency).
  let i: u32 = 0;
  for (let len = maxLength; len >= 1; len--) {
    let count = load<u32>(lengthCount + (<usize>len << 2));
    while (count-- > 0) {
      store<u8>(lengths + (key(i) & 1023), <u8>len);
      i++;
    }
  }
  assignCodes(lengths, numSymbols, maxLength, codes);
}

/** Makes Σ count[l]·2^(maxLength−l) exactly 2^maxLength after clamping. */
function limitLengths(maxLength: u32): void {
  const full: u64 = <u64>1 << maxLength;
  let kraft: u64 = 0;
  for (let len: u32 = 1; len <= maxLength; len++) {
    kraft += <u64>load<u32>(lengthCount + (<usize>len << 2)) << <u64>(maxLength - len);
  }
  // Over-full: push a leaf from the deepest non-empty level above the limit one level down (smallest loss).
  while (kraft > full) {
    let len = maxLength - 1;
    while (load<u32>(lengthCount + (<usize>len << 2)) == 0) len--;
    store<u32>(lengthCount + (<usize>len << 2), load<u32>(lengthCount + (<usize>len << 2)) - 1);
    store<u32>(lengthCount + (<usize>(len + 1) << 2), load<u32>(lengthCount + (<usize>(len + 1) << 2)) + 1);
    kraft -= <u64>1 << <u64>(maxLength - len - 1);
  }
  // Under-full (an overshoot above): lift a leaf whose gain fits the deficit, deepest first.
  while (kraft < full) {
    const deficit = full - kraft;
    let len = maxLength;
    while (len > 1 && (load<u32>(lengthCount + (<usize>len << 2)) == 0 || (<u64>1 << <u64>(maxLength - len)) > deficit)) len--;
    if (len <= 1) break;
    store<u32>(lengthCount + (<usize>len << 2), load<u32>(lengthCount + (<usize>len << 2)) - 1);
    store<u32>(lengthCount + (<usize>(len - 1) << 2), load<u32>(lengthCount + (<usize>(len - 1) << 2)) + 1);
    kraft += <u64>1 << <u64>(maxLength - len);
  }
}

/** Canonical codewords from lengths: by (length, symbol), shortest first. */
function assignCodes(lengths: usize, numSymbols: u32, maxLength: u32, codes: usize): void {
  memory.fill(lengthCount, 0, 4 * (MAX_LENGTH_LIMIT + 2));
  for (let s: u32 = 0; s < numSymbols; s++) {
    const at = lengthCount + (<usize>load<u8>(lengths + s) << 2);
    store<u32>(at, load<u32>(at) + 1);
  }
  let code: u32 = 0;
  store<u32>(lengthCount, 0);
  for (let len: u32 = 1; len <= maxLength; len++) {
    code = (code + load<u32>(lengthCount + (<usize>(len - 1) << 2))) << 1;
    store<u32>(nextCode + (<usize>len << 2), code);
  }
  for (let s: u32 = 0; s < numSymbols; s++) {
    const len = <u32>load<u8>(lengths + s);
    if (len == 0) {
      store<u32>(codes + (<usize>s << 2), 0);
      continue;
    }
    const at = nextCode + (<usize>len << 2);
    const c = load<u32>(at);
    store<u32>(codes + (<usize>s << 2), c);
    store<u32>(at, c + 1);
  }
}
