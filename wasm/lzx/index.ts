// LZX (WIM variant) module (wasm/README.md contract): reserve, inputPointer, outputPointer,
// decompress(inputLength, outputLength, windowSize), compress(inputLength, windowSize, level).
export { reserve, inputPointer, outputPointer } from '../shared/buffers';
export { decompress } from './decompress';
export { compress } from './compress';
