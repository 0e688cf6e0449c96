/** Whether a failed attempt to send an Azure action certainly never reached Azure. */
import { connectFailureOf } from '../../fleet/connectFailure';
import { InvalidResourceIdError } from './armId';
import { InstanceSelectionError } from './httpPolicy';
import { AzureOperationRefused } from './plan';

// Thrown by @azure/identity and the bearer-token policy before the request is sent.
const CREDENTIAL_ERRORS = new Set(['CredentialUnavailableError', 'AuthenticationRequiredError', 'AuthenticationError', 'AggregateAuthenticationError']);

/** A local guard refused it, no token could be had, or no connection was made (DNS, refused, TLS, proxy). */
export function neverSent(err: unknown): boolean {
  for (let current: unknown = err, depth = 0; current && depth < 5; current = (current as { cause?: unknown }).cause, depth++) {
    if (current instanceof AzureOperationRefused || current instanceof InstanceSelectionError || current instanceof InvalidResourceIdError) return true;
    if (current instanceof Error && CREDENTIAL_ERRORS.has(current.name)) return true;
  }
  return connectFailureOf(err) !== undefined;
}
