// Input and output buffers of a codec module, placed in linear memory above __heap_base (wasm/README.md).
//
// Nothing is allocated through the runtime (it is the `stub` one): static tables live in data segments
// (`memory.data`), and the two buffers below are carved out of memory that `reserve` grows on demand. Each
// buffer has slack after it: decoders pad the input with zero bytes so the bit readers can load whole 32-bit
// words near the end without bounds checks, and match copies may write up to OUTPUT_SLACK bytes past the end.

/** Zero bytes a decoder may write after the input (see padInput). */
export const INPUT_SLACK: usize = 64;
/** Bytes a match copy may overwrite past the requested output end. */
export const OUTPUT_SLACK: usize = 64;

let inputAt: usize = 0;
let outputAt: usize = 0;
let inputBytes: u32 = 0;
let outputBytes: u32 = 0;

// @ts-ignore: decorator
@inline function alignUp(value: usize, alignment: usize): usize {
  return (value + alignment - 1) & ~(alignment - 1);
}

/** Makes room for `inputCapacity` input and `outputCapacity` output bytes; 0, or −1 if memory cannot grow. */
export function reserve(inputCapacity: u32, outputCapacity: u32): i32 {
  const input = alignUp(__heap_base, 64);
  const output = alignUp(input + <usize>inputCapacity + INPUT_SLACK, 64);
  const end = output + <usize>outputCapacity + OUTPUT_SLACK;
  // 4 GiB of linear memory is the wasm32 ceiling; refuse instead of wrapping around.
  if (<u64>end > 0xFFFF0000) return -1;
  const pagesNeeded = <i32>((end + 0xFFFF) >>> 16);
  const pagesNow = memory.size();
  if (pagesNeeded > pagesNow && memory.grow(pagesNeeded - pagesNow) < 0) return -1;
  inputAt = input;
  outputAt = output;
  inputBytes = inputCapacity;
  outputBytes = outputCapacity;
  return 0;
}

/** Where JS writes the input. */
export function inputPointer(): usize {
  return inputAt != 0 ? inputAt : alignUp(__heap_base, 64);
}

/** Where JS reads the output. */
export function outputPointer(): usize {
  return outputAt != 0 ? outputAt : alignUp(__heap_base, 64) + INPUT_SLACK;
}

/** True when `inputLength` and `outputLength` fit the buffers reserved so far. */
export function fitsReserved(inputLength: u32, outputLength: u32): bool {
  return inputAt != 0 && inputLength <= inputBytes && outputLength <= outputBytes;
}

/** Writes zero bytes after the input so readers may load whole words past its end. */
export function padInput(inputLength: u32): void {
  memory.fill(inputAt + <usize>inputLength, 0, INPUT_SLACK);
}

/** First byte after the output buffer and its slack: where a compressor may place its work memory. */
export function buffersEnd(): usize {
  return outputAt + <usize>outputBytes + OUTPUT_SLACK;
}

/** Capacity of the output buffer reserved so far. */
export function outputCapacity(): u32 {
  return outputBytes;
}
