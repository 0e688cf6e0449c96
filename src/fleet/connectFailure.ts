/**
 * Failures that happen before a request reaches the cloud: the name does not resolve, nothing
 * listens, the TLS certificate is not trusted / expired / for another host, or the proxy in
 * between refuses. Whatever the request was, the cloud never saw it, so an action that fails
 * this way was not sent and may be tried again; and each kind has its own fix to tell the user.
 */

export type ConnectFailureKind =
  | 'dnsNotFound'     // getaddrinfo ENOTFOUND: no such host
  | 'dnsUnavailable'  // EAI_AGAIN: the resolver did not answer
  | 'refused'         // ECONNREFUSED: nothing listens there
  | 'tlsUntrusted'    // a self-signed certificate or an unknown CA (often a TLS-inspecting proxy)
  | 'tlsExpired'      // the certificate has expired (or is not valid yet)
  | 'tlsHostname'     // the certificate is for another host name
  | 'proxyRefused'    // the proxy refused the connection or the tunnel
  | 'proxyAuth';      // the proxy wants credentials (407)

export interface ConnectFailure {
  kind: ConnectFailureKind;
  /** The system's own code (ENOTFOUND, CERT_HAS_EXPIRED, …), for the output. */
  code: string;
}

const BY_CODE: Record<string, ConnectFailureKind> = {
  ENOTFOUND: 'dnsNotFound',
  EAI_AGAIN: 'dnsUnavailable',
  ECONNREFUSED: 'refused',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'tlsUntrusted',
  SELF_SIGNED_CERT_IN_CHAIN: 'tlsUntrusted',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'tlsUntrusted',
  UNABLE_TO_GET_ISSUER_CERT: 'tlsUntrusted',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'tlsUntrusted',
  CERT_UNTRUSTED: 'tlsUntrusted',
  CERT_SIGNATURE_FAILURE: 'tlsUntrusted',
  CERT_HAS_EXPIRED: 'tlsExpired',
  CERT_NOT_YET_VALID: 'tlsExpired',
  ERR_TLS_CERT_ALTNAME_INVALID: 'tlsHostname',
  HOSTNAME_MISMATCH: 'tlsHostname',
  ProxyRefused: 'proxyRefused',
  ProxyAuthenticationRequired: 'proxyAuth',
};

/** Any of those codes named in a message as a whole word. */
const CODE_IN_MESSAGE = new RegExp(`\\b(${Object.keys(BY_CODE).join('|')})\\b`);

/** The connect failure behind an error (its code, its cause's, an aggregate's), if it is one. */
export function connectFailureOf(error: unknown): ConnectFailure | undefined {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0) {
    const current = queue.shift();
    if (!current || typeof current !== 'object' || seen.has(current)) continue;
    seen.add(current);
    const { code, cause, errors } = current as { code?: unknown; cause?: unknown; errors?: unknown };
    if (typeof code === 'string' && BY_CODE[code]) return { kind: BY_CODE[code], code };
    queue.push(cause);
    if (Array.isArray(errors)) queue.push(...(errors as unknown[]));
  }
  // Some layers keep only the message ("getaddrinfo ENOTFOUND host", "… certificate has expired").
  const message = error instanceof Error ? error.message : typeof error === 'string' ? error : '';
  const named = CODE_IN_MESSAGE.exec(message)?.[1];
  if (named && BY_CODE[named]) return { kind: BY_CODE[named], code: named };
  if (/self[- ]signed certificate/i.test(message)) return { kind: 'tlsUntrusted', code: 'SELF_SIGNED_CERT_IN_CHAIN' };
  if (/certificate has expired/i.test(message)) return { kind: 'tlsExpired', code: 'CERT_HAS_EXPIRED' };
  if (/Hostname\/IP does not match certificate's altnames/i.test(message)) return { kind: 'tlsHostname', code: 'ERR_TLS_CERT_ALTNAME_INVALID' };
  return undefined;
}

/** The local error code each kind is reported under (both clouds use these). */
export const CONNECT_FAILURE_CODES: Readonly<Record<ConnectFailureKind, string>> = {
  dnsNotFound: 'HostNotFound',
  dnsUnavailable: 'DnsUnavailable',
  refused: 'ConnectionRefused',
  tlsUntrusted: 'TlsCertificateUntrusted',
  tlsExpired: 'TlsCertificateExpired',
  tlsHostname: 'TlsCertificateWrongHost',
  proxyRefused: 'ProxyRefused',
  proxyAuth: 'ProxyAuthenticationRequired',
};

const CODES = new Set(Object.values(CONNECT_FAILURE_CODES));

/** Whether a CloudErrorInfo code says the request never reached the cloud. */
export function isConnectFailureCode(code: string): boolean {
  return CODES.has(code);
}

/** "… (ENOTFOUND)" text for the output; the user's message comes from the code. */
export function connectFailureText(failure: ConnectFailure, where: string): string {
  switch (failure.kind) {
    case 'dnsNotFound': return `The host name of ${where} could not be found (${failure.code}).`;
    case 'dnsUnavailable': return `The name server did not answer for ${where} (${failure.code}).`;
    case 'refused': return `Nothing accepted the connection to ${where} (${failure.code}).`;
    case 'tlsUntrusted': return `The TLS certificate of ${where} is not trusted: self-signed or from an unknown certificate authority (${failure.code}).`;
    case 'tlsExpired': return `The TLS certificate of ${where} has expired or is not valid yet (${failure.code}).`;
    case 'tlsHostname': return `The TLS certificate of ${where} is for another host name (${failure.code}).`;
    case 'proxyRefused': return `The proxy refused the connection to ${where}.`;
    case 'proxyAuth': return `The proxy asks for credentials before connecting to ${where} (HTTP 407).`;
  }
}
