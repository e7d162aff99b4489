/**
 * Dropping files anywhere on the page. The browser's default for a dropped file is to navigate to it, which
 * would unload the app, so every file drag over the target is claimed. Counting enter/leave pairs keeps the
 * "release to open" state steady while the pointer crosses child elements.
 */

export interface FileDropHandlers {
  onFiles(files: File[]): void;
  onDragStateChange?(active: boolean): void;
}

function carriesFiles(event: DragEvent): boolean {
  return event.dataTransfer?.types.includes('Files') ?? false;
}

/** Installs the listeners on `target`; returns the function that removes them. */
export function listenForFileDrops(target: EventTarget, handlers: FileDropHandlers): () => void {
  let depth = 0;
  const setActive = (active: boolean): void => handlers.onDragStateChange?.(active);

  const onEnter = (event: Event): void => {
    if (!carriesFiles(event as DragEvent)) return;
    event.preventDefault();
    if (depth++ === 0) setActive(true);
  };
  const onOver = (event: Event): void => {
    const drag = event as DragEvent;
    if (!carriesFiles(drag)) return;
    event.preventDefault();
    if (drag.dataTransfer) drag.dataTransfer.dropEffect = 'copy';
  };
  const onLeave = (event: Event): void => {
    if (!carriesFiles(event as DragEvent)) return;
    depth = Math.max(0, depth - 1);
    if (depth === 0) setActive(false);
  };
  const onDrop = (event: Event): void => {
    const drag = event as DragEvent;
    if (!carriesFiles(drag)) return;
    event.preventDefault();
    depth = 0;
    setActive(false);
    const files = drag.dataTransfer ? [...drag.dataTransfer.files] : [];
    if (files.length > 0) handlers.onFiles(files);
  };

  const listeners: [string, (event: Event) => void][] = [
    ['dragenter', onEnter],
    ['dragover', onOver],
    ['dragleave', onLeave],
    ['drop', onDrop],
  ];
  for (const [type, listener] of listeners) target.addEventListener(type, listener);
  return () => {
    for (const [type, listener] of listeners) target.removeEventListener(type, listener);
  };
}
