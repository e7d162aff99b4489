/**
 * Which trainee explanation fits what is on screen: the doctor explains Sysprep, the file details explain WIM
 * basics, browsing explains what is inside install.wim, a log preview explains Panther logs, links and hex
 * explain file metadata.
 */
import type { EntrySummary } from '../../../engine/explorer/explorer-api';
import type { LearnTopic } from '../../components/LearnPanel/LearnPanel';
import type { EntryTab } from './EntryPanel';
import type { ExplorerView } from './ImageList';

export function topicForScreen(view: ExplorerView, folder: string, selected: EntrySummary | null, tab: EntryTab): LearnTopic {
  if (view === 'doctor') return 'sysprep';
  if (view === 'details') return 'wim';
  if (selected) {
    if (tab === 'preview' && /\.log$/i.test(selected.name)) return 'logs';
    if (tab === 'hex' || selected.kind === 'symlink' || selected.kind === 'junction' || selected.linkCount > 1) return 'metadata';
    return 'installWim';
  }
  return folder === '/' ? 'wim' : 'installWim';
}
