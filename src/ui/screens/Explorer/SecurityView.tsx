/**
 * A security descriptor two ways: the SDDL string (what icacls and PowerShell print, copyable) and a readable
 * owner / group / ACE table with trustee names (NT AUTHORITY\SYSTEM rather than SY).
 */
import type { AceInfo, SecurityDescriptorInfo, SidInfo } from '../../../engine/explorer/explorer-api';
import { useI18n } from '../../i18n/I18nContext';

function sidText(sid: SidInfo | undefined): string {
  if (!sid) return '—';
  return sid.name ? `${sid.name} (${sid.alias ?? sid.sid})` : sid.sid;
}

function AceTable({ aces, testId }: { aces: AceInfo[]; testId: string }) {
  const { t } = useI18n();
  return (
    <table class="table table--compact" data-testid={testId}>
      <thead>
        <tr>
          <th scope="col">{t('props.aceType')}</th>
          <th scope="col">{t('props.aceTrustee')}</th>
          <th scope="col">{t('props.aceRights')}</th>
          <th scope="col">{t('props.aceFlags')}</th>
        </tr>
      </thead>
      <tbody>
        {aces.map((ace, i) => (
          <tr key={i} data-testid="ace">
            <td>{ace.type}</td>
            <td class="break">{sidText(ace.trustee)}</td>
            <td class="mono">{ace.maskNames.join(' ')}</td>
            <td class="mono">{ace.flagNames.join(' ')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function SecurityView({ security, error }: { security?: SecurityDescriptorInfo; error?: string }) {
  const { t } = useI18n();
  if (!security) return <p class="muted">{error ?? t('props.noSecurity')}</p>;
  return (
    <div class="security" data-testid="security">
      <code class="sddl break" data-testid="sddl">
        {security.sddl}
      </code>
      <dl class="facts">
        <div class="facts__row" data-fact="owner">
          <dt>{t('props.owner')}</dt>
          <dd>{sidText(security.owner)}</dd>
        </div>
        <div class="facts__row" data-fact="group">
          <dt>{t('props.group')}</dt>
          <dd>{sidText(security.group)}</dd>
        </div>
        <div class="facts__row" data-fact="control">
          <dt>{t('props.control')}</dt>
          <dd class="mono break">{security.controlNames.join(' ')}</dd>
        </div>
      </dl>
      <h4 class="subhead">{t('props.dacl')}</h4>
      {security.dacl === undefined ? (
        <p class="muted">{t('props.noDacl')}</p>
      ) : security.dacl.length === 0 ? (
        <p class="muted">{t('props.emptyDacl')}</p>
      ) : (
        <AceTable aces={security.dacl} testId="dacl" />
      )}
      {security.sacl && security.sacl.length > 0 && (
        <>
          <h4 class="subhead">{t('props.sacl')}</h4>
          <AceTable aces={security.sacl} testId="sacl" />
        </>
      )}
    </div>
  );
}
