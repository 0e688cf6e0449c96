/**
 * The emulator's tenants and sign-in: Tenants - List, subscriptions per token tenant, the
 * InvalidAuthenticationTokenTenant 401 (the reference body), a tenant that refuses silent tokens,
 * the interactive sign-in with MFA, the claims challenge on actions, and the stand-in az's --tenant.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { EMULATOR_BIN_DIR, MULTI_TENANT, multiTenantFleet, startEmulator, type Emulator } from '../src/index';
import { MFA_CLAIMS } from '../src/azure/tenants';
import { errorOf, msiToken, raw, type RawResponse } from './azure-support';

const API = 'api-version=2022-12-01';
const ARM_SCOPE = 'https://management.azure.com/.default';
const { tenants, subscriptions } = MULTI_TENANT;
const CLIENT_ID = 'aebc6443-996d-45c2-90f0-388ff96faa56';

function form(values: Record<string, string>): { method: string; headers: Record<string, string>; body: string } {
  return { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(values).toString() };
}

function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
}

async function silentToken(emu: Emulator, tenant: string): Promise<RawResponse> {
  return raw(`${emu.armUrl}/${tenant}/oauth2/v2.0/token`, form({ client_id: CLIENT_ID, grant_type: 'refresh_token', refresh_token: emu.credentials.azure.refreshToken, scope: ARM_SCOPE }));
}

/** The interactive sign-in: authorize (the emulated user signs in with MFA), then redeem the code. */
async function interactiveToken(emu: Emulator, tenant: string): Promise<RawResponse> {
  const redirect = 'http://127.0.0.1:9/callback';
  const authorize = await raw(`${emu.armUrl}/${tenant}/oauth2/v2.0/authorize?${new URLSearchParams({ client_id: CLIENT_ID, response_type: 'code', redirect_uri: redirect, scope: ARM_SCOPE, state: 's1' }).toString()}`);
  assert.equal(authorize.status, 302, authorize.text);
  const location = new URL(String(authorize.headers.location));
  assert.equal(location.searchParams.get('state'), 's1');
  const code = location.searchParams.get('code') ?? '';
  return raw(`${emu.armUrl}/${tenant}/oauth2/v2.0/token`, form({ client_id: CLIENT_ID, grant_type: 'authorization_code', code, redirect_uri: redirect, scope: ARM_SCOPE }));
}

function accessToken(r: RawResponse): string {
  const token = (r.json as { access_token?: string } | undefined)?.access_token;
  assert.equal(r.status, 200, r.text);
  assert.ok(token);
  return token;
}

const bearer = (token: string) => ({ headers: { Authorization: `Bearer ${token}` } });

void describe('tenants and sign-in', () => {
  let emu: Emulator;
  before(async () => { emu = await startEmulator({ fleet: multiTenantFleet(), retryAfterSeconds: 0 }); });
  after(async () => { await emu.stop(); });

  void test('Tenants - List names every tenant of the user in the GetTenants.json shape', async () => {
    const r = await raw(`${emu.armUrl}/tenants?${API}`, bearer(await msiToken(emu)));
    assert.equal(r.status, 200, r.text);
    const value = (r.json as { value: Array<Record<string, unknown>> }).value;
    assert.deepEqual(value.map((t) => t.tenantId), [tenants.contoso, tenants.fabrikam, tenants.northwind]);
    assert.deepEqual(value[1], {
      id: `/tenants/${tenants.fabrikam}`, tenantId: tenants.fabrikam, countryCode: 'US', displayName: 'Fabrikam',
      domains: ['fabrikam.onmicrosoft.com', 'fabrikam.com'], tenantCategory: 'ProjectedBy', defaultDomain: 'fabrikam.onmicrosoft.com', tenantType: 'AAD',
    });
    assert.equal(value[0]?.tenantCategory, 'Home');
  });

  void test("a token lists its own tenant's subscriptions and those its tenant manages (Lighthouse)", async () => {
    const home = await raw(`${emu.armUrl}/subscriptions?${API}`, bearer(await msiToken(emu)));
    const listed = (home.json as { value: Array<{ subscriptionId: string; tenantId: string; managedByTenants: Array<{ tenantId: string }> }> }).value;
    assert.deepEqual(listed.map((s) => s.subscriptionId), [subscriptions.contosoProduction, subscriptions.woodgroveDelegated]);
    assert.equal(listed[1]?.tenantId, tenants.woodgrove, 'the delegated subscription reports its home tenant');
    assert.deepEqual(listed[1]?.managedByTenants, [{ tenantId: tenants.contoso }]);

    const fabrikam = accessToken(await silentToken(emu, tenants.fabrikam));
    assert.equal(claimsOf(fabrikam).tid, tenants.fabrikam);
    const guest = await raw(`${emu.armUrl}/subscriptions?${API}`, bearer(fabrikam));
    assert.deepEqual((guest.json as { value: Array<{ subscriptionId: string }> }).value.map((s) => s.subscriptionId), [subscriptions.fabrikamRetail]);
  });

  void test('a token of another tenant gets 401 InvalidAuthenticationTokenTenant with the reference body', async () => {
    const r = await raw(`${emu.armUrl}/subscriptions/${subscriptions.fabrikamRetail}/providers/Microsoft.Compute/virtualMachineScaleSets?api-version=2024-07-01`, bearer(await msiToken(emu)));
    assert.equal(r.status, 401);
    assert.deepEqual(r.json, {
      error: {
        code: 'InvalidAuthenticationTokenTenant',
        message: `The access token is from the wrong issuer 'https://sts.windows.net/${tenants.contoso}/'. It must match the tenant 'https://sts.windows.net/${tenants.fabrikam}/' associated with this subscription. Please use the authority (URL) 'https://login.windows.net/${tenants.fabrikam}' to get the token. Note, if the subscription is transferred to another tenant there is no impact to the services, but information about new tenant could take time to propagate (up to an hour). If you just transferred your subscription and see this error message, please try back later.`,
      },
    });
    assert.match(String(r.headers['www-authenticate']), new RegExp(`authorization_uri="https://login.windows.net/${tenants.fabrikam}"`));
    const ok = await raw(`${emu.armUrl}/subscriptions/${subscriptions.woodgroveDelegated}/providers/Microsoft.Compute/virtualMachineScaleSets?api-version=2024-07-01`, bearer(await msiToken(emu)));
    assert.equal(ok.status, 200, 'the managing tenant acts on the delegated subscription');
  });

  void test('a tenant whose policy asks for MFA refuses the silent sign-in; the interactive one succeeds with MFA', async () => {
    const silent = await silentToken(emu, tenants.northwind);
    assert.equal(silent.status, 400);
    const body = silent.json as { error: string; error_description: string; error_codes: number[]; suberror: string };
    assert.equal(body.error, 'invalid_grant');
    assert.deepEqual(body.error_codes, [50076]);
    assert.match(body.error_description, /^AADSTS50076: .*multi-factor authentication/);
    assert.equal(body.suberror, 'basic_action');

    const token = accessToken(await interactiveToken(emu, 'northwind.onmicrosoft.com'));
    const claims = claimsOf(token);
    assert.equal(claims.tid, tenants.northwind);
    assert.deepEqual(claims.amr, ['pwd', 'mfa']);
    assert.equal(claims.upn, emu.credentials.azure.userName);
    const listed = await raw(`${emu.armUrl}/subscriptions?${API}`, bearer(token));
    assert.deepEqual((listed.json as { value: Array<{ subscriptionId: string }> }).value.map((s) => s.subscriptionId), [subscriptions.northwindAnalytics]);

  });

  void test('the refresh token of an MFA sign-in works silently afterwards; a code works once', async () => {
    const redirect = 'http://127.0.0.1:9/cb';
    const authorize = await raw(`${emu.armUrl}/${tenants.northwind}/oauth2/v2.0/authorize?${new URLSearchParams({ client_id: CLIENT_ID, response_type: 'code', redirect_uri: redirect, scope: ARM_SCOPE }).toString()}`);
    const code = new URL(String(authorize.headers.location)).searchParams.get('code') ?? '';
    const redeem = () => raw(`${emu.armUrl}/${tenants.northwind}/oauth2/v2.0/token`, form({ client_id: CLIENT_ID, grant_type: 'authorization_code', code, redirect_uri: redirect, scope: ARM_SCOPE }));
    const first = await redeem();
    const refreshToken = (first.json as { refresh_token: string }).refresh_token;
    assert.equal((errorBody(await redeem())).error_codes[0], 54005);
    const silent = await raw(`${emu.armUrl}/${tenants.northwind}/oauth2/v2.0/token`, form({ client_id: CLIENT_ID, grant_type: 'refresh_token', refresh_token: refreshToken, scope: ARM_SCOPE }));
    assert.deepEqual(claimsOf(accessToken(silent)).amr, ['pwd', 'mfa']);
  });

  void test('unknown tenants and forged refresh tokens are refused like Entra ID does', async () => {
    const unknown = await silentToken(emu, '11111111-1111-1111-1111-111111111111');
    assert.equal(unknown.status, 400);
    assert.deepEqual(errorBody(unknown).error_codes, [90002]);
    const forged = await raw(`${emu.armUrl}/${tenants.contoso}/oauth2/v2.0/token`, form({ client_id: CLIENT_ID, grant_type: 'refresh_token', refresh_token: `${emu.credentials.azure.refreshToken}x`, scope: ARM_SCOPE }));
    assert.equal(errorBody(forged).error, 'invalid_grant');
    const logged = emu.requests.where({ service: 'login', operation: 'token' });
    assert.ok(logged.some((r) => r.path.includes('11111111-1111-1111-1111-111111111111')));
    assert.ok(logged.every((r) => !JSON.stringify(r.body).includes(emu.credentials.azure.refreshToken)), 'the request log keeps no refresh token');
    assert.ok(logged.some((r) => (r.body as { refresh_token?: string }).refresh_token === '(present)'), 'only whether one was sent');
  });

  void test('an action with a user token without MFA gets a claims challenge; with MFA it is accepted; the managed identity is not challenged', async () => {
    const action = `${emu.armUrl}/subscriptions/${subscriptions.contosoProduction}/resourceGroups/rg-web/providers/Microsoft.Compute/virtualMachineScaleSets/vmss-web/poweroff?api-version=2024-07-01`;
    const body = JSON.stringify({ instanceIds: ['0'] });
    const json = { 'Content-Type': 'application/json' };
    const withoutMfa = accessToken(await silentToken(emu, tenants.contoso));
    const refused = await raw(action, { method: 'POST', headers: { ...json, Authorization: `Bearer ${withoutMfa}` }, body });
    assert.equal(refused.status, 401);
    assert.equal(errorOf(refused).code, 'AuthenticationFailed');
    const challenge = String(refused.headers['www-authenticate']);
    assert.match(challenge, /^Bearer authorization_uri="[^"]+", error="insufficient_claims", claims="[A-Za-z0-9+/=]+"$/);
    assert.equal(Buffer.from(/claims="([^"]+)"/.exec(challenge)?.[1] ?? '', 'base64').toString('utf8'), MFA_CLAIMS);
    assert.deepEqual(emu.requests.where({ operation: 'powerOff' }).map((r) => r.status), [401], 'the refusal is logged under the action it refused');
    assert.equal(emu.state().azure.subscriptions[0]?.resourceGroups[0]?.scaleSets[0]?.instances[0]?.powerState, 'running', 'a refused action changes nothing');

    const read = await raw(`${emu.armUrl}/subscriptions/${subscriptions.contosoProduction}/providers/Microsoft.Compute/virtualMachineScaleSets?api-version=2024-07-01`, bearer(withoutMfa));
    assert.equal(read.status, 200, 'reads need no MFA');

    const withMfa = accessToken(await interactiveToken(emu, tenants.contoso));
    const accepted = await raw(action, { method: 'POST', headers: { ...json, Authorization: `Bearer ${withMfa}` }, body });
    assert.equal(accepted.status, 202, accepted.text);
    const app = await raw(action.replace('/poweroff', '/deallocate'), { method: 'POST', headers: { ...json, Authorization: `Bearer ${await msiToken(emu)}` }, body: JSON.stringify({ instanceIds: ['1'] }) });
    assert.equal(app.status, 202, app.text);
  });

  void test('the stand-in az asks the tenant it was given and says when interactive sign-in is needed', async () => {
    const env = { ...process.env, ...emu.env() };
    const az = join(EMULATOR_BIN_DIR, 'az');
    emu.requests.clear();
    const fabrikam = await runNode(az, ['account', 'get-access-token', '--output', 'json', '--resource', 'https://management.azure.com', '--tenant', tenants.fabrikam], env);
    assert.equal(fabrikam.code, 0, fabrikam.stderr);
    const out = JSON.parse(fabrikam.stdout) as { accessToken: string; tenant: string };
    assert.equal(out.tenant, tenants.fabrikam);
    assert.equal(claimsOf(out.accessToken).tid, tenants.fabrikam);
    assert.deepEqual(emu.requests.where({ service: 'login' }).map((r) => r.path), [`/${tenants.fabrikam}/oauth2/v2.0/token`]);

    const northwind = await runNode(az, ['account', 'get-access-token', '--output', 'json', '--resource', 'https://management.azure.com', '--tenant', tenants.northwind], env);
    assert.notEqual(northwind.code, 0);
    assert.match(northwind.stderr, /^ERROR: AADSTS50076: /);
    assert.match(northwind.stderr, new RegExp(`Interactive authentication is needed\\. Please run:\\naz login --tenant "${tenants.northwind}" --scope "https://management.azure.com/.default"`));
  });
});

function errorBody(r: RawResponse): { error: string; error_codes: number[] } {
  return r.json as { error: string; error_codes: number[] };
}

function runNode(script: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [script, ...args], { env, cwd: '/bin' }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}
