/** One image of the file: what Windows Setup and DISM show about it, then the complete XML on demand. */
import type { WimImageInfo, WimVersionFacts } from '../../../formats/wim/wim-info';
import { Facts, type FactRow } from '../../components/Facts/Facts';
import { formatBytesExact, formatDateTime, formatInteger } from '../../format';
import { useI18n } from '../../i18n/I18nContext';
import { PropertyList } from './PropertyList';

function versionText(version: WimVersionFacts | undefined): string | undefined {
  if (version?.major === undefined) return undefined;
  const parts = [version.major, version.minor, version.build, version.spBuild].filter((n) => n !== undefined);
  return parts.join('.') + (version.branch ? ` (${version.branch})` : '');
}

export function ImageCard({ image, isBoot }: { image: WimImageInfo; isBoot: boolean }) {
  const { locale, t } = useI18n();
  const count = (n: number | undefined) => (n === undefined ? undefined : formatInteger(n, locale));
  const languages = image.languages.length
    ? image.languages
        .map((lang) => (lang === image.defaultLanguage ? `${lang} (${t('image.defaultLanguage')})` : lang))
        .join(', ')
    : image.defaultLanguage;

  const rows: FactRow[] = [
    [t('image.displayName'), image.displayName, 'displayName'],
    [t('image.displayDescription'), image.displayDescription, 'displayDescription'],
    [t('image.edition'), image.editionId, 'edition'],
    [t('image.flags'), image.flags, 'flags'],
    [t('image.productName'), image.productName, 'productName'],
    [t('image.installationType'), image.installationType, 'installationType'],
    [t('image.version'), versionText(image.version), 'version'],
    [t('image.build'), image.version?.build?.toString(), 'build'],
    [t('image.spBuild'), image.version?.spBuild?.toString(), 'spBuild'],
    [t('image.architecture'), image.architecture?.name, 'architecture'],
    [t('image.languages'), languages, 'languages'],
    [t('image.files'), count(image.fileCount), 'fileCount'],
    [t('image.directories'), count(image.dirCount), 'dirCount'],
    [t('image.totalBytes'), image.totalBytes === undefined ? undefined : formatBytesExact(image.totalBytes, locale), 'totalBytes'],
    [t('image.created'), image.creationTime && formatDateTime(image.creationTime, locale), 'created'],
    [t('image.modified'), image.lastModificationTime && formatDateTime(image.lastModificationTime, locale), 'modified'],
  ];

  return (
    <article class="card image-card" data-testid="image-card" data-index={image.index}>
      <header class="image-card__header">
        <span class="badge">{t('image.title', { index: image.index })}</span>
        {isBoot && <span class="badge badge--accent">{t('image.bootable')}</span>}
        <h3 class="image-card__name" data-testid="image-name">
          {image.name ?? t('image.unnamed')}
        </h3>
        {image.description && <p class="image-card__description">{image.description}</p>}
      </header>
      <Facts rows={rows} />
      <PropertyList properties={image.properties} />
    </article>
  );
}
