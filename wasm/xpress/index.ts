// XPRESS Huffman module (wasm/README.md contract): reserve, inputPointer, outputPointer, decompress, compress.
export { reserve, inputPointer, outputPointer } from '../shared/buffers';
export { decompress } from './decompress';
export { compress } from './compress';
