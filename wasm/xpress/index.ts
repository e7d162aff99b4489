// XPRESS Huffman decompressor module (wasm/README.md contract): reserve, inputPointer, outputPointer, decompress.
export { reserve, inputPointer, outputPointer } from '../shared/buffers';
export { decompress } from './decompress';
