/**
 * Volcengine OpenAPI request signing (HMAC-SHA256), as the gateway verifies it.
 * Follows the official "签名机制" doc and the Node/Go SDK signers: the canonical request
 * uses the client's SignedHeaders list, the decoded query re-encoded per RFC 3986, and the
 * SHA-256 of the raw body.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export const ALGORITHM = 'HMAC-SHA256';
export const EMPTY_BODY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** RFC 3986 unreserved characters stay; everything else is percent-encoded as UTF-8 (space → %20, * → %2A). */
export function uriEncode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Decoded query pairs in request order. */
export type QueryPairs = ReadonlyArray<readonly [string, string]>;

/**
 * Canonical query string: each decoded name and value RFC 3986 encoded, sorted by encoded name
 * (byte order), values of a repeated name by encoded value — as the Node SDK signs them
 * (`queryParamsToString` sorts array values) and as SigV4-style gateways do. The Go SDK never
 * repeats a name (lists are flattened to `Name.N`).
 */
export function canonicalQuery(pairs: QueryPairs): string {
  const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  return pairs
    .map(([k, v]) => [uriEncode(k), uriEncode(v)] as const)
    .sort((a, b) => cmp(a[0], b[0]) || cmp(a[1], b[1]))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

/** Header value as signed: surrounding whitespace trimmed, inner runs collapsed to one space. */
function canonicalHeaderValue(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}

export interface SignableRequest {
  method: string;
  /** URL path; "/" for every ECS action. */
  path: string;
  query: QueryPairs;
  /** Header values by lowercase name. */
  headers: Readonly<Record<string, string | undefined>>;
  /** Lowercase header names, in any order. */
  signedHeaders: readonly string[];
  body: Buffer | string;
}

export function sha256Hex(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

export function canonicalRequest(req: SignableRequest): string {
  const names = [...req.signedHeaders].map((h) => h.toLowerCase()).sort();
  const headerLines = names.map((name) => `${name}:${canonicalHeaderValue(req.headers[name] ?? '')}\n`).join('');
  return [
    req.method.toUpperCase(),
    req.path || '/',
    canonicalQuery(req.query),
    headerLines,
    names.join(';'),
    sha256Hex(req.body),
  ].join('\n');
}

export interface CredentialScope {
  /** YYYYMMDD */
  date: string;
  region: string;
  service: string;
}

export function scopeString(scope: CredentialScope): string {
  return `${scope.date}/${scope.region}/${scope.service}/request`;
}

export function stringToSign(xDate: string, scope: CredentialScope, canonical: string): string {
  return [ALGORITHM, xDate, scopeString(scope), sha256Hex(canonical)].join('\n');
}

function hmac(key: Buffer | string, data: string): Buffer {
  return createHmac('sha256', key).update(data).digest();
}

export function signingKey(secretKey: string, scope: CredentialScope): Buffer {
  const kDate = hmac(secretKey, scope.date);
  const kRegion = hmac(kDate, scope.region);
  const kService = hmac(kRegion, scope.service);
  return hmac(kService, 'request');
}

export function signature(secretKey: string, scope: CredentialScope, toSign: string): string {
  return createHmac('sha256', signingKey(secretKey, scope)).update(toSign).digest('hex');
}

export interface ParsedAuthorization {
  accessKeyId: string;
  scope: CredentialScope;
  signedHeaders: string[];
  signature: string;
}

export type AuthorizationParse =
  | { ok: true; auth: ParsedAuthorization }
  | { ok: false; reason: 'malformed' | 'missingSignature' };

/** `HMAC-SHA256 Credential=AK/date/region/service/request, SignedHeaders=a;b, Signature=hex` */
export function parseAuthorization(value: string): AuthorizationParse {
  const trimmed = value.trim();
  if (!trimmed.startsWith(`${ALGORITHM} `)) return { ok: false, reason: 'malformed' };
  const fields = new Map<string, string>();
  for (const part of trimmed.slice(ALGORITHM.length + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const credential = fields.get('Credential');
  const sig = fields.get('Signature');
  const signed = fields.get('SignedHeaders');
  if (!credential) return { ok: false, reason: 'malformed' };
  if (!sig) return { ok: false, reason: 'missingSignature' };
  const parts = credential.split('/');
  if (parts.length !== 5 || parts[4] !== 'request') return { ok: false, reason: 'malformed' };
  const [accessKeyId = '', date = '', region = '', service = ''] = parts;
  if (!accessKeyId || !/^\d{8}$/.test(date) || !region || !service) return { ok: false, reason: 'malformed' };
  return {
    ok: true,
    auth: {
      accessKeyId,
      scope: { date, region, service },
      signedHeaders: (signed ?? '').split(';').map((h) => h.trim().toLowerCase()).filter((h) => h.length > 0),
      signature: sig.toLowerCase(),
    },
  };
}

/** Constant-time comparison of the expected and provided signatures. */
export function verify(secretKey: string, req: SignableRequest, auth: ParsedAuthorization, xDate: string): boolean {
  const expected = signature(secretKey, auth.scope, stringToSign(xDate, auth.scope, canonicalRequest(req)));
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(auth.signature, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** `YYYYMMDDTHHMMSSZ` → epoch ms, or undefined when malformed. */
export function parseXDate(value: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
  return Number.isNaN(t) ? undefined : t;
}

export function formatXDate(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]|\.\d{3}/g, '');
}
