// LZX (WIM variant) decompressor module (wasm/README.md contract): reserve, inputPointer, outputPointer,
// decompress(inputLength, outputLength, windowSize).
export { reserve, inputPointer, outputPointer } from '../shared/buffers';
export { decompress } from './decompress';
