/**
 * Tenant routing in the Azure fleet client, through the real SDKs over an in-memory ARM:
 * each subscription's requests carry a token of the tenant that listed it, tokens are cached
 * per tenant, and one tenant or subscription that fails never hides the others.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createAzureFleetClient } from '../../src/cloud/azure/client';
import { assembleDirectory, listDirectory } from '../../src/cloud/azure/directory';
import { cachingCredential } from '../../src/cloud/azure/tokenCache';
import type { CloudErrorInfo } from '../../src/fleet/model';
import { ARM, MemoryArm, MemoryCredential, MFA_CLAIMS, SCOPE, type MemorySubscription, type MemoryTenant } from './support/memoryArm';

const TENANTS: MemoryTenant[] = [
  { tenantId: 'contoso', displayName: 'Contoso', defaultDomain: 'contoso.onmicrosoft.com' },
  { tenantId: 'fabrikam', displayName: 'Fabrikam', defaultDomain: 'fabrikam.onmicrosoft.com' },
  { tenantId: 'northwind', displayName: 'Northwind Traders', defaultDomain: 'northwind.onmicrosoft.com' },
];
const SUBSCRIPTIONS: MemorySubscription[] = [
  { subscriptionId: 'sub-contoso', displayName: 'Contoso Production', tenantId: 'contoso' },
  { subscriptionId: 'sub-fabrikam', displayName: 'Fabrikam Retail', tenantId: 'fabrikam' },
  { subscriptionId: 'sub-northwind', displayName: 'Northwind Analytics', tenantId: 'northwind' },
  // Delegated to Contoso through Lighthouse; its home tenant is none of the user's.
  { subscriptionId: 'sub-woodgrove', displayName: 'Woodgrove Bank', tenantId: 'woodgrove', managedBy: ['contoso'] },
];

function fleet(arm: MemoryArm, credential: MemoryCredential, tenants: 'account' | 'credential' = 'account', maxConcurrency = 8) {
  return createAzureFleetClient({ endpoint: ARM, scope: SCOPE, credential, tenants, httpClient: arm, maxConcurrency, maxRetries: 0 });
}

const setup = (delayMs = 0) => ({ arm: new MemoryArm(TENANTS, SUBSCRIPTIONS, delayMs), credential: new MemoryCredential('contoso') });

void describe('tenant routing', () => {
  void test('lists /tenants with the default token, then each tenant with its own, and sends each subscription with its tenant', async () => {
    const { arm, credential } = setup();
    const client = fleet(arm, credential);
    const directory = await client.listDirectory();
    assert.deepEqual(directory.tenants.map((t) => [t.tenant.tenantId, t.status]), [['contoso', 'listed'], ['fabrikam', 'listed'], ['northwind', 'listed']]);
    assert.deepEqual(directory.subscriptions.map((s) => [s.subscriptionId, s.tenantId, s.accessTenantId, s.tenantName]), [
      ['sub-contoso', 'contoso', 'contoso', 'Contoso'],
      ['sub-woodgrove', 'woodgrove', 'contoso', undefined],
      ['sub-fabrikam', 'fabrikam', 'fabrikam', 'Fabrikam'],
      ['sub-northwind', 'northwind', 'northwind', 'Northwind Traders'],
    ]);
    const tenantsCall = arm.seen.find((r) => r.path === '/tenants');
    assert.equal(tenantsCall?.tokenTenant, 'contoso', '/tenants goes with the home tenant token');
    assert.deepEqual(arm.seen.filter((r) => r.path === '/subscriptions').map((r) => r.tokenTenant).sort(), ['contoso', 'fabrikam', 'northwind']);

    const lists = await client.listScaleSetsOf(SUBSCRIPTIONS.map((s) => s.subscriptionId));
    assert.deepEqual(lists.map((l) => [l.source, l.items?.length, l.error?.code]), [
      ['sub-contoso', 1, undefined], ['sub-fabrikam', 1, undefined], ['sub-northwind', 1, undefined], ['sub-woodgrove', 1, undefined],
    ]);
    const byPath = (sub: string) => arm.seen.find((r) => r.path.startsWith(`/subscriptions/${sub}/`))?.tokenTenant;
    assert.equal(byPath('sub-contoso'), 'contoso');
    assert.equal(byPath('sub-fabrikam'), 'fabrikam');
    assert.equal(byPath('sub-northwind'), 'northwind');
    assert.equal(byPath('sub-woodgrove'), 'contoso', 'a Lighthouse delegation is sent with the managing tenant that listed it');
    assert.deepEqual(arm.wrongTenantRequests(), []);
  });

  void test('a single token for every subscription (the old behaviour) is what ARM refuses', async () => {
    const { arm, credential } = setup();
    const client = fleet(arm, credential, 'credential');
    const lists = await client.listScaleSetsOf(['sub-contoso', 'sub-fabrikam']);
    assert.equal(lists[0]?.items?.length, 1);
    assert.equal(lists[1]?.error?.code, 'InvalidAuthenticationTokenTenant', 'the in-memory ARM does refuse a token of the wrong tenant');
    assert.equal(lists[1]?.error?.category, 'authentication');
    assert.ok(!arm.seen.some((r) => r.path === '/tenants'), 'a single-tenant credential does not list tenants');
    assert.ok(credential.tenantsAskedFor().every((t) => t === undefined), 'and asks for no tenant: the credential uses its own');
  });

  void test('tokens are cached per tenant: one sign-in round trip each, however many requests', async () => {
    const { arm, credential } = setup();
    const client = fleet(arm, credential);
    await client.listDirectory();
    await client.listScaleSetsOf(SUBSCRIPTIONS.map((s) => s.subscriptionId));
    await client.listScaleSetsOf(SUBSCRIPTIONS.map((s) => s.subscriptionId));
    const perTenant = new Map<string, number>();
    for (const t of credential.tenantsAskedFor()) perTenant.set(t ?? '(default)', (perTenant.get(t ?? '(default)') ?? 0) + 1);
    assert.deepEqual(Object.fromEntries(perTenant), { '(default)': 1, contoso: 1, fabrikam: 1, northwind: 1 });
  });

  void test('a subscription used before any listing (an operation resumed after a reload) lists the directory first to learn its tenant', async () => {
    const { arm, credential } = setup();
    const client = fleet(arm, credential);
    const scaleSets = await client.listScaleSets('sub-fabrikam');
    assert.equal(scaleSets.length, 1);
    assert.equal(arm.seen.at(-1)?.tokenTenant, 'fabrikam');
    assert.ok(arm.seen.findIndex((r) => r.path === '/tenants') < arm.seen.findIndex((r) => r.path.startsWith('/subscriptions/sub-fabrikam/')));
  });

  void test('tenants are listed with bounded concurrency', async () => {
    const many: MemoryTenant[] = Array.from({ length: 7 }, (_, i) => ({ tenantId: `t${i}`, displayName: `T${i}`, defaultDomain: `t${i}.example` }));
    const arm = new MemoryArm(many, many.map((t) => ({ subscriptionId: `sub-${t.tenantId}`, displayName: t.displayName, tenantId: t.tenantId })), 20);
    const client = createAzureFleetClient({ endpoint: ARM, scope: SCOPE, credential: new MemoryCredential('t0'), tenants: 'account', httpClient: arm, maxConcurrency: 2, maxRetries: 0 });
    const directory = await client.listDirectory();
    assert.equal(directory.subscriptions.length, 7);
    assert.equal(arm.peakListings, 2);
  });
});

void describe('one failure never hides the others', () => {
  void test('a tenant that needs an interactive sign-in, one whose token ARM refuses and one whose listing fails are each reported; the rest list', async () => {
    const { arm, credential } = setup();
    credential.signInRequired.add('northwind');
    arm.failTenantListing.set('fabrikam', { status: 500, body: { error: { code: 'InternalServerError', message: 'Encountered internal server error.' } } });
    const client = fleet(arm, credential);
    const directory = await client.listDirectory();
    assert.deepEqual(directory.tenants.map((t) => [t.tenant.tenantId, t.status, t.error?.code]), [
      ['contoso', 'listed', undefined],
      ['fabrikam', 'failed', 'InternalServerError'],
      ['northwind', 'signInRequired', 'AuthenticationRequiredError'],
    ]);
    assert.deepEqual(directory.subscriptions.map((s) => s.subscriptionId), ['sub-contoso', 'sub-woodgrove']);
    assert.equal(directory.tenants[2]?.error?.target, 'Northwind Traders (northwind.onmicrosoft.com)');

    arm.failTenantListing.set('fabrikam', { status: 401, body: { error: { code: 'InvalidAuthenticationToken', message: 'The access token is invalid.' } } });
    const again = await client.listDirectory();
    assert.equal(again.tenants[1]?.status, 'signInRequired', 'a token ARM refuses means signing in to that tenant again');
  });

  void test('a subscription whose scale sets fail to list does not hide the other subscriptions', async () => {
    const { arm, credential } = setup();
    arm.failScaleSets.set('sub-fabrikam', { status: 503, body: { error: { code: 'ServiceUnavailable', message: 'The service is currently unavailable.' } } });
    const client = fleet(arm, credential);
    await client.listDirectory();
    const lists = await client.listScaleSetsOf(['sub-contoso', 'sub-fabrikam', 'sub-northwind']);
    assert.deepEqual(lists.map((l) => [l.source, l.items?.length ?? 0, l.error?.code]), [
      ['sub-contoso', 1, undefined], ['sub-fabrikam', 0, 'ServiceUnavailable'], ['sub-northwind', 1, undefined],
    ]);
  });

  void test('listing /tenants itself failing is the listing failing (nothing to show per tenant)', async () => {
    const failing = { listTenants: () => Promise.reject(new Error('no network')), listSubscriptions: () => Promise.resolve([]), concurrency: 2, toCloudError: (): CloudErrorInfo => ({ cloud: 'azure', code: 'x', message: 'x', category: 'network' }) };
    await assert.rejects(listDirectory(failing), /no network/);
  });
});

void describe('claims challenges', () => {
  void test("a claims challenge reaches the credential with the subscription's tenant, and the request is sent once more", async () => {
    const { arm, credential } = setup();
    arm.challengeTenants.add('fabrikam');
    const client = fleet(arm, credential);
    await client.listDirectory();
    const scaleSets = await client.listScaleSets('sub-fabrikam');
    assert.equal(scaleSets.length, 1);
    const sent = arm.seen.filter((r) => r.path.startsWith('/subscriptions/sub-fabrikam/'));
    assert.deepEqual(sent.map((r) => r.status), [401, 200], 'one refusal, one retry with the new token');
    const stepUps = credential.calls.filter((c) => c.claims !== undefined);
    assert.deepEqual(stepUps, [{ tenantId: 'fabrikam', claims: MFA_CLAIMS }]);
  });

  void test('requests that meet the same challenge at once share one sign-in; the stepped-up token serves later requests', async () => {
    const inner = new MemoryCredential('contoso');
    let signIns = 0;
    const slow = { getToken: async (scopes: string | string[], options?: { tenantId?: string; claims?: string }) => {
      if (options?.claims) { signIns++; await new Promise((r) => setTimeout(r, 20)); }
      return inner.getToken(scopes, options);
    } };
    const cache = cachingCredential(slow);
    const [a, b] = await Promise.all([
      cache.getToken(SCOPE, { tenantId: 'fabrikam', claims: MFA_CLAIMS }),
      cache.getToken(SCOPE, { tenantId: 'fabrikam', claims: MFA_CLAIMS }),
    ]);
    assert.equal(signIns, 1);
    assert.equal(a?.token, b?.token);
    assert.equal((await cache.getToken(SCOPE, { tenantId: 'fabrikam' }))?.token, a?.token, 'later requests of that tenant carry the MFA token');
    assert.notEqual((await cache.getToken(SCOPE, { tenantId: 'contoso' }))?.token, a?.token, 'other tenants keep their own');
  });
});

void describe('assembleDirectory', () => {
  void test('a subscription listed by several tenants is kept once, by its home tenant', () => {
    const directory = assembleDirectory([
      { listing: { tenant: { tenantId: 'contoso', displayName: 'Contoso' }, status: 'listed' }, subscriptions: [{ subscriptionId: 'S1', displayName: 'Shared', state: 'Enabled', tenantId: 'fabrikam' }] },
      { listing: { tenant: { tenantId: 'fabrikam', displayName: 'Fabrikam' }, status: 'listed' }, subscriptions: [{ subscriptionId: 's1', displayName: 'Shared', state: 'Enabled', tenantId: 'fabrikam' }] },
    ]);
    assert.equal(directory.subscriptions.length, 1);
    assert.equal(directory.subscriptions[0]?.accessTenantId, 'fabrikam');
    assert.equal(directory.subscriptions[0]?.tenantName, 'Fabrikam');
  });
});
