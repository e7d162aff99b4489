/**
 * An in-memory FileSystemDirectoryHandle with the semantics the FS Access sink relies on, as Chromium has them:
 * getDirectoryHandle / getFileHandle with { create } (creating the file, empty, at once), NotFoundError and
 * TypeMismatchError, removeEntry, and createWritable() writing to a swap buffer that replaces the file only on
 * close() — abort() drops the swap and leaves the file as it was (an empty created file stays).
 */
export class FakeFile {
  constructor(public bytes: Uint8Array = new Uint8Array(0)) {}
}

export class FakeDirectoryHandle {
  readonly kind = 'directory';
  readonly children = new Map<string, FakeDirectoryHandle | FakeFile>();
  openWritables = 0;
  aborted = 0;

  constructor(readonly name = '') {}

  private lookup(name: string): FakeDirectoryHandle | FakeFile | undefined {
    for (const [key, value] of this.children) if (key.toLowerCase() === name.toLowerCase()) return value;
    return undefined;
  }

  async getDirectoryHandle(name: string, options: { create?: boolean } = {}): Promise<FakeDirectoryHandle> {
    const found = this.lookup(name);
    if (found instanceof FakeDirectoryHandle) return found;
    if (found) throw new DOMException('a file has that name', 'TypeMismatchError');
    if (!options.create) throw new DOMException('no such folder', 'NotFoundError');
    const dir = new FakeDirectoryHandle(name);
    this.children.set(name, dir);
    return dir;
  }

  async getFileHandle(name: string, options: { create?: boolean } = {}): Promise<unknown> {
    // Chromium refuses some names in picked folders with a TypeError.
    if (name.endsWith('.lnk')) throw new TypeError('Name is not allowed.');
    let found = this.lookup(name);
    if (found instanceof FakeDirectoryHandle) throw new DOMException('a folder has that name', 'TypeMismatchError');
    if (!found) {
      if (!options.create) throw new DOMException('no such file', 'NotFoundError');
      found = new FakeFile();
      this.children.set(name, found);
    }
    const file = found;
    return {
      kind: 'file',
      name,
      createWritable: async () => {
        const chunks: Uint8Array[] = [];
        this.openWritables++;
        return {
          write: async (data: Uint8Array) => void chunks.push(data.slice()),
          close: async () => {
            this.openWritables--;
            file.bytes = Buffer.concat(chunks);
          },
          abort: async () => {
            this.openWritables--;
            this.aborted++;
          },
        };
      },
    };
  }

  async removeEntry(name: string): Promise<void> {
    for (const key of this.children.keys()) {
      if (key.toLowerCase() === name.toLowerCase()) {
        this.children.delete(key);
        return;
      }
    }
    throw new DOMException('no such entry', 'NotFoundError');
  }

  /** Every file below, "a/b.txt" → bytes. */
  files(prefix = ''): Map<string, Uint8Array> {
    const out = new Map<string, Uint8Array>();
    for (const [name, child] of this.children) {
      if (child instanceof FakeDirectoryHandle) for (const [k, v] of child.files(`${prefix}${name}/`)) out.set(k, v);
      else out.set(`${prefix}${name}`, child.bytes);
    }
    return out;
  }

  asHandle(): FileSystemDirectoryHandle {
    return this as unknown as FileSystemDirectoryHandle;
  }
}
