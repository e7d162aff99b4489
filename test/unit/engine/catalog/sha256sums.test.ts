import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseSha256Sums, updateSha256Sums } from '../../../../src/engine/catalog/sha256sums';
import { ErrorCode, ImagewrightError } from '../../../../src/shared/errors';

const run = promisify(execFile);

describe('SHA256SUMS manifest', () => {
  it('writes a manifest that GNU sha256sum -c accepts', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'iw-sums-'));
    try {
      let text = '';
      for (const [name, content] of [['b file.wim', 'beta'], ['a.iso', 'alpha'], ['b file.wim', 'beta2']] as const) {
        await writeFile(join(dir, name), content);
        text = updateSha256Sums(text, name, createHash('sha256').update(content).digest('hex'));
      }
      await writeFile(join(dir, 'SHA256SUMS'), text);
      const { stdout } = await run('sha256sum', ['-c', 'SHA256SUMS'], { cwd: dir });
      expect(stdout).toBe('a.iso: OK\nb file.wim: OK\n');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('reads binary-mode lines and uppercase digests, and keeps lines it does not understand', () => {
    const hex = 'AB'.repeat(32);
    const parsed = parseSha256Sums(`${hex} *x.wim\r\nnot a line\n`);
    expect(parsed.entries).toEqual([{ sha256: hex.toLowerCase(), name: 'x.wim' }]);
    expect(parsed.other).toEqual(['not a line']);
  });

  it('refuses a name that would break the line format', () => {
    const error = (() => {
      try {
        updateSha256Sums('', 'a\nb', '0'.repeat(64));
      } catch (e) {
        return e;
      }
    })();
    expect((error as ImagewrightError).code).toBe(ErrorCode.INVALID_ARGUMENT);
  });
});
