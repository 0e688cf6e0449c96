/**
 * What went wrong with the Azure CLI, from what @azure/identity's AzureCliCredential reports
 * (azureCliCredential.js: "could not be found" when `az` is missing, "Please run 'az login'"
 * when it is not signed in, az's own stderr otherwise, a JSON parse error when it printed
 * something that is not a token) and how long it took (the process limit was reached). Each
 * problem gets its own code, so the message can name the fix.
 */
import type { TokenCredential } from '@azure/core-auth';
import { redactSecrets } from '../../fleet/redact';

export type AzureCliProblem =
  | 'AzureCliNotFound' | 'AzureCliNotSignedIn' | 'AzureCliTimeout' | 'AzureCliUnreadable' | 'AzureCliManagedIdentityUnavailable' | 'AzureCliFailed';

/**
 * Keeps the name CredentialUnavailableError: the SDK and a credential chain treat that name as
 * "this source cannot give a token" (so 'auto' sign-in moves on), and so does neverSent.
 */
export class AzureCliError extends Error {
  override readonly name = 'CredentialUnavailableError';
  constructor(readonly code: AzureCliProblem, message: string) {
    super(message);
  }
}

export function isAzureCliProblem(code: unknown): code is AzureCliProblem {
  return typeof code === 'string' && /^AzureCli[A-Z]/.test(code);
}

function firstLine(text: string): string {
  return redactSecrets((text.split('\n').find((line) => line.trim() !== '') ?? '').trim()).slice(0, 300);
}

/** The problem behind an AzureCliCredential failure; `timedOut`: it failed after the process limit. */
export function diagnoseAzureCli(error: unknown, timedOut: boolean, timeoutMs: number): AzureCliError {
  const message = error instanceof Error ? error.message : String(error);
  if (/Azure CLI could not be found/i.test(message)) {
    return new AzureCliError('AzureCliNotFound', 'The Azure CLI (az) was not found on the PATH VS Code was started with.');
  }
  if (/managed identity|\bMSI\b/i.test(message)) {
    return new AzureCliError('AzureCliManagedIdentityUnavailable', `The Azure CLI could not get a token from the managed identity endpoint: ${firstLine(message.replace(/^ERROR:\s*/, ''))}`);
  }
  if (/az login/i.test(message)) {
    // A claims challenge or a tenant needing a sign-in comes with the exact az login line to run: keep it.
    const command = /az login(?:\s+--[\w-]+(?:\s+[^\s'"`-][^\s'"`]*)?)*/i.exec(message)?.[0]?.trim();
    return new AzureCliError('AzureCliNotSignedIn', command && command !== 'az login'
      ? `The Azure CLI needs a new sign-in for this request: run ${command} in a terminal.`
      : 'The Azure CLI is not signed in (az account get-access-token asked for az login).');
  }
  if (timedOut) {
    return new AzureCliError('AzureCliTimeout', `The Azure CLI did not answer within ${Math.round(timeoutMs / 1000)} s (az account get-access-token).`);
  }
  if (/JSON|Unexpected (token|end)|is not valid/i.test(message)) {
    return new AzureCliError('AzureCliUnreadable', 'The Azure CLI printed something that is not a token (az account get-access-token did not answer with JSON).');
  }
  return new AzureCliError('AzureCliFailed', `The Azure CLI failed: ${firstLine(message)}`);
}

/** How long `az account get-access-token` may take before it counts as hanging. */
export const DEFAULT_AZURE_CLI_TIMEOUT_MS = 30_000;

/** The CLI credential with its failures diagnosed (the process limit is the one it was created with). */
export function diagnosedCliCredential(inner: TokenCredential, timeoutMs: number, now: () => number = Date.now): TokenCredential {
  return {
    async getToken(scopes, options) {
      const started = now();
      try {
        return await inner.getToken(scopes, options);
      } catch (error) {
        // The process is killed at the limit; a failure that late is the limit, whatever identity made of the empty output.
        throw diagnoseAzureCli(error, now() - started >= timeoutMs * 0.95, timeoutMs);
      }
    },
  };
}
