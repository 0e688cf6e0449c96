/** Emulator core: certificates, request log, faults, seeded randomness, fleets, the stand-in az, wiring. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { ensureCertificates } from '../src/core/certs';
import { FaultSet } from '../src/core/faults';
import { seededRandom } from '../src/core/random';
import { RequestLog } from '../src/core/requestLog';
import { EMULATOR_BIN_DIR, defaultFleet, generateFleet, startEmulator, validateFleet } from '../src/index';
import { raw } from './azure-support';

function runNode(script: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [script, ...args], { env, cwd: '/bin' }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

void describe('certificates', () => {
  void test('a CA and a server certificate for 127.0.0.1 / localhost, reused while valid, remade when broken', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fleet-certs-'));
    try {
      const first = ensureCertificates(dir);
      const ca = new X509Certificate(first.ca);
      const server = new X509Certificate(first.cert);
      assert.equal(ca.ca, true);
      assert.equal(server.ca, false);
      assert.ok(server.verify(ca.publicKey));
      assert.equal(server.checkIP('127.0.0.1'), '127.0.0.1');
      assert.equal(server.checkHost('localhost'), 'localhost');
      assert.ok(server.keyUsage?.includes('1.3.6.1.5.5.7.3.1'), 'serverAuth extended key usage');
      const again = ensureCertificates(dir);
      assert.equal(again.cert, first.cert, 'reused');
      writeFileSync(first.certPath, 'broken');
      const remade = ensureCertificates(dir);
      assert.notEqual(remade.cert, first.cert);
      assert.ok(new X509Certificate(readFileSync(remade.certPath)).verify(new X509Certificate(remade.ca).publicKey));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  void test('a TLS client that trusts only the CA accepts the emulator', async () => {
    const emu = await startEmulator();
    try {
      const port = Number(new URL(emu.armUrl).port);
      const authorized = await new Promise<boolean>((resolve, reject) => {
        const s = connect({ host: '127.0.0.1', port, ca: readFileSync(emu.caPath), rejectUnauthorized: true }, () => {
          resolve(s.authorized);
          s.end();
        });
        s.on('error', reject);
      });
      assert.equal(authorized, true);
    } finally {
      await emu.stop();
    }
  });
});

void describe('request log and faults', () => {
  void test('where() filters by service, method, operation and path; clear() empties', () => {
    const log = new RequestLog();
    const base = { at: 0, query: {}, headers: {}, body: undefined, status: 200 };
    log.add({ ...base, service: 'arm', method: 'POST', path: '/a/vmss-web/deallocate', operation: 'deallocate' });
    log.add({ ...base, service: 'arm', method: 'GET', path: '/a/vmss-web', operation: 'getScaleSet' });
    log.add({ ...base, service: 'volc', method: 'GET', path: '/', operation: 'StopInstance' });
    assert.equal(log.where({ service: 'arm' }).length, 2);
    assert.equal(log.where({ method: 'post' }).length, 1);
    assert.equal(log.where({ operation: 'StopInstance' })[0]?.service, 'volc');
    assert.equal(log.where({ pathIncludes: 'VMSS-WEB' }).length, 2);
    assert.deepEqual(log.all().map((r) => r.seq), [1, 2, 3]);
    log.clear();
    assert.equal(log.all().length, 0);
  });

  void test('faults match by service and route, are consumed by count, and skip LRO kinds unless asked', () => {
    const f = new FaultSet();
    f.inject({ kind: 'status', status: 500, service: 'arm', route: '/deallocate', count: 2 });
    f.inject({ kind: 'lroFail', route: /deallocate$/ });
    f.inject({ kind: 'throttle', service: 'volc', route: 'StopInstances', count: Infinity });
    assert.equal(f.take('volc', 'POST /x/deallocate'), undefined, 'service scoped');
    assert.equal(f.take('arm', 'POST /x/deallocate')?.kind, 'status');
    assert.equal(f.take('arm', 'POST /x/deallocate')?.kind, 'status');
    assert.equal(f.take('arm', 'POST /x/deallocate'), undefined, 'count 2 consumed');
    assert.equal(f.take('arm', 'POST /x/deallocate', ['lroFail', 'lroCancel'])?.kind, 'lroFail');
    for (let i = 0; i < 5; i++) assert.equal(f.take('volc', 'StopInstances')?.kind, 'throttle');
    assert.equal(f.take('volc', 'StopInstance'), undefined, 'substring match is on the route key');
    f.clear();
    assert.equal(f.take('volc', 'StopInstances'), undefined);
  });

  void test('seeded randomness repeats', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const c = seededRandom(43);
    const sa = Array.from({ length: 5 }, a);
    assert.deepEqual(sa, Array.from({ length: 5 }, b));
    assert.notDeepEqual(sa, Array.from({ length: 5 }, c));
    assert.ok(sa.every((x) => x >= 0 && x < 1));
  });
});

void describe('fleets', () => {
  void test('the sample fleet has what the demo needs', () => {
    const f = defaultFleet();
    const subs = f.azure.subscriptions;
    assert.equal(subs.length, 3);
    assert.equal(subs.filter((s) => s.state === 'Disabled').length, 1);
    const sets = subs.flatMap((s) => s.resourceGroups.flatMap((g) => g.scaleSets));
    const vms = sets.flatMap((s) => s.instances);
    assert.equal(vms.length, 40);
    assert.ok(sets.some((s) => s.orchestrationMode === 'Uniform') && sets.some((s) => s.orchestrationMode === 'Flexible'));
    assert.ok(sets.some((s) => s.orchestrationMode === 'Flexible' && s.hibernationEnabled === true));
    assert.ok(sets.some((s) => s.instances.length > 20), 'one scale set pages at the default page size');
    for (const p of ['running', 'stopped', 'deallocated'] as const) assert.ok(vms.some((v) => v.powerState === p), p);
    assert.equal(vms.filter((v) => v.hibernated).length, 1);
    const regions = f.volcengine.regions;
    assert.deepEqual(regions.map((r) => r.regionId), ['cn-beijing', 'cn-shanghai', 'cn-guangzhou']);
    const ecs = regions.flatMap((r) => r.zones.flatMap((z) => z.instances));
    assert.equal(ecs.length, 20);
    assert.ok(ecs.some((i) => i.status === 'STOPPED' && i.stoppedMode === 'KeepCharging'));
    assert.ok(ecs.some((i) => i.status === 'STOPPED' && i.stoppedMode === 'StopCharging'));
    assert.ok(ecs.some((i) => i.instanceChargeType === 'PrePaid'));
    assert.ok(ecs.some((i) => i.locked) && ecs.some((i) => i.creatingImage) && ecs.some((i) => i.createdByOtherService));
    assert.equal(new Set(ecs.map((i) => i.instanceId)).size, 20);
  });

  void test('a fleet file with mistakes is refused with messages naming the fields', async () => {
    const bad = defaultFleet() as unknown as { azure: { subscriptions: { state: string; resourceGroups: { scaleSets: { instances: { instanceId: string; powerState: string }[] }[] }[] }[] } };
    const sub = bad.azure.subscriptions[0];
    const inst = sub?.resourceGroups[0]?.scaleSets[0]?.instances;
    assert.ok(sub && inst?.[0] && inst[1]);
    sub.state = 'Active';
    inst[0].powerState = 'hibernated';
    inst[1].instanceId = 'web-1';
    await assert.rejects(startEmulator({ fleet: bad as unknown as ReturnType<typeof defaultFleet> }), (e: Error) =>
      /azure\.subscriptions\[0\]\.state is 'Active'/.test(e.message)
      && /instances\[0\]\.powerState is 'hibernated'/.test(e.message)
      && /instances\[1\]\.instanceId 'web-1': Uniform instance ids are decimal numbers/.test(e.message));
    assert.throws(() => validateFleet({ azure: {}, volcengine: { regions: [] } }), /azure\.tenantId must be a non-empty string/);
    assert.throws(() => validateFleet([]), /top level/);
    assert.doesNotThrow(() => validateFleet(generateFleet({ subscriptions: 2, regions: 1, instancesPerRegion: 4 })));
  });

  void test('generateFleet makes the benchmark sizes, mixed modes, deterministically', () => {
    const g = generateFleet({ seed: 3 });
    const sets = g.azure.subscriptions.flatMap((s) => s.resourceGroups.flatMap((r) => r.scaleSets));
    assert.equal(g.azure.subscriptions.length, 20);
    assert.equal(sets.length, 200);
    assert.equal(sets.flatMap((s) => s.instances).length, 10_000);
    assert.ok(sets.some((s) => s.orchestrationMode === 'Flexible') && sets.some((s) => s.orchestrationMode === 'Uniform'));
    assert.equal(g.volcengine.regions.length, 6);
    const ecs = g.volcengine.regions.flatMap((r) => r.zones.flatMap((z) => z.instances));
    assert.equal(ecs.length, 3000);
    assert.equal(new Set(ecs.map((i) => i.instanceId)).size, 3000);
    assert.deepEqual(generateFleet({ seed: 3 }), g);
    assert.notDeepEqual(generateFleet({ seed: 4 }).azure.subscriptions[0]?.subscriptionId, g.azure.subscriptions[0]?.subscriptionId);
    const small = generateFleet({ subscriptions: 2, scaleSetsPerSubscription: 3, vmsPerScaleSet: 4, regions: 2, instancesPerRegion: 5, seed: 1 });
    assert.equal(small.azure.subscriptions.flatMap((s) => s.resourceGroups.flatMap((r) => r.scaleSets.flatMap((x) => x.instances))).length, 24);
    assert.equal(small.volcengine.regions.flatMap((r) => r.zones.flatMap((z) => z.instances)).length, 10);
  });
});

void describe('emulator wiring', () => {
  void test('the stand-in az answers get-access-token in the Azure CLI format and refuses anything else', async () => {
    const emu = await startEmulator();
    try {
      const env = { ...process.env, ...emu.env() };
      const az = join(EMULATOR_BIN_DIR, 'az');
      const r = await runNode(az, ['account', 'get-access-token', '--output', 'json', '--resource', 'https://management.azure.com'], env);
      assert.equal(r.code, 0, r.stderr);
      const out = JSON.parse(r.stdout) as Record<string, unknown>;
      assert.deepEqual(Object.keys(out).sort(), ['accessToken', 'expiresOn', 'expires_on', 'subscription', 'tenant', 'tokenType']);
      assert.match(String(out.expiresOn), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$/);
      assert.equal(typeof out.expires_on, 'number');
      assert.equal(out.tokenType, 'Bearer');
      assert.equal(out.tenant, emu.credentials.azure.tenantId);
      const ok = await raw(`${emu.armUrl}/subscriptions?api-version=2022-12-01`, { headers: { Authorization: `Bearer ${String(out.accessToken)}` } });
      assert.equal(ok.status, 200);

      const scoped = await runNode(az, ['account', 'get-access-token', '--output', 'json', '--scope', 'https://management.core.windows.net//.default', '--tenant', emu.credentials.azure.tenantId], env);
      assert.equal(scoped.code, 0, scoped.stderr);
      const otherTenant = await runNode(az, ['account', 'get-access-token', '--output', 'json', '--resource', 'https://management.azure.com', '--tenant', '11111111-1111-1111-1111-111111111111'], env);
      assert.notEqual(otherTenant.code, 0);
      assert.match(otherTenant.stderr, /ERROR: .*Tenant/);
      const other = await runNode(az, ['vm', 'list'], env);
      assert.notEqual(other.code, 0);
      assert.match(other.stderr, /^ERROR: /);
      const loggedOut = await runNode(az, ['account', 'get-access-token', '--output', 'json', '--resource', 'https://management.azure.com'], { PATH: process.env.PATH });
      assert.notEqual(loggedOut.code, 0);
      assert.match(loggedOut.stderr, /az login/, 'AzureCliCredential reports this as "please run az login"');
    } finally {
      await emu.stop();
    }
  });

  void test('env() carries what child processes need; stop() closes both listeners', async () => {
    const emu = await startEmulator();
    const env = emu.env();
    for (const k of ['PATH', 'NODE_EXTRA_CA_CERTS', 'FLEET_EMULATOR_MSI_ENDPOINT', 'FLEET_EMULATOR_MSI_SECRET', 'FLEET_EMULATOR_CA', 'VOLCENGINE_ACCESS_KEY', 'VOLCENGINE_SECRET_KEY']) {
      assert.ok(env[k], k);
    }
    assert.ok(env.PATH?.startsWith(EMULATOR_BIN_DIR));
    assert.equal(env.NODE_EXTRA_CA_CERTS, emu.caPath);
    await emu.stop();
    await assert.rejects(raw(`${emu.armUrl}/subscriptions?api-version=1`), /ECONNREFUSED/);
    await assert.rejects(raw(`${emu.volcUrl}/?Action=DescribeRegions&Version=2020-04-01`), /ECONNREFUSED/);
  });

  void test('faults on the Volcengine listener answer with the Volcengine envelope', async () => {
    const emu = await startEmulator({ faults: [{ kind: 'throttle', service: 'volc', route: 'DescribeRegions' }, { kind: 'status', status: 503, service: 'volc', route: 'DescribeZones' }] });
    try {
      const r = await raw(`${emu.volcUrl}/?Action=DescribeRegions&Version=2020-04-01`);
      assert.equal(r.status, 429);
      const meta = (r.json as { ResponseMetadata?: { Action?: string; Error?: { Code?: string } } }).ResponseMetadata;
      assert.equal(meta?.Error?.Code, 'FlowLimitExceeded');
      assert.equal(meta?.Action, 'DescribeRegions');
      const z = await raw(`${emu.volcUrl}/?Action=DescribeZones&Version=2020-04-01`);
      assert.equal(z.status, 503);
      assert.ok((z.json as { ResponseMetadata?: { Error?: { Code?: string } } }).ResponseMetadata?.Error?.Code);
      const after = await raw(`${emu.volcUrl}/?Action=DescribeRegions&Version=2020-04-01`);
      assert.notEqual(after.status, 429, 'consumed');
      assert.deepEqual(emu.requests.where({ service: 'volc' }).map((x) => x.fault), ['throttle', 'status', undefined]);
    } finally {
      await emu.stop();
    }
  });
});
