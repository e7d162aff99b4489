// LZX offset slots (wim-format.md §13.3): slot s ≥ 3 codes offset = base[s] + extra bits, where the classic
// position base table (0, 1, 2, 3, 4, 6, 8, 12, …: each pair of slots doubles the step, extra bits capped at 17)
// is stored minus 2, the "formatted offset = offset + 2" of the specifications. Built once at start-up.
import { LZX_MAX_OFFSET_SLOTS, LZX_NUM_CHARS, LZX_NUM_LENGTH_HEADERS } from './constants';

export const slotBase = memory.data(4 * 64, 16);
export const slotExtraBits = memory.data(64, 16);

function buildSlotTables(): void {
  let classicBase: u32 = 0;
  for (let slot: u32 = 0; slot < LZX_MAX_OFFSET_SLOTS + 1; slot++) {
    const extra: u32 = slot < 4 ? 0 : min((slot >> 1) - 1, 17);
    store<u32>(slotBase + (slot << 2), classicBase - 2);
    store<u8>(slotExtraBits + slot, <u8>extra);
    classicBase += 1 << extra;
  }
}
buildSlotTables();

/** Main alphabet size for a window of 2^order bytes: enough slots to reach offset window − 3. */
export function mainSymbolsForWindow(order: u32): u32 {
  const maxOffset: u32 = (1 << order) - 3;
  let slots: u32 = 30;
  while (slots < LZX_MAX_OFFSET_SLOTS && maxOffset >= load<u32>(slotBase + (slots << 2))) slots++;
  return LZX_NUM_CHARS + slots * LZX_NUM_LENGTH_HEADERS;
}
