/** Whether the trainee explanations are shown; remembered across visits (trainees keep it on, experts off). */
import { useCallback, useState } from 'preact/hooks';

const LEARN_STORAGE_KEY = 'imagewright.learn';

function readStored(): boolean {
  try {
    return localStorage.getItem(LEARN_STORAGE_KEY) === 'open';
  } catch {
    return false; // storage disabled: start closed, the toggle still works for this visit
  }
}

export function useLearnPanel(): { open: boolean; toggle(): void } {
  const [open, setOpen] = useState(readStored);
  const toggle = useCallback(() => {
    setOpen((was) => {
      try {
        localStorage.setItem(LEARN_STORAGE_KEY, was ? 'closed' : 'open');
      } catch {
        // not remembering is acceptable
      }
      return !was;
    });
  }, []);
  return { open, toggle };
}
