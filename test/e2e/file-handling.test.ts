// "Open with Imagewright": the installed app receives a .wim from the OS through the manifest's file_handlers
// and window.launchQueue. Driven with Chromium's CDP PWA domain, which needs a persistent profile.
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, launchPersistentBrowser, makeScratchDir, ROOT, startServer, wimlibImageNames, type AppServer } from './harness';

let server: AppServer;
let scratch: Awaited<ReturnType<typeof makeScratchDir>>;
let context: BrowserContext;

beforeAll(async () => {
  await ensureBuilt();
  scratch = await makeScratchDir();
  server = await startServer();
  context = await launchPersistentBrowser(join(scratch.dir, 'profile'));
});

afterAll(async () => {
  await context?.close();
  await server?.close();
  await scratch?.remove(); // the profile lives in scratch: nothing is left behind
});

describe('file handling of the installed app', () => {
  it('registers .wim, .esd and .swm and opens a launched .wim through launchQueue', async () => {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(server.url);
    await page.getByTestId('home').waitFor();
    const cdp = await context.newCDPSession(page);
    const manifestId = server.url; // manifest id "/" resolved against the origin

    await cdp.send('PWA.install', { manifestId });
    const state = (await cdp.send('PWA.getOsAppState', { manifestId })) as {
      fileHandlers: { accepts: { mediaType: string; fileExtensions: string[] }[] }[];
    };
    const accepts = state.fileHandlers.flatMap((handler) => handler.accepts);
    expect(accepts).toEqual([{ mediaType: 'application/x-ms-wim', fileExtensions: ['.esd', '.swm', '.wim'] }]);

    const sample = join(ROOT, 'public/samples/sample.wim');
    await cdp.send('PWA.launchFilesInApp', { manifestId, files: [sample] });

    const expected = await wimlibImageNames(sample);
    const shownSomewhere = async (): Promise<string[]> => {
      for (const candidate of context.pages()) {
        const names = await candidate.getByTestId('image-list-name').allTextContents();
        if (names.length > 0) return names;
      }
      return [];
    };
    await expect.poll(shownSomewhere, { timeout: 20_000 }).toEqual(expected);
  });
});
