/**
 * In-memory stand-ins for the File System Access handles the writer uses: a folder tree whose files are File
 * objects (with lastModified), and file handles whose createWritable() writes positioned bytes into a swap
 * buffer that replaces the file only on close() — abort() drops it, as Chromium does.
 */
export class MemFileHandle {
  readonly kind = 'file';
  writables = 0;
  aborted = 0;
  /** Calls to write() on its streams (round trips to the browser process, in Chromium). */
  writeCalls = 0;
  /** Makes the next write fail with this DOMException name (a full disk: QuotaExceededError). */
  failWith: string | undefined;

  constructor(readonly name: string, public bytes: Uint8Array = new Uint8Array(0), public lastModified = Date.UTC(2024, 4, 1, 10, 20, 30)) {}

  async getFile(): Promise<File> {
    return new File([this.bytes.slice()], this.name, { lastModified: this.lastModified });
  }

  async createWritable(options: { keepExistingData: boolean }) {
    let swap = options.keepExistingData ? this.bytes.slice() : new Uint8Array(0);
    this.writables++;
    let open = true;
    const closeOut = (): void => {
      if (!open) throw new TypeError('stream is closed');
      open = false;
      this.writables--;
    };
    return {
      write: async (cmd: { type: 'write'; position: number; data: Uint8Array } | { type: 'truncate'; size: number }) => {
        if (!open) throw new TypeError('stream is closed');
        this.writeCalls++;
        if (this.failWith) throw new DOMException('refused', this.failWith);
        const end = cmd.type === 'write' ? cmd.position + cmd.data.length : cmd.size;
        if (end > swap.length || cmd.type === 'truncate') {
          const next = new Uint8Array(cmd.type === 'truncate' ? cmd.size : end);
          next.set(swap.subarray(0, Math.min(swap.length, next.length)));
          swap = next;
        }
        if (cmd.type === 'write') swap.set(cmd.data, cmd.position);
      },
      close: async () => {
        closeOut();
        this.bytes = swap;
      },
      abort: async () => {
        closeOut();
        this.aborted++;
      },
    };
  }
}

export class MemDirHandle {
  readonly kind = 'directory';
  readonly children = new Map<string, MemDirHandle | MemFileHandle>();

  constructor(readonly name = 'root') {}

  /** Adds a file at "a/b/c.txt", creating folders on the way. */
  put(path: string, bytes: Uint8Array | string, lastModified?: number): MemFileHandle {
    const names = path.split('/');
    let dir: MemDirHandle = this;
    for (const name of names.slice(0, -1)) {
      let next = dir.children.get(name);
      if (!next) dir.children.set(name, (next = new MemDirHandle(name)));
      dir = next as MemDirHandle;
    }
    const data = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes;
    const file = new MemFileHandle(names.at(-1)!, data, lastModified);
    dir.children.set(file.name, file);
    return file;
  }

  async getDirectoryHandle(name: string, options: { create?: boolean } = {}): Promise<MemDirHandle> {
    const found = this.children.get(name);
    if (found instanceof MemDirHandle) return found;
    if (found) throw new DOMException('a file has that name', 'TypeMismatchError');
    if (!options.create) throw new DOMException('no such folder', 'NotFoundError');
    const dir = new MemDirHandle(name);
    this.children.set(name, dir);
    return dir;
  }

  async getFileHandle(name: string, options: { create?: boolean } = {}): Promise<MemFileHandle> {
    const found = this.children.get(name);
    if (found instanceof MemFileHandle) return found;
    if (found) throw new DOMException('a folder has that name', 'TypeMismatchError');
    if (!options.create) throw new DOMException('no such file', 'NotFoundError');
    const file = new MemFileHandle(name);
    this.children.set(name, file);
    return file;
  }

  async *values(): AsyncIterable<MemDirHandle | MemFileHandle> {
    yield* this.children.values();
  }
}
