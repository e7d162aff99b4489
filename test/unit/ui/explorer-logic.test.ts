// Pure rules behind the explorer: keyboard moves, type-ahead, windowing, sort order, breadcrumbs, rate and ETA.
import { describe, expect, it } from 'vitest';
import type { EntrySummary } from '../../../src/engine/explorer/explorer-api';
import { nextSortOrder, parentPath, pathCrumbs, sortEntries } from '../../../src/ui/entry-order';
import { findTypeAhead, nextIndexForKey, visibleRange } from '../../../src/ui/list-navigation';
import { addRateSample, estimateTransfer, formatDuration } from '../../../src/ui/transfer-rate';
import { topicForScreen } from '../../../src/ui/screens/Explorer/explorer-topic';
import { missingPartNames } from '../../../src/ui/screens/Home/MissingParts';
import { ErrorCode, ImagewrightError } from '../../../src/shared/errors';

const entry = (name: string, kind: EntrySummary['kind'], size: number, lastWriteTime: number): EntrySummary => ({
  name,
  path: `/${name}`,
  kind,
  size,
  attributes: 0,
  lastWriteTime,
  creationTime: 0,
  hasNamedStreams: false,
  linkCount: 1,
});

describe('list keyboard rules', () => {
  const at = (index: number) => ({ index, count: 100, pageSize: 10 });
  it('moves by one, by a page keeping one row of context, and to the ends, never past them', () => {
    expect(nextIndexForKey('ArrowDown', at(5))).toBe(6);
    expect(nextIndexForKey('ArrowUp', at(0))).toBe(0);
    expect(nextIndexForKey('ArrowDown', at(99))).toBe(99);
    expect(nextIndexForKey('PageDown', at(5))).toBe(14);
    expect(nextIndexForKey('PageUp', at(5))).toBe(0);
    expect(nextIndexForKey('Home', at(50))).toBe(0);
    expect(nextIndexForKey('End', at(50))).toBe(99);
    expect(nextIndexForKey('ArrowDown', at(-1))).toBe(0);
    expect(nextIndexForKey('x', at(3))).toBeUndefined();
    expect(nextIndexForKey('End', { index: -1, count: 0, pageSize: 10 })).toBeUndefined();
  });

  it('type-ahead finds the next name with the typed prefix and cycles on a repeated letter', () => {
    const names = ['boot', 'Program Files', 'ProgramData', 'Users', 'Windows', 'pagefile'];
    expect(findTypeAhead(names, 'progr', -1)).toBe(1);
    expect(findTypeAhead(names, 'programd', 1)).toBe(2);
    expect(findTypeAhead(names, 'p', 1)).toBe(2);
    expect(findTypeAhead(names, 'pp', 2)).toBe(5);
    expect(findTypeAhead(names, 'p', 5)).toBe(1); // wraps around
    expect(findTypeAhead(names, 'zz', 0)).toBeUndefined();
  });

  it('renders only the rows in view plus a margin, whatever the list length', () => {
    expect(visibleRange(0, 440, 22, 100_000, 8)).toEqual({ start: 0, end: 29 });
    const deep = visibleRange(22 * 50_000, 440, 22, 100_000, 8);
    expect(deep).toEqual({ start: 49_992, end: 50_029 });
    expect(deep.end - deep.start).toBeLessThan(40);
    expect(visibleRange(22 * 99_999, 440, 22, 100_000, 8).end).toBe(100_000);
  });
});

describe('tree order and paths', () => {
  const entries = [
    entry('b.txt', 'file', 10, 300),
    entry('Windows', 'dir', 0, 100),
    entry('a.log', 'file', 500, 200),
    entry('file10', 'file', 1, 50),
    entry('file9', 'file', 1, 50),
    entry('Docs', 'junction', 0, 400),
  ];
  const names = (order: Parameters<typeof sortEntries>[1]) => sortEntries(entries, order).map((e) => e.name);

  it('keeps folders first and sorts names naturally, case-insensitively', () => {
    expect(names({ column: 'name', descending: false })).toEqual(['Docs', 'Windows', 'a.log', 'b.txt', 'file9', 'file10']);
    expect(names({ column: 'name', descending: true })).toEqual(['Windows', 'Docs', 'file10', 'file9', 'b.txt', 'a.log']);
  });

  it('sorts by size and date with the name as tie-break; a new column starts largest/newest first', () => {
    expect(names({ column: 'size', descending: true })).toEqual(['Docs', 'Windows', 'a.log', 'b.txt', 'file9', 'file10']);
    expect(names({ column: 'date', descending: false })).toEqual(['Windows', 'Docs', 'file9', 'file10', 'a.log', 'b.txt']);
    expect(nextSortOrder({ column: 'name', descending: false }, 'size')).toEqual({ column: 'size', descending: true });
    expect(nextSortOrder({ column: 'size', descending: true }, 'size')).toEqual({ column: 'size', descending: false });
  });

  it('splits paths into breadcrumbs and finds the parent folder', () => {
    expect(pathCrumbs('/')).toEqual([]);
    expect(pathCrumbs('/Windows/System32')).toEqual([
      ['Windows', '/Windows'],
      ['System32', '/Windows/System32'],
    ]);
    expect(pathCrumbs('\\Windows\\Panther')).toEqual([
      ['Windows', '/Windows'],
      ['Panther', '/Windows/Panther'],
    ]);
    expect(parentPath('/Windows/System32')).toBe('/Windows');
    expect(parentPath('/Windows')).toBe('/');
    expect(parentPath('/')).toBe('/');
  });
});

describe('transfer rate and time left', () => {
  it('measures the rate over the recent window and derives the time left', () => {
    let samples = addRateSample([], { at: 0, done: 0 });
    expect(estimateTransfer(samples, 100e6).secondsLeft).toBeUndefined();
    samples = addRateSample(samples, { at: 1000, done: 10e6 });
    samples = addRateSample(samples, { at: 2000, done: 20e6 });
    expect(estimateTransfer(samples, 100e6)).toEqual({ bytesPerSecond: 10e6, secondsLeft: 8 });
    // After a stall the window forgets the fast start.
    samples = addRateSample(samples, { at: 6000, done: 24e6 });
    samples = addRateSample(samples, { at: 8000, done: 28e6 });
    expect(samples[0]!.at).toBeGreaterThanOrEqual(2000);
    expect(estimateTransfer(samples, 100e6).bytesPerSecond).toBeCloseTo(4e6 / 3, 0);
  });

  it('writes durations briefly', () => {
    expect(formatDuration(42)).toBe('42\u00a0s');
    expect(formatDuration(185)).toBe('3\u00a0min\u00a005\u00a0s');
    expect(formatDuration(3720)).toBe('1\u00a0h\u00a002\u00a0min');
    expect(formatDuration(undefined)).toBe('—');
  });
});

describe('what the explorer explains and asks for', () => {
  const file = entry('setupact.log', 'file', 10, 0);
  it('ties the trainee explanation to what is on screen', () => {
    expect(topicForScreen('doctor', '/', null, 'props')).toBe('sysprep');
    expect(topicForScreen('details', '/', null, 'props')).toBe('wim');
    expect(topicForScreen('files', '/', null, 'props')).toBe('wim');
    expect(topicForScreen('files', '/Windows', null, 'props')).toBe('installWim');
    expect(topicForScreen('files', '/Windows/Panther', file, 'props')).toBe('installWim');
    expect(topicForScreen('files', '/Windows/Panther', file, 'preview')).toBe('logs');
    expect(topicForScreen('files', '/Windows/Panther', file, 'hex')).toBe('metadata');
    expect(topicForScreen('files', '/', entry('Documents and Settings', 'junction', 0, 0), 'props')).toBe('metadata');
  });

  it('reads the names of the missing split parts from the engine error, and nothing from other errors', () => {
    const missing = new ImagewrightError(ErrorCode.SWM_PARTS_MISSING, { params: { missing: '2, 3', names: 'install2.swm, install3.swm', total: 3 } });
    expect(missingPartNames(missing)).toEqual(['install2.swm', 'install3.swm']);
    expect(missingPartNames(new ImagewrightError(ErrorCode.NOT_A_WIM))).toBeUndefined();
    expect(missingPartNames(new Error('SWM_PARTS_MISSING'))).toBeUndefined();
  });
});
