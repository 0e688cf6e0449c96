/**
 * An in-memory Resource Manager for the unit tests of tenant routing: a transport
 * (@azure/core-rest-pipeline HttpClient) the real SDKs send through, and a credential whose
 * tokens name their tenant. Like ARM (and the emulator), a token lists and reads the
 * subscriptions of its own tenant and those its tenant manages; any other subscription answers
 * 401 InvalidAuthenticationTokenTenant.
 */
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/core-auth';
import { createHttpHeaders, type HttpClient, type PipelineRequest, type PipelineResponse } from '@azure/core-rest-pipeline';

export const ARM = 'https://arm.unit.test';
export const SCOPE = `${ARM}/.default`;

export interface MemoryTenant { tenantId: string; displayName: string; defaultDomain: string }
export interface MemorySubscription { subscriptionId: string; displayName: string; tenantId: string; managedBy?: string[] }

export interface SeenRequest { method: string; path: string; tokenTenant: string | undefined; status: number }

/** An answer of the memory ARM: status, JSON body, extra headers. */
type Answer = { status: number; body?: unknown; headers?: Record<string, string> };

export class MemoryArm implements HttpClient {
  readonly seen: SeenRequest[] = [];
  /** Most /subscriptions listings in flight at once. */
  peakListings = 0;
  private listings = 0;
  /** Tenants whose subscription listing answers this instead. */
  readonly failTenantListing = new Map<string, Answer>();
  /** Subscriptions whose scale-set listing answers this instead. */
  readonly failScaleSets = new Map<string, Answer>();
  /** Tenants whose reads answer a claims challenge until the token says it had MFA. */
  readonly challengeTenants = new Set<string>();

  constructor(readonly tenants: MemoryTenant[], readonly subscriptions: MemorySubscription[], private readonly delayMs = 0) {}

  async sendRequest(request: PipelineRequest): Promise<PipelineResponse> {
    const url = new URL(request.url);
    const token = /^Bearer (\S+)$/.exec(request.headers.get('authorization') ?? '')?.[1];
    const tokenTenant = token ? MemoryCredential.tenantOf(token) : undefined;
    const path = url.pathname.replace(/\/+$/, '');
    const isListing = path === '/subscriptions';
    if (isListing) this.peakListings = Math.max(this.peakListings, ++this.listings);
    try {
      if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
      const answer = this.answer(path, tokenTenant, token);
      this.seen.push({ method: request.method, path, tokenTenant, status: answer.status });
      return {
        request,
        status: answer.status,
        headers: createHttpHeaders({ 'content-type': 'application/json', 'x-ms-request-id': `req-${this.seen.length}`, ...answer.headers }),
        bodyAsText: answer.body === undefined ? '' : JSON.stringify(answer.body),
      };
    } finally {
      if (isListing) this.listings--;
    }
  }

  /** Requests that reached a subscription with a token of a tenant that may not use it. */
  wrongTenantRequests(): SeenRequest[] {
    return this.seen.filter((r) => r.status === 401 && r.path.startsWith('/subscriptions/'));
  }

  private answer(path: string, tokenTenant: string | undefined, token: string | undefined): Answer {
    if (!tokenTenant || !token) return { status: 401, body: { error: { code: 'AuthenticationFailed', message: "Authentication failed. The 'Authorization' header is missing." } } };
    if (path === '/tenants') return { status: 200, body: { value: this.tenants.map((t) => ({ id: `/tenants/${t.tenantId}`, ...t, tenantCategory: 'Home' })) } };
    if (path === '/subscriptions') {
      const failure = this.failTenantListing.get(tokenTenant);
      if (failure) return failure;
      return { status: 200, body: { value: this.subscriptions.filter((s) => this.admits(s, tokenTenant)).map((s) => ({ id: `/subscriptions/${s.subscriptionId}`, subscriptionId: s.subscriptionId, displayName: s.displayName, tenantId: s.tenantId, state: 'Enabled', managedByTenants: (s.managedBy ?? []).map((t) => ({ tenantId: t })) })) } };
    }
    const m = /^\/subscriptions\/([^/]+)\/providers\/Microsoft\.Compute\/virtualMachineScaleSets$/i.exec(path);
    const sub = m ? this.subscriptions.find((s) => s.subscriptionId === m[1]) : undefined;
    if (!sub) return { status: 404, body: { error: { code: 'NotFound', message: `No route for ${path}` } } };
    if (!this.admits(sub, tokenTenant)) {
      return { status: 401, body: { error: { code: 'InvalidAuthenticationTokenTenant', message: `The access token is from the wrong issuer 'https://sts.windows.net/${tokenTenant}/'.` } } };
    }
    if (this.challengeTenants.has(tokenTenant) && !MemoryCredential.hadMfa(token)) {
      return {
        status: 401,
        headers: { 'www-authenticate': `Bearer authorization_uri="https://login.microsoftonline.com/${tokenTenant}", error="insufficient_claims", claims="${Buffer.from(MFA_CLAIMS).toString('base64')}"` },
        body: { error: { code: 'AuthenticationFailed', message: 'MFA required.' } },
      };
    }
    const failure = this.failScaleSets.get(sub.subscriptionId);
    if (failure) return failure;
    const id = `/subscriptions/${sub.subscriptionId}/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/vmss-${sub.displayName.toLowerCase().replace(/\W+/g, '-')}`;
    return { status: 200, body: { value: [{ id, name: id.split('/').pop(), location: 'eastus', sku: { name: 'Standard_D2s_v5', capacity: 1 }, properties: { orchestrationMode: 'Uniform', provisioningState: 'Succeeded' } }] } };
  }

  private admits(sub: MemorySubscription, tenant: string): boolean {
    return sub.tenantId === tenant || (sub.managedBy ?? []).includes(tenant);
  }
}

export const MFA_CLAIMS = '{"access_token":{"amr":{"essential":true,"values":["mfa"]}}}';

/**
 * A credential like the account ones: a token for the tenant it is asked for (the home tenant
 * when none), `home` standing for that default. Tenants in `signInRequired` throw the way
 * @azure/identity does when only an interactive sign-in would help.
 */
export class MemoryCredential implements TokenCredential {
  readonly calls: Array<{ tenantId: string | undefined; claims: string | undefined }> = [];
  readonly signInRequired = new Set<string>();
  private serial = 0;

  constructor(private readonly homeTenantId: string) {}

  static tenantOf(token: string): string | undefined {
    return /^tok\.([^.]+)\./.exec(token)?.[1];
  }

  static hadMfa(token: string): boolean {
    return token.endsWith('.mfa');
  }

  getToken(_scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> {
    this.calls.push({ tenantId: options?.tenantId, claims: options?.claims });
    const tenant = options?.tenantId ?? this.homeTenantId;
    if (this.signInRequired.has(tenant)) {
      const error = new Error(`Sign in to tenant ${tenant} is required.`);
      error.name = 'AuthenticationRequiredError';
      return Promise.reject(error);
    }
    return Promise.resolve({ token: `tok.${tenant}.${++this.serial}${options?.claims ? '.mfa' : ''}`, expiresOnTimestamp: Date.now() + 3600_000 });
  }

  tenantsAskedFor(): Array<string | undefined> {
    return this.calls.map((c) => c.tenantId);
  }
}
