/** Where the Volcengine keys come from, as the user reads it (localized; never the secret). No 'vscode' import. */
import type { ResolvedVolcengineCredentials } from '../cloud/volcengine/index';
import { l10n } from './l10n';

type Source = Pick<ResolvedVolcengineCredentials, 'source' | 'profile' | 'accessKeyId' | 'sessionToken'>;

/** Short, for the view's title bar. */
export function credentialSourceName(c: Pick<Source, 'source' | 'profile'>): string {
  switch (c.source) {
    case 'secretStorage': return l10n.t('Secret Storage');
    case 'VOLCENGINE_ACCESS_KEY': return 'VOLCENGINE_ACCESS_KEY';
    case 'VOLC_ACCESSKEY': return 'VOLC_ACCESSKEY';
    case 'veProfile': return c.profile ? l10n.t('ve CLI profile "{0}"', c.profile) : l10n.t('ve CLI profile');
  }
}

function credentialSourceLongName(c: Pick<Source, 'source' | 'profile'>): string {
  switch (c.source) {
    case 'secretStorage': return l10n.t('VS Code Secret Storage');
    case 'VOLCENGINE_ACCESS_KEY': return l10n.t('environment variables VOLCENGINE_ACCESS_KEY / VOLCENGINE_SECRET_KEY');
    case 'VOLC_ACCESSKEY': return l10n.t('environment variables VOLC_ACCESSKEY / VOLC_SECRETKEY');
    case 'veProfile': return credentialSourceName(c);
  }
}

/** Shows only the last four characters of the Access Key ID. */
function maskedAccessKeyId(accessKeyId: string): string {
  return accessKeyId.length <= 8 ? '****' : `****${accessKeyId.slice(-4)}`;
}

export function credentialSourceDescription(c: Source): string {
  return c.sessionToken
    ? l10n.t('{0} (access key {1}, with session token)', credentialSourceLongName(c), maskedAccessKeyId(c.accessKeyId))
    : l10n.t('{0} (access key {1})', credentialSourceLongName(c), maskedAccessKeyId(c.accessKeyId));
}
