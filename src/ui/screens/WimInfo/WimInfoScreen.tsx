/** Everything `info` knows about an opened file: file facts, its tables, warnings, then one card per image. */
import type { WimInfo } from '../../../formats/wim/wim-info';
import { formatBytes, formatInteger } from '../../format';
import { useI18n } from '../../i18n/I18nContext';
import { FileFacts } from './FileFacts';
import { ImageCard } from './ImageCard';
import { ResourceTable } from './ResourceTable';

export default function WimInfoScreen({ info, onClose }: { info: WimInfo; onClose(): void }) {
  const { locale, t } = useI18n();
  const summary = [
    info.compression,
    `${formatInteger(info.images.length, locale)} ${t('info.imagesSection').toLowerCase()}`,
    formatBytes(info.fileSize, locale),
  ].join(' · ');

  return (
    <div class="wim-info" data-testid="wim-info">
      <div class="wim-info__heading">
        <div>
          <h2 class="wim-info__title" data-testid="file-name">
            {info.fileName}
          </h2>
          <p class="wim-info__summary">{summary}</p>
        </div>
        <button type="button" class="button button--ghost" onClick={onClose} data-testid="open-another">
          {t('info.openAnother')}
        </button>
      </div>

      {info.warnings.length > 0 && (
        <section class="card notice" data-testid="warnings">
          <h3>{t('info.warnings')}</h3>
          <ul>
            {info.warnings.map((warning) => (
              <li key={warning}>{warning}</li>
            ))}
          </ul>
        </section>
      )}

      <section class="card">
        <h3 class="section-title">{t('info.fileSection')}</h3>
        <FileFacts info={info} />
        {/* Offsets and sizes matter when diagnosing a damaged file, rarely otherwise: folded by default. */}
        <details class="properties" data-testid="resources">
          <summary>{t('info.resourcesSection')}</summary>
          <ResourceTable header={info.header} />
        </details>
      </section>

      <h3 class="section-title section-title--outside">
        {t('info.imagesSection')} <span class="count">{info.images.length}</span>
      </h3>
      <div class="image-grid">
        {info.images.map((image) => (
          <ImageCard key={image.index} image={image} isBoot={image.index === info.header.bootIndex} />
        ))}
      </div>
    </div>
  );
}
