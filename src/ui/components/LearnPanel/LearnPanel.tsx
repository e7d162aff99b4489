/**
 * Side panel for trainees: the explanation that fits what is on screen (the screen picks the topic), and links
 * to the other topics. Text lives in i18n/learn-en.ts and learn-fr.ts.
 */
import { useI18n } from '../../i18n/I18nContext';

export const LEARN_TOPICS = ['wim', 'installWim', 'imageKinds', 'sysprep', 'reference', 'deployment', 'metadata', 'logs'] as const;
export type LearnTopic = (typeof LEARN_TOPICS)[number];

export interface LearnPanelProps {
  topic: LearnTopic;
  onTopic(topic: LearnTopic): void;
  onClose(): void;
}

export function LearnPanel({ topic, onTopic, onClose }: LearnPanelProps) {
  const { t } = useI18n();
  const paragraphs = t(`learn.${topic}.body`).split(/\n\n+/);
  return (
    <aside class="learn-panel" aria-labelledby="learn-title" data-testid="learn-panel" data-topic={topic}>
      <div class="learn-panel__head">
        <span class="learn-panel__kicker">{t('learn.panelTitle')}</span>
        <button type="button" class="button button--small button--ghost" onClick={onClose} aria-label={t('learn.hide')} data-testid="learn-close">
          ×
        </button>
      </div>
      <h2 id="learn-title" class="learn-panel__title" data-testid="learn-title">
        {t(`learn.${topic}.title`)}
      </h2>
      <div class="learn-panel__body" data-testid="learn-body">
        {paragraphs.map((text, i) => (
          <p key={i}>{text}</p>
        ))}
      </div>
      <h3 class="subhead">{t('learn.otherTopics')}</h3>
      <ul class="plain-list learn-panel__topics">
        {LEARN_TOPICS.filter((other) => other !== topic).map((other) => (
          <li key={other}>
            <button type="button" class="link-button" onClick={() => onTopic(other)} data-testid={`learn-topic-${other}`}>
              {t(`learn.${other}.title`)}
            </button>
          </li>
        ))}
      </ul>
    </aside>
  );
}
