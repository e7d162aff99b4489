// openImage's progress: which structure of which file it reads (header, blob table, XML, then the first image's
// tree), with the part number of each file of a split set made by wimlib-imagex.
import { execFileSync } from 'node:child_process';
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExplorerApi, OpenImageProgress } from '../../../../src/engine/explorer/explorer-api';
import { noise } from '../../../interop/fixtures';
import { captureWim, engineFile, nodeExplorer, stageSampleTree, tempDir } from './explorer-fixtures';

let dir: string;
let wim: string;
let api: ExplorerApi;

beforeAll(() => {
  dir = tempDir('open-progress');
  const tree = stageSampleTree(dir);
  // wimlib keeps a blob in one part: several big blobs make several parts.
  for (const [i, size] of [4, 3, 3].entries()) writeFileSync(join(tree, `big${i}.bin`), noise(size * 1024 * 1024, 11 + i));
  wim = captureWim(tree, dir, 'install.wim', '--compress=XPRESS');
  execFileSync('wimlib-imagex', ['split', wim, join(dir, 'install.swm'), '2'], { stdio: 'ignore' });
  api = nodeExplorer();
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** "stage name part/parts" per step, compact enough to compare whole sequences. */
function describeSteps(steps: OpenImageProgress[]): string[] {
  return steps.map((s) => `${s.stage} ${s.name} ${s.file}/${s.files}${s.part === undefined ? '' : ` part ${s.part}/${s.parts}`}${s.image === undefined ? '' : ` image ${s.image}`}`);
}

describe('openImage progress', () => {
  it('reports header, blob table, XML, then the tree of image 1 for a single WIM, and answers with the tree read', async () => {
    const steps: OpenImageProgress[] = [];
    const opened = await api.openImage([await engineFile(wim)], (step) => void steps.push(step));
    expect(describeSteps(steps)).toEqual([
      'header install.wim 1/1',
      'blob-table install.wim 1/1',
      'xml install.wim 1/1',
      'metadata install.wim 1/1 image 1',
    ]);
    expect((await api.listDirectory(opened.sessionId, 1, '/')).entries.length).toBeGreaterThan(0);
    await api.closeImage(opened.sessionId);
  });

  it('names the part of a split set it reads, part 1 first whatever the order the parts were picked in', async () => {
    const names = readdirSync(dir).filter((n) => n.endsWith('.swm')).sort();
    expect(names.length).toBeGreaterThanOrEqual(3);
    const partOf = (name: string) => Number(/install(\d*)\.swm$/.exec(name)![1] || '1');
    const picked = [...names].reverse();
    const steps: OpenImageProgress[] = [];
    const opened = await api.openImage(await Promise.all(picked.map((n) => engineFile(join(dir, n)))), (step) => void steps.push(step));
    const total = names.length;
    const ordered = ['install.swm', ...picked.filter((n) => n !== 'install.swm')];
    expect(describeSteps(steps)).toEqual([
      ...ordered.flatMap((name, i) => [`header ${name} ${i + 1}/${total}`, `blob-table ${name} ${i + 1}/${total} part ${partOf(name)}/${total}`]),
      `xml install.swm 1/${total} part 1/${total}`,
      `metadata install.swm 1/${total} part 1/${total} image 1`,
    ]);
    await api.closeImage(opened.sessionId);
  });

  it('reports nothing and still opens when no callback is given', async () => {
    const opened = await api.openImage([await engineFile(wim)]);
    expect(opened.info.header.imageCount).toBe(1);
    await api.closeImage(opened.sessionId);
  });
});
