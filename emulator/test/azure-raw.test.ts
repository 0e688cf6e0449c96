/**
 * What the SDKs never send, over raw HTTPS: missing / invalid / expired tokens, a missing api-version,
 * the Location URL's 202 → 200 sequence, response headers, transport faults, the control API.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:https';
import { SAMPLE_SUBSCRIPTIONS, startEmulator, type Emulator } from '../src/index';
import { errorOf, msiToken, raw } from './azure-support';

const PROD = SAMPLE_SUBSCRIPTIONS.production;
const SET = `/subscriptions/${PROD}/resourceGroups/rg-web-prod/providers/Microsoft.Compute/virtualMachineScaleSets/vmss-web`;
const API = 'api-version=2024-07-01';

void describe('ARM over raw HTTPS', () => {
  let emu: Emulator;
  let now = Date.now();
  let token: string;
  const auth = () => ({ Authorization: `Bearer ${token}` });

  before(async () => {
    emu = await startEmulator({ transitionMs: 10_000, retryAfterSeconds: 2, now: () => now });
    token = await msiToken(emu);
  });
  after(async () => {
    await emu.stop();
  });

  void test('missing, malformed, forged and wrong-audience tokens are refused with 401 and WWW-Authenticate', async () => {
    const missing = await raw(`${emu.armUrl}/subscriptions?${API}`);
    assert.equal(missing.status, 401);
    assert.equal(errorOf(missing).code, 'AuthenticationFailed');
    assert.match(String(missing.headers['www-authenticate']), /^Bearer authorization_uri=".*", error="invalid_token", error_description=".*missing 'Authorization' header/);
    assert.ok(missing.headers['x-ms-request-id']);

    const forged = token.slice(0, -4) + (token.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    const invalid = await raw(`${emu.armUrl}/subscriptions?${API}`, { headers: { Authorization: `Bearer ${forged}` } });
    assert.equal(invalid.status, 401);
    assert.equal(errorOf(invalid).code, 'InvalidAuthenticationToken');

    const garbage = await raw(`${emu.armUrl}/subscriptions?${API}`, { headers: { Authorization: 'Bearer not-a-jwt' } });
    assert.equal(errorOf(garbage).code, 'InvalidAuthenticationToken');

    const graph = await msiToken(emu, 'https://graph.microsoft.com/');
    const audience = await raw(`${emu.armUrl}/subscriptions?${API}`, { headers: { Authorization: `Bearer ${graph}` } });
    assert.equal(audience.status, 401);
    assert.equal(errorOf(audience).code, 'InvalidAuthenticationTokenAudience');

    for (const resource of ['https://management.core.windows.net/', 'https://management.chinacloudapi.cn', 'https://management.usgovcloudapi.net/', `${emu.armUrl}/`]) {
      const ok = await raw(`${emu.armUrl}/subscriptions?${API}`, { headers: { Authorization: `Bearer ${await msiToken(emu, resource)}` } });
      assert.equal(ok.status, 200, `audience ${resource}`);
    }
    assert.ok(emu.requests.all().every((r) => !JSON.stringify(r).includes(token)), 'tokens never reach the request log');
  });

  void test('an expired token is refused with ExpiredAuthenticationToken', async () => {
    const shortLived = await startEmulator({ tokenLifetimeSeconds: 0 });
    try {
      const t = await msiToken(shortLived);
      const r = await raw(`${shortLived.armUrl}/subscriptions?${API}`, { headers: { Authorization: `Bearer ${t}` } });
      assert.equal(r.status, 401);
      assert.equal(errorOf(r).code, 'ExpiredAuthenticationToken');
      assert.match(errorOf(r).message ?? '', /The access token expiry UTC time '.*' is earlier than current UTC time '.*'\./);
      assert.match(String(r.headers['www-authenticate']), /invalid_token/);
    } finally {
      await shortLived.stop();
    }
  });

  void test('tokenExpiry fault: tokens issued before it are expired, new ones work', async () => {
    const before = await msiToken(emu);
    emu.inject({ kind: 'tokenExpiry', service: 'arm', route: '/subscriptions' });
    const r1 = await raw(`${emu.armUrl}/subscriptions?${API}`, { headers: { Authorization: `Bearer ${before}` } });
    assert.equal(r1.status, 401);
    assert.equal(errorOf(r1).code, 'ExpiredAuthenticationToken');
    assert.equal(emu.requests.all().at(-1)?.fault, 'tokenExpiry');
    const r2 = await raw(`${emu.armUrl}/subscriptions/${PROD}?${API}`, { headers: { Authorization: `Bearer ${before}` } });
    assert.equal(r2.status, 401, 'still expired after the fault is consumed');
    token = await msiToken(emu);
    const r3 = await raw(`${emu.armUrl}/subscriptions?${API}`, { headers: auth() });
    assert.equal(r3.status, 200);
  });

  void test('a missing api-version is refused as ARM does; any value is accepted', async () => {
    const r = await raw(`${emu.armUrl}/subscriptions`, { headers: auth() });
    assert.equal(r.status, 400);
    assert.equal(errorOf(r).code, 'MissingApiVersionParameter');
    assert.equal(errorOf(r).message, 'The api-version query parameter (?api-version=) is required for all requests.');
    for (const v of ['2015-01-01', '2026-04-01', 'whatever']) {
      assert.equal((await raw(`${emu.armUrl}/subscriptions?api-version=${v}`, { headers: auth() })).status, 200);
    }
  });

  void test('paths are case-insensitive and every answer carries the ARM headers', async () => {
    const r = await raw(`${emu.armUrl}${SET.toUpperCase().replace('/SUBSCRIPTIONS/' + PROD.toUpperCase(), '/SUBSCRIPTIONS/' + PROD)}?${API}`, {
      headers: { ...auth(), 'x-ms-client-request-id': 'client-123' },
    });
    assert.equal(r.status, 200);
    assert.equal((r.json as { name?: string }).name, 'vmss-web', 'the resource keeps its own casing');
    assert.match(String(r.headers['x-ms-request-id']), /^[0-9a-f-]{36}$/);
    assert.equal(r.headers['x-ms-correlation-request-id'], 'client-123');
    assert.equal(r.headers['x-ms-client-request-id'], 'client-123');
    assert.match(String(r.headers['x-ms-ratelimit-remaining-subscription-reads']), /^\d+$/);
    assert.match(String(r.headers['x-ms-ratelimit-remaining-resource']), /^Microsoft\.Compute\/GetVMScaleSet3Min;\d+/);
    const nf = await raw(`${emu.armUrl}/subscriptions/${PROD}/resourceGroups/nope/providers/Microsoft.Compute/virtualMachineScaleSets/x?${API}`, { headers: auth() });
    assert.equal(nf.status, 404);
    assert.equal(errorOf(nf).code, 'ResourceGroupNotFound');
    const sub = await raw(`${emu.armUrl}/subscriptions/00000000-0000-0000-0000-000000000000/providers/Microsoft.Compute/virtualMachineScaleSets?${API}`, { headers: auth() });
    assert.equal(errorOf(sub).code, 'SubscriptionNotFound');
  });

  void test('LRO: 202 with absolute Azure-AsyncOperation and Location; status InProgress then Succeeded; Location 202 then 200', async () => {
    const start = await raw(`${emu.armUrl}${SET}/virtualMachines/6/powerOff?${API}&skipShutdown=true`, { method: 'POST', headers: auth() });
    assert.equal(start.status, 202);
    assert.equal(start.text, '');
    const asyncUrl = String(start.headers['azure-asyncoperation']);
    const location = String(start.headers.location);
    assert.ok(asyncUrl.startsWith(`${emu.armUrl}/subscriptions/${PROD}/providers/Microsoft.Compute/locations/eastus/operations/`));
    assert.ok(location.startsWith(asyncUrl.split('?')[0] ?? '-'));
    assert.match(location, /[?&]monitor=true(&|$)/);
    assert.match(asyncUrl, /api-version=2024-07-01/);
    assert.equal(start.headers['retry-after'], '2');

    const view = await raw(`${emu.armUrl}${SET}/virtualMachines/6/instanceView?${API}`, { headers: auth() });
    assert.deepEqual((view.json as { statuses: { code: string }[] }).statuses.map((s) => s.code), ['ProvisioningState/succeeded', 'PowerState/stopping']);

    const s1 = await raw(asyncUrl, { headers: auth() });
    assert.equal(s1.status, 200);
    assert.equal((s1.json as { status: string }).status, 'InProgress');
    assert.equal(s1.headers['retry-after'], '2');
    const l1 = await raw(location, { headers: auth() });
    assert.equal(l1.status, 202);
    assert.equal(l1.text, '');

    now += 10_000;
    const s2 = await raw(asyncUrl, { headers: auth() });
    const body = s2.json as { status: string; startTime: string; endTime?: string; error?: unknown };
    assert.equal(body.status, 'Succeeded');
    assert.ok(body.endTime && body.startTime);
    assert.equal(body.error, undefined);
    const l2 = await raw(location, { headers: auth() });
    assert.equal(l2.status, 200, 'the Location URL answers 200 (not 204) once done');
    const after = await raw(`${emu.armUrl}${SET}/virtualMachines/6/instanceView?${API}`, { headers: auth() });
    assert.deepEqual((after.json as { statuses: { code: string }[] }).statuses.map((s) => s.code), ['ProvisioningState/succeeded', 'PowerState/stopped']);
  });

  void test('LRO that ends Failed: status resource carries the error; the VM keeps its power state', async () => {
    emu.inject({ kind: 'lroFail', route: /virtualmachines\/7\/deallocate/, code: 'AllocationFailed', message: 'Allocation failed.' });
    const start = await raw(`${emu.armUrl}${SET}/virtualMachines/7/deallocate?${API}`, { method: 'POST', headers: auth() });
    assert.equal(start.status, 202);
    now += 10_000;
    const s = await raw(String(start.headers['azure-asyncoperation']), { headers: auth() });
    assert.deepEqual((s.json as { status: string; error: unknown }).error, { code: 'AllocationFailed', message: 'Allocation failed.' });
    assert.equal((s.json as { status: string }).status, 'Failed');
    const vm = emu.state().azure.subscriptions[0]?.resourceGroups[0]?.scaleSets[0]?.instances.find((i) => i.instanceId === '7');
    assert.equal(vm?.powerState, 'running');
  });

  void test('malformed instanceIds bodies are refused with 400', async () => {
    const notJson = await raw(`${emu.armUrl}${SET}/deallocate?${API}`, { method: 'POST', headers: { ...auth(), 'Content-Type': 'application/json' }, body: '{"instanceIds": [' });
    assert.equal(notJson.status, 400);
    const notArray = await raw(`${emu.armUrl}${SET}/deallocate?${API}`, { method: 'POST', headers: { ...auth(), 'Content-Type': 'application/json' }, body: '{"instanceIds": "1"}' });
    assert.equal(notArray.status, 400);
    const letters = await raw(`${emu.armUrl}${SET}/deallocate?${API}`, { method: 'POST', headers: { ...auth(), 'Content-Type': 'application/json' }, body: '{"instanceIds": ["one"]}' });
    assert.equal(letters.status, 400);
    assert.equal(errorOf(letters).code, 'InvalidParameter');
    const hib = await raw(`${emu.armUrl}${SET}/deallocate?${API}&hibernate=maybe`, { method: 'POST', headers: auth() });
    assert.equal(hib.status, 400);
    assert.equal(emu.requests.where({ operation: 'deallocate' }).filter((r) => r.status === 202 && r.path.endsWith('vmss-web/deallocate')).length, 0);
  });

  void test('transport faults: reset, hang, malformed body, latency', async () => {
    emu.inject({ kind: 'reset', route: `GET /subscriptions/${PROD}` });
    await assert.rejects(raw(`${emu.armUrl}/subscriptions/${PROD}?${API}`, { headers: auth() }), /socket hang up|ECONNRESET/);
    assert.equal(emu.requests.all().at(-1)?.fault, 'reset');

    const hung = await new Promise<string>((resolve) => {
      emu.inject({ kind: 'hang', route: `GET /subscriptions/${PROD}` });
      const req = request(`${emu.armUrl}/subscriptions/${PROD}?${API}`, { headers: auth() }, () => resolve('answered'));
      req.setTimeout(300, () => { req.destroy(); resolve('timed out'); });
      req.on('error', () => undefined);
      req.end();
    });
    assert.equal(hung, 'timed out');

    emu.inject({ kind: 'malformed', service: 'arm' });
    const bad = await raw(`${emu.armUrl}/subscriptions?${API}`, { headers: auth() });
    assert.equal(bad.status, 200);
    assert.equal(bad.json, undefined);
    assert.throws(() => JSON.parse(bad.text) as unknown);

    emu.inject({ kind: 'latency', ms: 50, route: '/subscriptions' });
    const ok = await raw(`${emu.armUrl}/subscriptions?${API}`, { headers: auth() });
    assert.equal(ok.status, 200);
  });

  void test('afterEffect reset: the operation happens although the answer is lost', async () => {
    emu.inject({ kind: 'reset', afterEffect: true, route: /virtualmachines\/9\/poweroff/ });
    await assert.rejects(raw(`${emu.armUrl}${SET}/virtualMachines/9/powerOff?${API}`, { method: 'POST', headers: auth() }));
    const vm = emu.state().azure.subscriptions[0]?.resourceGroups[0]?.scaleSets[0]?.instances.find((i) => i.instanceId === '9');
    assert.equal(vm?.powerState, 'stopping');
  });

  void test('managed-identity endpoint: App Service (secret), X-IDENTITY-HEADER and Metadata forms', async () => {
    const base = emu.credentials.azure.msiEndpoint;
    const appService = await raw(`${base}/?resource=https://management.core.windows.net/&api-version=2017-09-01`, { headers: { secret: emu.credentials.azure.msiSecret } });
    assert.equal(appService.status, 200);
    const tok = appService.json as { access_token: string; expires_on: string; token_type: string; resource: string };
    assert.equal(tok.token_type, 'Bearer');
    assert.match(tok.expires_on, /^\d{10}$/);
    const claims = JSON.parse(Buffer.from(tok.access_token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { tid: string; aud: string; exp: number };
    assert.equal(claims.tid, emu.credentials.azure.tenantId);
    assert.equal(claims.aud, 'https://management.core.windows.net/');
    const identity = await raw(`${base}?resource=https://management.azure.com/&api-version=2019-08-01`, { headers: { 'X-IDENTITY-HEADER': emu.credentials.azure.msiSecret } });
    assert.equal(identity.status, 200);
    const wrong = await raw(`${base}?resource=https://management.azure.com/`, { headers: { 'X-IDENTITY-HEADER': 'nope' } });
    assert.equal(wrong.status, 401);
    const noHeader = await raw(`${base}?resource=https://management.azure.com/`);
    assert.equal(noHeader.status, 400);
    const noResource = await raw(base, { method: 'POST', headers: { Metadata: 'true' } });
    assert.equal(noResource.status, 400);
    assert.ok(emu.requests.where({ service: 'msi' }).every((r) => !JSON.stringify(r).includes(emu.credentials.azure.msiSecret)));
  });

  void test('control API: power state, faults, request log, state', async () => {
    const post = (path: string, body: unknown) => raw(`${emu.armUrl}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    assert.equal((await post('/_emulator/azure/power-state', { vm: 'vmss-web_10', state: 'deallocated', hibernated: false })).status, 204);
    assert.equal(emu.state().azure.subscriptions[0]?.resourceGroups[0]?.scaleSets[0]?.instances.find((i) => i.instanceId === '10')?.powerState, 'deallocated');
    assert.equal((await post('/_emulator/azure/power-state', { vm: 'no-such-vm', state: 'running' })).status, 400);
    assert.equal((await post('/_emulator/volcengine/status', { instanceId: 'i-bj01a0000000000001', status: 'STOPPED', stoppedMode: 'StopCharging' })).status, 204);
    const ecs = emu.state().volcengine.regions[0]?.zones[0]?.instances[0];
    assert.equal(ecs?.status, 'STOPPED');
    assert.equal((await post('/_emulator/faults', { kind: 'status', status: 500, routeRegex: '^GET /subscriptions$' })).status, 204);
    const failed = await raw(`${emu.armUrl}/subscriptions?${API}`, { headers: auth() });
    assert.equal(failed.status, 500);
    assert.equal(errorOf(failed).code, 'InternalServerError');
    const log = await raw(`${emu.armUrl}/_emulator/requests?service=arm&pathIncludes=/subscriptions`);
    const entries = log.json as { status: number; fault?: string }[];
    assert.equal(entries.at(-1)?.fault, 'status');
    const state = await raw(`${emu.armUrl}/_emulator/state`);
    assert.equal((state.json as { azure: { subscriptions: unknown[] } }).azure.subscriptions.length, 3);
    assert.equal((await post('/_emulator/faults', { kind: 'nonsense' })).status, 400);
  });
});
