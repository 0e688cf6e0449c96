/**
 * The emulated Microsoft Entra ID sign-in endpoints for the one emulated user (a member or
 * guest of every tenant of the fleet), on the ARM port:
 *
 *   GET  /{tenant}/oauth2/v2.0/authorize   an interactive sign-in: the user signs in with MFA at
 *                                          once and is sent back to redirect_uri with a code
 *   POST /{tenant}/oauth2/v2.0/token       grant_type=authorization_code (that code) or
 *                                          grant_type=refresh_token (a silent sign-in)
 *
 * `{tenant}` is a tenant id, one of its domains, `organizations` or `common` (the home tenant).
 * A refresh token can be redeemed at any of the user's tenants, as Entra's multi-resource refresh
 * tokens are; it carries how the user signed in (`amr`), and a tenant whose policy asks for MFA at
 * sign-in refuses it silently (AADSTS50076) unless that sign-in had MFA.
 */
import { randomUUID } from 'node:crypto';
import type { EmuRequest, EmuResponse, Fault } from '../core/types';
import type { TenantDirectory } from './tenants';
import { TokenAuthority } from './tokens';

interface RefreshTokenPayload { amr: string[]; appid: string }
interface CodePayload { amr: string[]; appid: string; tenantId: string; redirectUri: string; nonce: string; exp: number }

const SIGN_IN_PATH = /^\/([^/]+)\/oauth2\/v2\.0\/(authorize|token)\/?$/i;
const OIDC_SCOPES = new Set(['openid', 'profile', 'email', 'offline_access']);
/** Authorization codes are short-lived in Entra ID (about ten minutes). */
const CODE_LIFETIME_MS = 10 * 60_000;

export function isSignInPath(path: string): boolean {
  return SIGN_IN_PATH.test(path);
}

function form(req: EmuRequest): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of req.url.searchParams) out[k] = v;
  if (req.body && typeof req.body === 'object' && !Array.isArray(req.body)) {
    for (const [k, v] of Object.entries(req.body as Record<string, unknown>)) if (typeof v === 'string') out[k] = v;
  }
  return out;
}

/** The OAuth error body Entra ID answers with (`error`, `error_description` starting with the AADSTS code, `error_codes`). */
function oauthError(status: number, error: string, code: number, description: string, operation: string, extra: Record<string, unknown> = {}): EmuResponse {
  const traceId = randomUUID();
  const correlationId = randomUUID();
  return {
    status,
    json: {
      error,
      error_description: `AADSTS${code}: ${description} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${new Date().toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z')}`,
      error_codes: [code],
      timestamp: new Date().toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z'),
      trace_id: traceId,
      correlation_id: correlationId,
      ...extra,
    },
    operation,
  };
}

export class EntraIdentity {
  /** Nonces of redeemed codes: a code works once (AADSTS54005 otherwise). */
  private readonly redeemed = new Set<string>();

  constructor(private readonly tenants: TenantDirectory, private readonly tokens: TokenAuthority, private readonly now: () => number = Date.now) {}

  /** The user's sign-in as `az login` (or VS Code) keeps it: a refresh token from a sign-in without MFA. */
  userRefreshToken(appid = 'azure-cli'): string {
    return this.tokens.seal('rt', { amr: ['pwd'], appid } satisfies RefreshTokenPayload);
  }

  /** The emulated user's name, as the `upn` of its tokens. */
  get userName(): string {
    const home = this.tenants.find(this.tenants.homeTenantId);
    return `alex@${home?.defaultDomain ?? 'contoso.onmicrosoft.com'}`;
  }

  handle(req: EmuRequest): EmuResponse {
    const m = SIGN_IN_PATH.exec(req.path);
    const endpoint = m?.[2]?.toLowerCase() === 'authorize' ? 'authorize' : 'token';
    const tenant = this.tenants.find(decodeURIComponent(m?.[1] ?? ''));
    if (!tenant) {
      return oauthError(400, 'invalid_request', 90002, `Tenant '${m?.[1] ?? ''}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`, endpoint);
    }
    return endpoint === 'authorize' ? this.authorize(req, tenant.tenantId) : this.token(req, tenant.tenantId);
  }

  faultResponse(fault: Fault, req: EmuRequest): EmuResponse {
    const operation = /authorize\/?$/i.test(req.path) ? 'authorize' : 'token';
    if (fault.kind === 'throttle') {
      return { ...oauthError(429, 'temporarily_unavailable', 50196, 'The server is temporarily unavailable; retry after the delay.', operation), headers: { 'Retry-After': String(fault.retryAfterSeconds ?? 1) } };
    }
    return oauthError(fault.status ?? 500, fault.code ?? 'server_error', 90033, fault.message ?? 'A transient error has occurred. Please try again.', operation);
  }

  private authorize(req: EmuRequest, tenantId: string): EmuResponse {
    const q = form(req);
    const redirectUri = q.redirect_uri;
    if (req.method !== 'GET' || q.response_type !== 'code' || !q.client_id || !redirectUri) {
      return oauthError(400, 'invalid_request', 900144, "The request body must contain the following parameters: 'client_id', 'response_type=code', 'redirect_uri'.", 'authorize');
    }
    let target: URL;
    try {
      target = new URL(redirectUri);
    } catch {
      return oauthError(400, 'invalid_request', 50011, `The redirect URI '${redirectUri}' specified in the request is not valid.`, 'authorize');
    }
    // The emulated user completes the interactive sign-in, MFA included, without a page to click through.
    const code: CodePayload = { amr: ['pwd', 'mfa'], appid: q.client_id, tenantId, redirectUri, nonce: randomUUID(), exp: this.now() + CODE_LIFETIME_MS };
    target.searchParams.set('code', this.tokens.seal('code', code));
    if (q.state !== undefined) target.searchParams.set('state', q.state);
    return { status: 302, headers: { Location: target.toString() }, operation: 'authorize' };
  }

  private token(req: EmuRequest, tenantId: string): EmuResponse {
    if (req.method !== 'POST') return oauthError(405, 'invalid_request', 900561, 'The endpoint only accepts POST requests.', 'token');
    const f = form(req);
    const resource = (f.scope ?? '').split(/\s+/).find((s) => s !== '' && !OIDC_SCOPES.has(s.toLowerCase()));
    if (!f.client_id || !resource) {
      return oauthError(400, 'invalid_request', 900144, "The request body must contain the following parameters: 'client_id', 'scope'.", 'token');
    }
    if (f.grant_type === 'authorization_code') {
      const code = this.tokens.unseal<CodePayload>('code', f.code ?? '');
      if (!code || code.exp < this.now() || code.tenantId !== tenantId || code.redirectUri !== f.redirect_uri) {
        return oauthError(400, 'invalid_grant', 70008, 'The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.', 'token');
      }
      if (this.redeemed.has(code.nonce)) {
        return oauthError(400, 'invalid_grant', 54005, 'OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.', 'token');
      }
      this.redeemed.add(code.nonce);
      return this.tokenResponse(resource, tenantId, { amr: code.amr, appid: f.client_id });
    }
    if (f.grant_type === 'refresh_token') {
      const refresh = this.tokens.unseal<RefreshTokenPayload>('rt', f.refresh_token ?? '');
      if (!refresh) {
        return oauthError(400, 'invalid_grant', 9002313, 'Invalid request. Request is malformed or invalid.', 'token');
      }
      if (this.tenants.find(tenantId)?.signIn === 'mfa' && !refresh.amr.includes('mfa')) {
        // What Entra ID answers a silent request when the tenant's policy asks for MFA (seen in MSAL's InteractionRequiredAuthError).
        return oauthError(400, 'invalid_grant', 50076,
          `Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access '${TokenAuthority.audienceOf(resource)}'.`,
          'token', { suberror: 'basic_action', claims: JSON.stringify({ access_token: { capolids: { essential: true, values: [randomUUID()] } } }) });
      }
      return this.tokenResponse(resource, tenantId, { amr: refresh.amr, appid: refresh.appid });
    }
    return oauthError(400, 'unsupported_grant_type', 70003, `The app requested an unsupported grant type '${f.grant_type ?? ''}'.`, 'token');
  }

  private tokenResponse(scope: string, tenantId: string, user: { amr: string[]; appid: string }): EmuResponse {
    const { token, claims } = this.tokens.issue(scope, tenantId, { ...user, upn: this.userName });
    const lifetime = claims.exp - claims.iat;
    return {
      status: 200,
      json: {
        token_type: 'Bearer',
        scope,
        expires_in: lifetime,
        ext_expires_in: lifetime,
        access_token: token,
        refresh_token: this.tokens.seal('rt', user satisfies RefreshTokenPayload),
      },
      operation: 'token',
    };
  }
}
