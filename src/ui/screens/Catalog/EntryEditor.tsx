/** Edits the admin's own fields of an entry: name, organisation version, comment, tags, kind. */
import { useEffect, useState } from 'preact/hooks';
import type { EngineClient } from '../../../client/engine-client';
import type { CatalogImage, ImageKind } from '../../../catalog/schema';
import { IMAGE_KINDS } from './kinds';
import { useI18n } from '../../i18n/I18nContext';
import type { MessageKey } from '../../i18n/translate';

export interface EntryEditorProps {
  client: EngineClient;
  image: CatalogImage;
  onSaved(): void;
  onError(error: unknown): void;
}

export function EntryEditor({ client, image, onSaved, onError }: EntryEditorProps) {
  const { t } = useI18n();
  const [name, setName] = useState(image.name);
  const [version, setVersion] = useState(image.version);
  const [comment, setComment] = useState(image.comment);
  const [tags, setTags] = useState(image.tags.join(', '));
  const [kind, setKind] = useState<ImageKind>(image.kind);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    setName(image.name);
    setVersion(image.version);
    setComment(image.comment);
    setTags(image.tags.join(', '));
    setKind(image.kind);
  }, [image]);

  const save = (event: Event): void => {
    event.preventDefault();
    setSaved(false);
    const edit = { name, version, comment, kind, tags: tags.split(',') };
    client.catalogEdit(image.id, edit).then(() => {
      setSaved(true);
      onSaved();
    }, onError);
  };

  return (
    <form class="entry-editor" onSubmit={save} data-testid="entry-editor">
      <label>
        {t('detail.name')}
        <input value={name} onInput={(e) => setName(e.currentTarget.value)} data-testid="edit-name" required />
      </label>
      <label>
        {t('detail.version')}
        <input value={version} onInput={(e) => setVersion(e.currentTarget.value)} data-testid="edit-version" />
      </label>
      <label>
        {t('detail.tags')}
        <input value={tags} onInput={(e) => setTags(e.currentTarget.value)} data-testid="edit-tags" />
      </label>
      <label>
        {t('detail.kind')}
        <select value={kind} onChange={(e) => setKind(e.currentTarget.value as ImageKind)} data-testid="edit-kind">
          {IMAGE_KINDS.map((k) => (
            <option key={k} value={k}>{t(`kind.${k}` as MessageKey)}</option>
          ))}
        </select>
      </label>
      <label class="entry-editor__wide">
        {t('detail.comment')}
        <textarea value={comment} rows={3} onInput={(e) => setComment(e.currentTarget.value)} data-testid="edit-comment" />
      </label>
      <div class="actions">
        <button type="submit" class="button button--primary" data-testid="edit-save">{t('detail.save')}</button>
        {saved && <span role="status" data-testid="edit-saved">{t('detail.saved')}</span>}
      </div>
    </form>
  );
}
