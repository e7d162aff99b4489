/**
 * Codec choices of a new WIM/ESD: two presets (the formats Microsoft's tools make: WIM = LZX 32 KiB, ESD = LZMS
 * solid), then the details for those who need them, with a warning as soon as the chunk size is one Windows
 * Setup and DISM refuse.
 */
import {
  defaultChunkSize,
  isMicrosoftCompatible,
  MICROSOFT_CHUNK_SIZE,
  SOLID_CHUNK_SIZE,
  type WriteCompression,
} from '../../../shared/write-defaults';
import { formatBytes } from '../../format';
import { useI18n } from '../../i18n/I18nContext';
import './write-options.css';

export interface WriteChoice {
  compression: WriteCompression;
  solid: boolean;
  /** undefined = the default for the codec. */
  chunkSize?: number;
}

export const WIM_PRESET: WriteChoice = { compression: 'LZX', solid: false };
export const ESD_PRESET: WriteChoice = { compression: 'LZMS', solid: true };

/** The extension a choice is saved with: solid images are ESDs. */
export function extensionOf(choice: WriteChoice): '.wim' | '.esd' {
  return choice.solid ? '.esd' : '.wim';
}

const CHUNK_SIZES = [4096, 8192, 16384, 32768, 65536, 131072, 262144, 524288, 1048576, 2097152];
const SOLID_SIZES = [MICROSOFT_CHUNK_SIZE, 1048576, 4194304, 16777216, SOLID_CHUNK_SIZE];

export function WriteOptions({ value, onChange }: { value: WriteChoice; onChange(next: WriteChoice): void }) {
  const { t, locale } = useI18n();
  const fallback = defaultChunkSize(value.compression, value.solid);
  const chunk = value.chunkSize ?? fallback;
  const preset = value.compression === 'LZX' && !value.solid ? 'wim' : value.compression === 'LZMS' && value.solid ? 'esd' : '';
  const sizes = (value.solid ? SOLID_SIZES : CHUNK_SIZES).filter((s) => s !== fallback);
  const warn = !isMicrosoftCompatible(value.compression, value.solid, chunk);
  const change = (patch: Partial<WriteChoice>): void => {
    const next = { ...value, ...patch };
    // A chunk size chosen for another codec or mode rarely makes sense for the new one: back to its default.
    if (('compression' in patch || 'solid' in patch) && !('chunkSize' in patch)) delete next.chunkSize;
    if (next.compression === 'none') next.solid = false;
    onChange(next);
  };
  return (
    <fieldset class="write-options" data-testid="write-options">
      <label>
        {t('write.preset')}{' '}
        <select
          value={preset}
          data-testid="write-preset"
          onChange={(e) => onChange(e.currentTarget.value === 'esd' ? ESD_PRESET : WIM_PRESET)}
        >
          <option value="wim">{t('write.presetWim')}</option>
          <option value="esd">{t('write.presetEsd')}</option>
          {preset === '' && <option value="">—</option>}
        </select>
      </label>
      <details>
        <summary>{t('write.details')}</summary>
        <label>
          {t('write.compression')}{' '}
          <select value={value.compression} data-testid="write-compression" onChange={(e) => change({ compression: e.currentTarget.value as WriteCompression })}>
            {(['LZX', 'XPRESS', 'LZMS', 'none'] as const).map((c) => (
              <option key={c} value={c}>{c}</option>
            ))}
          </select>
        </label>{' '}
        <label>
          <input type="checkbox" checked={value.solid} disabled={value.compression === 'none'} data-testid="write-solid" onChange={(e) => change({ solid: e.currentTarget.checked })} />{' '}
          {t('write.solid')}
        </label>{' '}
        {value.compression !== 'none' && (
          <label>
            {t('write.chunkSize')}{' '}
            <select
              value={String(value.chunkSize ?? '')}
              data-testid="write-chunk"
              onChange={(e) => change({ chunkSize: e.currentTarget.value ? Number(e.currentTarget.value) : undefined })}
            >
              <option value="">{t('write.chunkDefault', { size: formatBytes(fallback, locale) })}</option>
              {sizes.map((s) => (
                <option key={s} value={String(s)}>{formatBytes(s, locale)}</option>
              ))}
            </select>
          </label>
        )}
      </details>
      {warn && (
        <p class="notice notice--warn" role="status" data-testid="write-chunk-warning">
          {t('write.chunkWarning', { size: formatBytes(value.solid ? SOLID_CHUNK_SIZE : MICROSOFT_CHUNK_SIZE, locale) })}
        </p>
      )}
    </fieldset>
  );
}
