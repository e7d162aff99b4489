/** Asks for persistent storage once and shows whether the catalog is safe from eviction, with usage and quota. */
import { useEffect, useState } from 'preact/hooks';
import { requestPersistentStorage, type StorageFacts } from '../../../platform/catalog-access';
import { formatBytes } from '../../format';
import { useI18n } from '../../i18n/I18nContext';

export function StorageInfo() {
  const { t, locale } = useI18n();
  const [facts, setFacts] = useState<StorageFacts | null>(null);
  useEffect(() => {
    requestPersistentStorage().then(setFacts, () => setFacts(null));
  }, []);
  if (!facts) return null;
  return (
    <p class="storage-info" data-testid="storage-info" data-persisted={String(facts.persisted)}>
      {facts.persisted ? t('storage.persisted') : t('storage.notPersisted')}{' '}
      {facts.usage !== undefined && facts.quota !== undefined && (
        <span data-testid="storage-usage">{t('storage.usage', { usage: formatBytes(facts.usage, locale), quota: formatBytes(facts.quota, locale) })}</span>
      )}
    </p>
  );
}
