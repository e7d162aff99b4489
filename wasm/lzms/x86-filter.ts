// The LZMS x86 filter: applied by the compressor before coding a chunk, undone after decoding it.
//
// Rules from wimlib src/lzms_common.c (lzms_x86_filter, translate_if_needed) and include/wimlib/lzms_constants.h;
// /work/shared/docs/wim-format.md §13.4. The compressor rewrites the 32-bit relative operand of some x86
// instructions as absolute (operand + instruction position); the decompressor turns them back. Both sides walk the
// same candidates and make the same decisions, because every decision reads the relative form. It detects code by
// itself:
//
// - Chunks of ≤ 17 bytes are left alone. Candidate opcodes start at positions 1 … size − 17 (byte 0 is skipped).
// - Candidates and the operand that follows them:
//     FF 15            call [rip+rel32]      operand at +2
//     F0 83 05         lock add [rip+rel32]  operand at +3
//     48|4C 8D modrm   lea  with modrm&7 = 5 operand at +3
//     48 8B modrm      mov  with modrm&7 = 5 and modrm < 0x10 (4C 8B does not count)  operand at +3
//     E8               call rel32            operand at +1, but with half the translation reach
//     E9               jmp: never translated, the next 4 bytes are skipped
//   anything else: move on by one byte.
// - `lastCode` is the end of the most recent instruction believed to be real code (initially far in the past).
//   An operand is translated (relative → absolute: plus the opcode position; undo: minus) only when opcode
//   position − lastCode ≤ 1023 (511 for E8).
// - Identification: the low 16 bits of (opcode position + relative operand) is the target. When the same target was
//   used by a candidate that ended at most 65535 bytes earlier, this candidate's end (position of the operand's
//   last byte) becomes `lastCode`. Each candidate records its end as the target's last use.
// - After a candidate (translated or not), scanning resumes after its operand.

import { X86_ID_WINDOW_SIZE, X86_MAX_TRANSLATION_OFFSET } from './constants';
import { X86_LAST_TARGET_USE as LAST_TARGET_USE } from './workspace'; // i32[65536]: last candidate end per target

/** End of the most recent instruction believed to be real code. */
let lastCode: i32 = 0;

/** Turns absolute operands back into relative ones in `size` bytes at `data` (after decoding). */
export function undoX86Filter(data: usize, size: u32): void {
  runX86Filter(data, size, false);
}

/** Turns relative operands into absolute ones in `size` bytes at `data` (before encoding). */
export function applyX86Filter(data: usize, size: u32): void {
  runX86Filter(data, size, true);
}

// @ts-ignore: decorator
@inline
function runX86Filter(data: usize, size: u32, encode: bool): void {
  if (size <= 17) return;
  // LAST_TARGET_USE holds (end position + 65536), so 0 means "never used" and one memory.fill resets the table.
  memory.fill(LAST_TARGET_USE, 0, 4 * 65536);
  lastCode = -X86_MAX_TRANSLATION_OFFSET - 1;
  const limit: i32 = <i32>size - 16; // candidates start before this position; 16-byte loads from i < limit fit
  let i: i32 = 1;
  while (i < limit) {
    // Mark the bytes in the next sixteen that may start a candidate, then visit them in order, skipping those that
    // an earlier candidate's operand covered. The marks look at the following two bytes too (48|4C then 89/8B/8D/8F
    // and a modrm with low bits 5; FF 15; F0 83; E8; E9): a superset of what visitCandidate accepts, but far fewer
    // false starts in data full of FF and 48 bytes. The loads reach 2 bytes past the lanes; lanes at or past
    // `limit` (the only ones that can see bytes after the data, which the buffers' slack covers) are never visited.
    const base = i;
    const p = data + <usize>base;
    const v = v128.load(p);
    const v1 = v128.load(p, 1);
    const v2 = v128.load(p, 2);
    const rex = v128.and(
      v128.and(
        i8x16.eq(v128.and(v, i8x16.splat(<i8>0xfb)), i8x16.splat(0x48)), // 48 or 4C
        i8x16.eq(v128.and(v1, i8x16.splat(<i8>0xf9)), i8x16.splat(<i8>0x89)), // 89, 8B, 8D, 8F
      ),
      i8x16.eq(v128.and(v2, i8x16.splat(7)), i8x16.splat(5)), // modrm & 7 == 5
    );
    const rel = i8x16.eq(v128.and(v, i8x16.splat(<i8>0xfe)), i8x16.splat(<i8>0xe8)); // E8 or E9
    const grp = v128.or(
      v128.and(i8x16.eq(v, i8x16.splat(<i8>0xf0)), i8x16.eq(v1, i8x16.splat(<i8>0x83))),
      v128.and(i8x16.eq(v, i8x16.splat(<i8>0xff)), i8x16.eq(v1, i8x16.splat(0x15))),
    );
    let mask = i8x16.bitmask(v128.or(v128.or(rex, rel), grp));
    while (mask != 0) {
      const at = base + ctz<i32>(mask);
      mask &= mask - 1;
      if (at < i) continue;
      if (at >= limit) return;
      i = visitCandidate(data, at, encode);
    }
    if (i < base + 16) i = base + 16;
  }
}


/** Handles the possible candidate at `i`; returns where scanning resumes. */
// @ts-ignore: decorator
@inline
function visitCandidate(data: usize, i: i32, encode: bool): i32 {
  const p = data + <usize>i;
  const op = <u32>load<u8>(p);
  let operandAt: i32 = 0; // bytes from the opcode to its operand; 0 = not a candidate
  let reach: i32 = X86_MAX_TRANSLATION_OFFSET;
  if (op == 0xe8) {
    operandAt = 1;
    reach >>= 1;
  } else if (op == 0xe9) {
    return i + 5;
  } else if (op == 0xff) {
    if (load<u8>(p, 1) == 0x15) operandAt = 2;
  } else if (op == 0xf0) {
    if (load<u8>(p, 1) == 0x83 && load<u8>(p, 2) == 0x05) operandAt = 3;
  } else if (op == 0x48 || op == 0x4c) {
    const opcode = <u32>load<u8>(p, 1);
    const modrm = <u32>load<u8>(p, 2);
    if ((modrm & 7) == 5 && (opcode == 0x8d || (opcode == 0x8b && (op & 4) == 0 && (modrm & 0xf0) == 0))) {
      operandAt = 3;
    }
  }
  if (operandAt == 0) return i + 1;
  const operand = p + <usize>operandAt;
  let target: u32;
  if (encode) {
    target = (<u32>i + <u32>load<u16>(operand)) & 0xffff;
    if (i - lastCode <= reach) store<u32>(operand, load<u32>(operand) + <u32>i);
  } else {
    if (i - lastCode <= reach) store<u32>(operand, load<u32>(operand) - <u32>i);
    target = (<u32>i + <u32>load<u16>(operand)) & 0xffff;
  }
  const endPos = i + operandAt + 3;
  const slot = LAST_TARGET_USE + (<usize>target << 2);
  if (endPos + 65536 - load<i32>(slot) <= X86_ID_WINDOW_SIZE) lastCode = endPos;
  store<i32>(slot, endPos + 65536);
  return i + operandAt + 4;
}
