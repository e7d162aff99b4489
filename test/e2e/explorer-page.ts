/** Page helpers for the explorer suites: reading the windowed lists and moving around the tree like a user. */
import type { Page } from 'playwright-core';

/** Names of the rendered rows of the current folder listing, in display order. */
export function shownEntryNames(page: Page): Promise<string[]> {
  return page.locator('[data-testid=entry-list] [data-testid=entry]').evaluateAll((rows) => rows.map((row) => (row as HTMLElement).dataset.name!));
}

/** Name of the row that has the keyboard cursor (aria-activedescendant of the list). */
export function activeEntryName(page: Page, list = 'entry-list'): Promise<string | undefined> {
  return page.getByTestId(list).evaluate((element) => {
    const id = element.getAttribute('aria-activedescendant');
    const row = id ? document.getElementById(id) : null;
    return (row?.querySelector('[data-name]') as HTMLElement | null)?.dataset.name;
  });
}

/** Waits until the folder `crumb` is listed; fails with the app's message when the listing failed. */
export async function waitForListing(page: Page, crumb: string): Promise<void> {
  await page.locator(`[data-testid=crumb-current]:text-is(${JSON.stringify(crumb)})`).waitFor();
  await page.waitForFunction(() => {
    const status = document.querySelector('[data-testid=tree-status]')?.textContent ?? '';
    return !/Loading|Chargement/.test(status);
  });
  const failed = page.locator('[data-testid=tree-pane] [data-testid=error-panel]');
  if ((await failed.count()) > 0) throw new Error(`listing ${crumb} failed: ${await failed.textContent()}`);
}

/** Opens each folder of an image path from the root by double click, as a user would. */
export async function goToFolder(page: Page, image: number, path: string): Promise<void> {
  const rootCrumb = page.getByTestId('crumb').first();
  if ((await rootCrumb.count()) > 0) await rootCrumb.click();
  await waitForListing(page, `Image ${image}`);
  for (const name of path.split('/').filter(Boolean)) {
    await page.locator(`[data-testid=entry-list] [data-testid=entry][data-name=${JSON.stringify(name)}]`).dblclick();
    await waitForListing(page, name);
  }
}

/** Selects one row of the current listing by name. */
export async function selectEntry(page: Page, name: string): Promise<void> {
  await page.locator(`[data-testid=entry-list] [data-testid=entry][data-name=${JSON.stringify(name)}]`).click();
  await page.locator(`[data-testid=entry-title]:text-is(${JSON.stringify(name)})`).waitFor();
}

/** Every file of an OPFS directory as relative path → SHA-256 hex, read in the page. */
export function hashOpfsDirectory(page: Page, name: string): Promise<Record<string, string>> {
  return page.evaluate(async (dirName) => {
    const out: Record<string, string> = {};
    const hex = (buffer: ArrayBuffer) => [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, '0')).join('');
    const walk = async (dir: FileSystemDirectoryHandle, prefix: string): Promise<void> => {
      for await (const [entryName, handle] of (dir as unknown as { entries(): AsyncIterable<[string, FileSystemHandle]> }).entries()) {
        const path = prefix ? `${prefix}/${entryName}` : entryName;
        if (handle.kind === 'directory') await walk(handle as FileSystemDirectoryHandle, path);
        else out[path] = hex(await crypto.subtle.digest('SHA-256', await (await (handle as FileSystemFileHandle).getFile()).arrayBuffer()));
      }
    };
    const root = await navigator.storage.getDirectory();
    await walk(await root.getDirectoryHandle(dirName), '');
    return out;
  }, name);
}
