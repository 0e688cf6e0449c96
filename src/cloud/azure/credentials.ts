/**
 * Token credentials for the non-interactive sign-in kinds. @azure/identity is heavy, so it is
 * loaded on first use. (VS Code account sign-in is wrapped into a TokenCredential by the UI layer.)
 */
import type { TokenCredential } from '@azure/core-auth';
import { DEFAULT_AZURE_CLI_TIMEOUT_MS, diagnosedCliCredential } from './cliDiagnosis';

type AzureCredentialKind = 'azureCli' | 'environment';

interface AzureCredentialOptions {
  /** Tenant to request tokens for (Azure CLI); defaults to the CLI's own. */
  tenantId?: string;
  /** Upper bound for the `az` process (Azure CLI). */
  processTimeoutInMs?: number;
  /** Authority host for non-public clouds (environment credential), e.g. https://login.chinacloudapi.cn. */
  authorityHost?: string;
}

export async function createAzureCredential(kind: AzureCredentialKind, opts: AzureCredentialOptions = {}): Promise<TokenCredential> {
  const identity = await import('@azure/identity');
  switch (kind) {
    case 'azureCli': {
      // Without a limit a hanging az (a stuck proxy, a slow managed-identity endpoint) is waited for forever.
      const timeoutMs = opts.processTimeoutInMs ?? DEFAULT_AZURE_CLI_TIMEOUT_MS;
      return diagnosedCliCredential(new identity.AzureCliCredential({
        ...(opts.tenantId ? { tenantId: opts.tenantId } : {}),
        processTimeoutInMs: timeoutMs,
      }), timeoutMs);
    }
    case 'environment':
      return new identity.EnvironmentCredential({
        ...(opts.authorityHost ? { authorityHost: opts.authorityHost } : {}),
      });
    default: {
      const never: never = kind;
      throw new Error(`Unknown Azure credential kind: ${String(never)}`);
    }
  }
}
