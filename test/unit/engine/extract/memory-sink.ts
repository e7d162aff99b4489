/** A TreeSink in memory for the extraction tests: records what was committed, what was aborted, and open files. */
import type { FileWriter, TreeSink } from '../../../../src/io/byte-sink';

export function memorySink() {
  const committed = new Map<string, Uint8Array>();
  const aborted: string[] = [];
  let open = 0;
  const sink: TreeSink = {
    profile: 'posix',
    caseInsensitive: false,
    createDirectory: async () => undefined,
    async createFile(path): Promise<FileWriter> {
      const name = path.join('/');
      const pieces: Uint8Array[] = [];
      open++;
      return {
        write: async (bytes) => void pieces.push(bytes.slice()),
        commit: async () => {
          open--;
          committed.set(name, Buffer.concat(pieces));
        },
        abort: async () => {
          open--;
          aborted.push(name);
        },
      };
    },
  };
  return { sink, committed, aborted, openCount: () => open };
}
