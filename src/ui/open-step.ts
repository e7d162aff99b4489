/** The busy screen's line for a step of opening an image ("Reading the blob table of install2.swm — part 2 of 3"). */
import type { OpenImageProgress } from '../engine/explorer/explorer-api';
import type { MessageKey, MessageParams } from './i18n/translate';

export function describeOpenStep(step: OpenImageProgress, t: (key: MessageKey, params?: MessageParams) => string): string {
  const what = t(`busy.step.${step.stage}`, { name: step.name, image: step.image ?? 1 });
  // A split set names the part (what the user recognises); several plain files name the position instead.
  if (step.part !== undefined && step.parts !== undefined) return `${what} — ${t('busy.part', { part: step.part, parts: step.parts })}`;
  if (step.files > 1) return `${what} — ${t('busy.file', { file: step.file, files: step.files })}`;
  return what;
}
