/**
 * Files opened with the installed app ("Open with Imagewright" on a .wim, per the manifest's file_handlers)
 * arrive through window.launchQueue (desktop Chromium only). With launch_handler focus-existing, later launches
 * are delivered to the already open window through the same consumer.
 */

interface LaunchParams {
  files: readonly FileSystemHandle[];
}

interface LaunchQueue {
  setConsumer(consumer: (params: LaunchParams) => void): void;
}

/** Calls `onFiles` for each launch that carries files; returns false where the platform has no launchQueue. */
export function consumeLaunchedFiles(onFiles: (files: File[]) => void, onError: (error: unknown) => void): boolean {
  const queue = (window as { launchQueue?: LaunchQueue }).launchQueue;
  if (!queue) return false;
  queue.setConsumer((params) => {
    const handles = params.files.filter((handle): handle is FileSystemFileHandle => handle.kind === 'file');
    if (handles.length === 0) return;
    Promise.all(handles.map((handle) => handle.getFile())).then(onFiles, onError);
  });
  return true;
}
