/**
 * The fault classes before a request reaches the cloud, through the real SDKs: the Azure CLI
 * missing, not signed in, hanging or printing garbage; its managed-identity endpoint down or
 * slow; DNS failures; TLS certificates that are self-signed, expired or for another host; and
 * proxies — one that carries both clouds' traffic, one that refuses, one that wants credentials.
 * Each must end in its own code and a message that names the fix; an action that never left is
 * "not sent".
 */
import { after, before, describe } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import type { TokenCredential } from '@azure/core-auth';
import { startFleet, type FleetHarness } from './support/fleet';
import { startConnectProxy, type ConnectProxy } from './support/connectProxy';
import { scenario, useProbe } from './support/results';
import { startFaultyTlsServer, type CertificateFault } from './support/tlsServers';
import { createAzureCredential, createAzureFleetClient, createAzureProvider, toCloudError } from '../../src/cloud/azure/index';
import { createVolcengineClient, createVolcengineProvider } from '../../src/cloud/volcengine/index';
import { InMemoryJournal, OperationEngine, resolveProxy, type CloudErrorInfo } from '../../src/fleet/index';
import { describeCloudError } from '../../src/ui/errorMessages';

let h: FleetHarness;
let proxy: ConnectProxy;
const scratch = mkdtempSync(join(tmpdir(), 'fleet-connections-'));

before(async () => {
  h = await startFleet();
  proxy = await startConnectProxy();
  // The proxy password a scenario puts in http.proxy is a canary too.
  useProbe(h.probe({ canaries: () => ['CANARYproxyPassword01'] }));
});

after(async () => {
  await proxy.stop();
  await h.stop();
  rmSync(scratch, { recursive: true, force: true });
});

/** Runs `work` with PATH (and optionally more variables) changed, then puts them back. */
async function withEnv<T>(changes: Record<string, string | undefined>, work: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(changes).map((k) => [k, process.env[k]]));
  for (const [k, v] of Object.entries(changes)) if (v === undefined) Reflect.deleteProperty(process.env, k); else process.env[k] = v;
  try {
    return await work();
  } finally {
    for (const [k, v] of Object.entries(saved)) if (v === undefined) Reflect.deleteProperty(process.env, k); else process.env[k] = v;
  }
}

/** A folder with a fake `az` that runs `script` (sh). */
function fakeAz(name: string, script: string): string {
  const dir = join(scratch, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'az'), `#!/bin/sh\n${script}\n`);
  chmodSync(join(dir, 'az'), 0o755);
  return dir;
}

/** The Azure CLI's answer as the extension would show it: its code and the user's message. */
async function cliFailure(timeoutMs = 1500): Promise<{ info: CloudErrorInfo; shown: string }> {
  const credential = await createAzureCredential('azureCli', { processTimeoutInMs: timeoutMs });
  const error = await credential.getToken(`${h.emu.armUrl}/.default`).then(() => undefined, (e: unknown) => e);
  assert.ok(error, 'the Azure CLI gave no token');
  const info = toCloudError(error);
  return { info, shown: describeCloudError('list', info, 'subscriptions').message };
}

const binPath = (dir: string): string => [dir, '/usr/bin', '/bin'].join(delimiter);

void describe('before the cloud', () => {
  scenario('Azure CLI faults', 'azure', 'az missing: AzureCliNotFound, the message says how to install or switch', async () => {
    const m = h.mark();
    // Only an empty folder on PATH: this machine has a real az in /usr/bin.
    mkdirSync(join(scratch, 'empty'), { recursive: true });
    const { info, shown } = await withEnv({ PATH: join(scratch, 'empty') }, () => cliFailure());
    assert.equal(info.code, 'AzureCliNotFound');
    assert.equal(info.category, 'authentication');
    assert.match(shown, /not found.*Install it.*az login.*fleetPower\.azure\.authentication/);
    return { requests: h.since(m).length, shown: [shown] };
  });

  scenario('Azure CLI faults', 'azure', 'az not signed in: AzureCliNotSignedIn, the message says az login', async () => {
    const m = h.mark();
    const { info, shown } = await withEnv({ FLEET_EMULATOR_MSI_ENDPOINT: undefined, FLEET_EMULATOR_MSI_SECRET: undefined, MSI_ENDPOINT: undefined, MSI_SECRET: undefined }, () => cliFailure());
    assert.equal(info.code, 'AzureCliNotSignedIn');
    assert.match(shown, /not signed in.*az login/);
    return { requests: h.since(m).length, shown: [shown] };
  });

  scenario('Azure CLI faults', 'azure', 'az hanging: stopped at the process limit, AzureCliTimeout', async () => {
    const dir = fakeAz('hanging', 'sleep 30');
    const started = Date.now();
    const { info, shown } = await withEnv({ PATH: binPath(dir) }, () => cliFailure(1200));
    assert.ok(Date.now() - started < 10_000, 'not waited for forever');
    assert.equal(info.code, 'AzureCliTimeout');
    assert.match(shown, /did not answer in time.*terminal/);
    return { requests: 0, shown: [shown] };
  });

  scenario('Azure CLI faults', 'azure', 'az printing garbage: AzureCliUnreadable', async () => {
    const dir = fakeAz('garbage', "echo 'Welcome to Azure CLI! <not json>'");
    const { info, shown } = await withEnv({ PATH: binPath(dir) }, () => cliFailure());
    assert.equal(info.code, 'AzureCliUnreadable');
    assert.match(shown, /not a token.*update the Azure CLI/);
    return { requests: 0, shown: [shown] };
  });

  scenario('managed identity faults', 'azure', 'the managed-identity endpoint down (HTTP 500): AzureCliManagedIdentityUnavailable', async () => {
    h.emu.clearFaults();
    h.emu.inject({ kind: 'status', status: 500, service: 'msi', count: Infinity });
    const m = h.mark();
    const { info, shown } = await cliFailure(10_000);
    h.emu.clearFaults();
    assert.ok(h.since(m).some((r) => r.service === 'msi' && r.status === 500), 'az asked the endpoint');
    assert.equal(info.code, 'AzureCliManagedIdentityUnavailable');
    assert.match(shown, /managed identity.*down or too slow/);
    return { requests: h.since(m).length, shown: [shown] };
  });

  scenario('managed identity faults', 'azure', 'the managed-identity endpoint too slow: the az process limit ends it, AzureCliTimeout', async () => {
    h.emu.clearFaults();
    h.emu.inject({ kind: 'hang', service: 'msi' });
    const m = h.mark();
    const { info, shown } = await cliFailure(1500);
    h.emu.clearFaults();
    assert.equal(info.code, 'AzureCliTimeout');
    assert.match(shown, /slow managed-identity endpoint/);
    return { requests: h.since(m).length, shown: [shown] };
  });

  scenario('DNS failure', 'both', 'an endpoint whose name does not resolve: HostNotFound (or DnsUnavailable) on both clouds, an action is not sent', async () => {
    const azure = createAzureFleetClient({ endpoint: 'https://fleet-power-test.invalid', scope: 'https://management.azure.com/.default', credential: h.credential, maxRetries: 0 });
    const azureError = await azure.listSubscriptions().then(() => undefined, (e: unknown) => azure.toCloudError(e));
    assert.ok(azureError);
    assert.ok(['HostNotFound', 'DnsUnavailable'].includes(azureError.code), azureError.code);
    const volc = createVolcengineClient({ endpoint: 'https://fleet-power-test.invalid', credentials: h.emu.credentials.volcengine, retry: { maxAttempts: 1 } });
    const volcError = await volc.listRegions().then(() => undefined, (e: unknown) => e as { info: CloudErrorInfo });
    assert.ok(volcError);
    assert.ok(['HostNotFound', 'DnsUnavailable'].includes(volcError.info.code), volcError.info.code);
    const engine = new OperationEngine({ providers: [createVolcengineProvider(() => volc, { pollIntervalMs: 10 })], journal: new InMemoryJournal() });
    h.track(engine);
    const record = await engine.start({ kind: 'volcengine.stopInstance', targets: h.volcTargets('cn-beijing', ['i-bj01a0000000000001']), options: h.stopOptions() }).done;
    engine.dispose();
    volc.dispose();
    h.records.push(record);
    assert.equal(record.results['i-bj01a0000000000001']?.status, 'notSent', 'nothing reached Volcengine: not sent, not "maybe stopped"');
    const shown = [describeCloudError('list', azureError).message, describeCloudError('volcengine.stopInstance', record.error ?? volcError.info).message];
    for (const text of shown) assert.match(text, /nothing was sent/i);
    assert.match(shown[0] ?? '', /fleetPower\.azure\.resourceManagerEndpoint/);
    return { requests: 0, shown: [...shown, record] };
  });

  for (const fault of ['selfSigned', 'expired', 'wrongHost'] as CertificateFault[]) {
    scenario('TLS failures', 'both', `${fault} certificate: its own code on both clouds and the fix in the message`, async () => {
      const server = await startFaultyTlsServer(fault);
      try {
        const azure = createAzureFleetClient({ endpoint: server.url, scope: `${server.url}/.default`, credential: h.credential, maxRetries: 0 });
        const azureError = await azure.listSubscriptions().then(() => undefined, (e: unknown) => azure.toCloudError(e));
        const volc = createVolcengineClient({ endpoint: server.url, credentials: h.emu.credentials.volcengine, retry: { maxAttempts: 1 } });
        const volcError = await volc.listRegions().then(() => undefined, (e: unknown) => (e as { info: CloudErrorInfo }).info);
        volc.dispose();
        const expected = { selfSigned: 'TlsCertificateUntrusted', expired: 'TlsCertificateExpired', wrongHost: 'TlsCertificateWrongHost' }[fault];
        assert.equal(azureError?.code, expected);
        assert.equal(volcError?.code, expected);
        const fix = { selfSigned: /http\.systemCertificates.*NODE_EXTRA_CA_CERTS/, expired: /date and time.*renewed/, wrongHost: /another host name.*fleetPower\.(azure|volcengine)/ }[fault];
        const shown = [describeCloudError('list', azureError ?? { cloud: 'azure', code: '', message: '', category: 'unknown' }).message,
          describeCloudError('list', volcError ?? { cloud: 'volcengine', code: '', message: '', category: 'unknown' }).message];
        for (const text of shown) assert.match(text, fix);
        return { requests: 0, shown };
      } finally {
        await server.stop();
      }
    });
  }

  scenario('proxy', 'both', 'http.proxy carries every request of both clouds through a CONNECT tunnel; none bypasses it', async () => {
    const config = resolveProxy({ setting: proxy.url, env: {} });
    assert.ok(config);
    const credential: TokenCredential = h.credential;
    const azure = createAzureFleetClient({ endpoint: h.emu.armUrl, scope: `${h.emu.armUrl}/.default`, credential, proxy: config, pollIntervalMs: 20 });
    const volc = createVolcengineClient({ endpoint: h.emu.volcUrl, credentials: h.emu.credentials.volcengine, proxy: config });
    const m = h.mark();
    const tunnelsBefore = proxy.tunnels.length;
    const subscriptions = await azure.listSubscriptions();
    assert.ok(subscriptions.length > 0);
    const regions = await volc.listRegions();
    assert.ok(regions.length > 0);
    const [vm] = await h.azureTargets('vmss-dev', ['1']);
    assert.ok(vm);
    h.emu.control.azure.setPowerState(vm.id, 'running');
    const engine = new OperationEngine({ providers: [createAzureProvider(azure, { pollIntervalMs: 20 })], journal: new InMemoryJournal() });
    h.track(engine);
    const mProxied = h.mark();
    const record = await engine.start({ kind: 'azure.powerOff', targets: [vm], options: { skipShutdown: true } }).done;
    engine.dispose();
    volc.dispose();
    h.records.push(record);
    assert.equal(record.status, 'succeeded');
    const cloudRequests = h.since(m, (r) => r.service === 'arm' || r.service === 'volc')
      .filter((r) => r.seq > mProxied || r.path === '/subscriptions' || r.service === 'volc');
    assert.ok(cloudRequests.length >= 4, `requests seen: ${cloudRequests.length}`);
    const bypassed = cloudRequests.filter((r) => !proxy.carried(r.peer));
    assert.deepEqual(bypassed.map((r) => `${r.method} ${r.path} from ${r.peer}`), [], 'every request came through a tunnel of the proxy');
    const targets = new Set(proxy.tunnels.slice(tunnelsBefore).map((t) => t.target));
    assert.ok(targets.has(new URL(h.emu.armUrl).host) && targets.has(new URL(h.emu.volcUrl).host), `tunnels to both clouds: ${[...targets].join(', ')}`);
    assert.deepEqual(proxy.plainRequests, [], 'nothing was sent to the proxy without a tunnel');
    return { requests: h.since(m).length };
  });

  scenario('proxy', 'both', 'a proxy that refuses (403, or nothing listening) and one that wants credentials (407): their own codes, nothing sent', async () => {
    const shown: string[] = [];
    const codes: string[] = [];
    const attempt = async (setting: string): Promise<void> => {
      const config = resolveProxy({ setting, env: {} });
      assert.ok(config);
      const azure = createAzureFleetClient({ endpoint: h.emu.armUrl, scope: `${h.emu.armUrl}/.default`, credential: h.credential, proxy: config, maxRetries: 0 });
      const azureError = await azure.listSubscriptions().then(() => undefined, (e: unknown) => azure.toCloudError(e));
      const volc = createVolcengineClient({ endpoint: h.emu.volcUrl, credentials: h.emu.credentials.volcengine, proxy: config, retry: { maxAttempts: 1 } });
      const volcError = await volc.listRegions().then(() => undefined, (e: unknown) => (e as { info: CloudErrorInfo }).info);
      volc.dispose();
      assert.ok(azureError && volcError);
      assert.equal(azureError.code, volcError.code, 'one code for one failure, on both clouds');
      codes.push(azureError.code);
      shown.push(describeCloudError('list', azureError).message, describeCloudError('list', volcError).message);
    };
    const m = h.mark();
    proxy.refuseWith = 403;
    await attempt(proxy.url);
    proxy.refuseWith = 407;
    await attempt('http://someone:CANARYproxyPassword01@127.0.0.1:' + String(proxy.port));
    proxy.refuseWith = undefined;
    await attempt('http://127.0.0.1:9'); // nothing listens on the discard port
    assert.deepEqual(codes, ['ProxyRefused', 'ProxyAuthenticationRequired', 'ProxyRefused']);
    assert.match(shown[0] ?? '', /proxy refused.*http\.proxy/i);
    assert.match(shown[2] ?? '', /credentials \(HTTP 407\).*http\.proxy/);
    assert.equal(h.since(m, (r) => r.service !== 'msi').length, 0, 'nothing reached either cloud');
    for (const text of shown) assert.doesNotMatch(text, /CANARYproxyPassword01/, 'the proxy password is never shown');
    return { requests: 0, shown };
  });
});
