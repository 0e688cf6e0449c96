/** Where a Volcengine session token came from, for the message when it has expired. Never the token. */
import type { ResolvedVolcengineCredentials } from '../cloud/volcengine/index';

export function sessionTokenSource(credentials: Pick<ResolvedVolcengineCredentials, 'source' | 'profile' | 'file'>): string {
  switch (credentials.source) {
    case 'VOLCENGINE_ACCESS_KEY': return 'the VOLCENGINE_SESSION_TOKEN environment variable';
    case 'veProfile': return `the ve CLI profile "${credentials.profile ?? 'default'}" (${credentials.file ?? '~/.volcengine/config.json'})`;
    case 'VOLC_ACCESSKEY': return 'the VOLC_ACCESSKEY / VOLC_SECRETKEY environment variables';
    case 'secretStorage': return 'VS Code Secret Storage';
  }
}
