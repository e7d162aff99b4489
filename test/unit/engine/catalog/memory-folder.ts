// An in-memory stand-in for a picked folder (FileSystemDirectoryHandle), with the behaviours distribution
// depends on: writables that publish only on close(), abort(), a byte quota (a full stick), a per-file size limit
// (FAT32) that truncate() and write() enforce, optional move(), and a log of every operation.
import type { TargetFile, TargetFolder, TargetWritable } from '../../../../src/engine/catalog/distribute';

export interface MemoryFolderOptions {
  name?: string;
  quota?: number;
  maxFileSize?: number;
  /** Sparse file system: truncate() reserves nothing, so only write() hits the quota. */
  sparse?: boolean;
  move?: boolean;
  /** Corrupts what gets stored (a bad stick): flips the first byte of every file written. */
  corrupt?: boolean;
}

const domError = (name: string, message: string): Error => Object.assign(new Error(message), { name });

export class MemoryFolder implements TargetFolder {
  readonly name: string;
  readonly files = new Map<string, Uint8Array>();
  readonly log: string[] = [];
  /** Bytes held by open writables (their swap files). */
  private reserved = 0;

  constructor(private readonly options: MemoryFolderOptions = {}) {
    this.name = options.name ?? 'TARGET';
  }

  used(): number {
    let sum = this.reserved;
    for (const bytes of this.files.values()) sum += bytes.length;
    return sum;
  }

  text(name: string): string {
    return new TextDecoder().decode(this.files.get(name));
  }

  async getFileHandle(name: string, options: { create?: boolean } = {}): Promise<TargetFile> {
    if (!this.files.has(name)) {
      if (!options.create) throw domError('NotFoundError', `${name} not found`);
      this.files.set(name, new Uint8Array(0));
      this.log.push(`create ${name}`);
    }
    return this.handle(name);
  }

  async removeEntry(name: string): Promise<void> {
    if (!this.files.delete(name)) throw domError('NotFoundError', `${name} not found`);
    this.log.push(`remove ${name}`);
  }

  private handle(initialName: string): TargetFile {
    let name = initialName;
    const folder = this;
    const handle: TargetFile = {
      get name() {
        return name;
      },
      async getFile() {
        const bytes = folder.files.get(name);
        if (!bytes) throw domError('NotFoundError', `${name} not found`);
        return new Blob([bytes.slice()]);
      },
      async createWritable() {
        return folder.writable(() => name);
      },
    };
    if (this.options.move) {
      handle.move = async (newName: string) => {
        const bytes = folder.files.get(name);
        if (!bytes) throw domError('NotFoundError', `${name} not found`);
        folder.files.delete(name);
        folder.files.set(newName, bytes);
        folder.log.push(`move ${name} ${newName}`);
        name = newName;
      };
    }
    return handle;
  }

  private writable(nameOf: () => string): TargetWritable {
    const chunks: Uint8Array[] = [];
    let length = 0;
    let reservation = 0;
    let open = true;
    const reserve = (size: number): void => {
      if (this.options.maxFileSize !== undefined && size > this.options.maxFileSize) throw domError('InvalidStateError', 'File too large');
      const extra = size - reservation;
      if (this.options.quota !== undefined && this.used() + extra > this.options.quota) throw domError('QuotaExceededError', 'No space left');
      this.reserved += extra;
      reservation = size;
    };
    const release = (): void => {
      this.reserved -= reservation;
      reservation = 0;
      open = false;
    };
    return {
      write: async (data) => {
        if (!open) throw domError('TypeError', 'closed');
        const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data.slice();
        if (length + bytes.length > reservation) reserve(length + bytes.length);
        chunks.push(bytes);
        length += bytes.length;
        this.log.push(`write ${nameOf()} ${bytes.length}`);
      },
      truncate: async (size) => {
        if (!this.options.sparse) reserve(size);
        else if (this.options.maxFileSize !== undefined && size > this.options.maxFileSize) throw domError('InvalidStateError', 'File too large');
        this.log.push(`truncate ${nameOf()} ${size}`);
      },
      close: async () => {
        const all = new Uint8Array(length);
        let at = 0;
        for (const chunk of chunks) {
          all.set(chunk, at);
          at += chunk.length;
        }
        if (this.options.corrupt && all.length > 0) all[0] = all[0]! ^ 0xff;
        release();
        this.files.set(nameOf(), all);
        this.log.push(`close ${nameOf()}`);
      },
      abort: async () => {
        release();
        this.log.push(`abort ${nameOf()}`);
      },
    };
  }
}
