/**
 * The Volcengine surface through the real `@volcengine/openapi` Service over HTTPS, plus raw
 * HTTPS for what the SDK never sends. The SDK never throws on an HTTP status: every assertion is
 * on ResponseMetadata.Error.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpsRequest } from 'node:https';
import { readFileSync } from 'node:fs';
import { Service } from '@volcengine/openapi';
import { startEmulator, defaultFleet, type Emulator } from '../src/index';
import { testRegions } from './volcengine-fleet';
import { canonicalRequest, signature, stringToSign } from '../src/volcengine/index';
import { EMPTY_BODY_SHA256 } from '../src/volcengine/signing';
import { parseQuery } from '../src/volcengine/params';

interface Meta { RequestId: string; Action?: string; Region?: string; Error?: { Code: string; CodeN?: number; Message: string } }
interface Answer { ResponseMetadata: Meta; Result?: Record<string, unknown> }
interface Instance { InstanceId: string; Status: string; StoppedMode: string }
type Params = Record<string, string | number | boolean | string[]>;

const LONG_TRANSITION_MS = 600_000;

function ecsService(emu: Emulator, region = 'cn-beijing', creds = emu.credentials.volcengine): Service {
  return new Service({
    serviceName: 'ecs', defaultVersion: '2020-04-01', region, host: new URL(emu.volcUrl).host, protocol: 'https:',
    accessKeyId: creds.accessKeyId, secretKey: creds.secretKey,
  });
}

async function get(svc: Service, action: string, params: Params = {}): Promise<Answer> {
  return (await svc.createAPI<Params, Record<string, unknown>>(action, { method: 'GET' })(params)) as Answer;
}

async function postJson(svc: Service, action: string, body: Params): Promise<Answer> {
  return (await svc.createJSONAPI(action)(body)) as Answer;
}

function codeOf(a: Answer): string | undefined {
  return a.ResponseMetadata.Error?.Code;
}

/** A raw HTTPS request to the Volcengine listener (trusting the emulator's CA explicitly). */
function raw(emu: Emulator, path: string, headers: Record<string, string>, method = 'GET', body = ''): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; json: Answer }> {
  const url = new URL(path, emu.volcUrl);
  return new Promise((resolve, reject) => {
    const req = httpsRequest(url, { method, headers, ca: readFileSync(emu.caPath) }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        try {
          resolve({ status: res.statusCode ?? 0, headers: res.headers, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Answer });
        } catch (e) {
          reject(e instanceof Error ? e : new Error(String(e)));
        }
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function waitFor<T>(read: () => Promise<T>, done: (v: T) => boolean): Promise<T> {
  for (let i = 0; i < 400; i++) {
    const v = await read();
    if (done(v)) return v;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('condition not reached');
}

void describe('Volcengine ECS through @volcengine/openapi over HTTPS', () => {
  let emu: Emulator;
  let ecs: Service;
  const instance = async (id: string, region = 'cn-beijing'): Promise<Instance> => {
    const a = await get(region === 'cn-beijing' ? ecs : ecsService(emu, region), 'DescribeInstances', { 'InstanceIds.1': id });
    const list = (a.Result?.Instances ?? []) as Instance[];
    assert.equal(list.length, 1, `${id} listed once`);
    return list[0] as Instance;
  };

  before(async () => {
    emu = await startEmulator({ fleet: { azure: defaultFleet().azure, volcengine: { regions: testRegions() } }, transitionMs: LONG_TRANSITION_MS });
    ecs = ecsService(emu);
  });
  after(async () => {
    await emu.stop();
  });

  void test('DescribeRegions pages with MaxResults / NextToken', async () => {
    const first = await get(ecs, 'DescribeRegions', { MaxResults: 2 });
    assert.equal(codeOf(first), undefined);
    assert.deepEqual(first.Result?.Regions, [{ RegionId: 'cn-beijing' }, { RegionId: 'cn-shanghai' }]);
    const second = await get(ecs, 'DescribeRegions', { MaxResults: 2, NextToken: String(first.Result?.NextToken) });
    assert.deepEqual(second.Result, { Regions: [{ RegionId: 'ap-southeast-1' }], NextToken: '' });
    const tooMany: Params = {};
    for (let n = 1; n <= 21; n++) tooMany[`RegionIds.${n}`] = `r${n}`;
    assert.equal(codeOf(await get(ecs, 'DescribeRegions', tooMany)), 'LimitExceeded.MaximumRegionIds');
    assert.equal(codeOf(await get(ecs, 'DescribeRegions', { MaxResults: 50 })), 'InvalidArgument');
  });

  void test('DescribeZones answers for the signing region', async () => {
    assert.deepEqual((await get(ecs, 'DescribeZones')).Result, { Zones: [{ ZoneId: 'cn-beijing-a' }, { ZoneId: 'cn-beijing-b' }] });
    assert.deepEqual((await get(ecsService(emu, 'cn-shanghai'), 'DescribeZones')).Result, { Zones: [{ ZoneId: 'cn-shanghai-a' }] });
  });

  void test('DescribeInstances: paging to the end, TotalCount, filters, envelope', async () => {
    const ids: string[] = [];
    let token = '';
    let pages = 0;
    do {
      const a = await get(ecs, 'DescribeInstances', { MaxResults: 8, ...(token ? { NextToken: token } : {}) });
      assert.equal(codeOf(a), undefined);
      assert.equal(a.ResponseMetadata.Action, 'DescribeInstances');
      assert.equal(a.ResponseMetadata.Region, 'cn-beijing');
      assert.equal(a.Result?.TotalCount, 35);
      ids.push(...((a.Result?.Instances ?? []) as Instance[]).map((i) => i.InstanceId));
      token = typeof a.Result?.NextToken === 'string' ? a.Result.NextToken : '';
      pages++;
    } while (token);
    assert.equal(pages, 5);
    assert.equal(new Set(ids).size, 35);
    const filtered = await get(ecs, 'DescribeInstances', { Status: 'STOPPED', ZoneId: 'cn-beijing-a' });
    assert.deepEqual(((filtered.Result?.Instances ?? []) as Instance[]).map((i) => i.InstanceId), ['i-stopped']);
    assert.equal(codeOf(await get(ecs, 'DescribeInstances', { MaxResults: 101 })), 'InvalidArgument');
  });

  void test('a value with *()! and spaces: the Node SDK wire text verifies (decoded, re-encoded per RFC 3986)', async () => {
    const a = await get(ecs, 'DescribeInstances', { InstanceName: "a b*(x)!'名" });
    assert.equal(codeOf(a), undefined);
    assert.equal(a.Result?.TotalCount, 0);
    const logged = emu.requests.where({ service: 'volc', operation: 'DescribeInstances' }).at(-1);
    assert.equal(logged?.query.InstanceName, "a b*(x)!'名");
  });

  void test('an array in a GET (repeated name, values out of order) verifies as the Node SDK signs it', async () => {
    const a = await get(ecs, 'DescribeInstances', { InstanceName: ['zeta', 'alpha'] });
    assert.equal(codeOf(a), undefined);
  });

  void test('StopInstance: every error of seed 003 a fleet state or input can cause, through the SDK', async () => {
    const cases: [Params, string][] = [
      [{}, 'MissingParameter.InstanceId'],
      [{ InstanceId: 'i-run1', StoppedMode: 'Hibernate' }, 'InvalidStoppedMode.Malformed'],
      [{ InstanceId: 'i-scheduled', StoppedMode: 'StopCharging' }, 'InvalidStoppedModeForScheduledInstance.Unsupported'],
      [{ InstanceId: 'i-ddh' }, 'InvalidDedicatedHostStatus.Unsupported'],
      [{ InstanceId: 'i-run1', ClientToken: 'ü'.repeat(3) }, 'InvalidClientToken.Malformed'],
      [{ InstanceId: 'i-run1', ClientToken: 'x'.repeat(65) }, 'InvalidClientToken.Malformed'],
      [{ InstanceId: 'i-run1', ForceStop: 'sometimes' }, 'InvalidArgument'],
      [{ InstanceId: 'i-stopped' }, 'InvalidInstanceStatus'],
      [{ InstanceId: 'i-nowhere' }, 'InvalidInstance.NotFound'],
      [{ InstanceId: 'i-stopped', StoppedMode: 'StopCharging' }, 'InvalidStoppedMode.Conflict'],
      [{ InstanceId: 'i-locked' }, 'OperationDenied.ResourceLocked'],
      [{ InstanceId: 'i-othersvc' }, 'OperationDenied.ResourceCreatedByOtherService'],
      [{ InstanceId: 'i-image' }, 'OperationDenied.InstanceIsCreatingImage'],
      [{ InstanceId: 'i-baremetal', StoppedMode: 'StopCharging' }, 'InvalidStoppedMode.InstanceTypeMismatch'],
      [{ InstanceId: 'i-prepaid', StoppedMode: 'StopCharging' }, 'InvalidStoppedMode.ChargeTypeMismatch'],
      [{ InstanceId: 'i-run1', DryRun: true, StoppedMode: 'StopCharging' }, 'DryRunOperation'],
    ];
    const statuses: Record<string, number> = {};
    for (const [params, code] of cases) {
      const a = await get(ecs, 'StopInstance', params);
      assert.equal(codeOf(a), code, JSON.stringify(params));
      assert.equal(a.Result, undefined);
      assert.equal(a.ResponseMetadata.Action, 'StopInstance');
      const logged = emu.requests.where({ service: 'volc', operation: 'StopInstance' }).at(-1);
      statuses[code] = logged?.status ?? 0;
    }
    assert.deepEqual(statuses, {
      'MissingParameter.InstanceId': 400, 'InvalidStoppedMode.Malformed': 400, 'InvalidStoppedModeForScheduledInstance.Unsupported': 400,
      'InvalidDedicatedHostStatus.Unsupported': 400, 'InvalidClientToken.Malformed': 400, InvalidArgument: 400, 'InvalidInstanceStatus': 400,
      'InvalidInstance.NotFound': 404, 'InvalidStoppedMode.Conflict': 409, 'OperationDenied.ResourceLocked': 412,
      'OperationDenied.ResourceCreatedByOtherService': 412, 'OperationDenied.InstanceIsCreatingImage': 412,
      'InvalidStoppedMode.InstanceTypeMismatch': 412, 'InvalidStoppedMode.ChargeTypeMismatch': 412, DryRunOperation: 412,
    });
    assert.deepEqual(emu.volcengine.effects(), [], 'refusals and DryRun change nothing');
    assert.equal((await instance('i-run1')).Status, 'RUNNING');
  });

  void test('injected faults: 429 FlowLimitExceeded, 500 Insufficient.InstanceCapacity / InternalError, then the real answer', async () => {
    emu.inject({ kind: 'throttle', service: 'volc', route: /^StopInstance$/ });
    emu.inject({ kind: 'status', service: 'volc', route: /^StopInstance$/, status: 500, code: 'Insufficient.InstanceCapacity', message: 'There is not enough capacity to fulfill your request.' });
    emu.inject({ kind: 'status', service: 'volc', route: /^StopInstance$/, status: 500, code: 'InternalError', message: 'An internal error has occurred.' });
    const codes: (string | undefined)[] = [];
    for (let n = 0; n < 3; n++) codes.push(codeOf(await get(ecs, 'StopInstance', { InstanceId: 'i-run2', DryRun: true })));
    assert.deepEqual(codes, ['FlowLimitExceeded', 'Insufficient.InstanceCapacity', 'InternalError']);
    const statuses = emu.requests.where({ service: 'volc', operation: 'StopInstance' }).slice(-3).map((r) => r.status);
    assert.deepEqual(statuses, [429, 500, 500]);
    assert.equal(codeOf(await get(ecs, 'StopInstance', { InstanceId: 'i-run2', DryRun: true })), 'DryRunOperation');
  });

  void test('StopInstance stops with the requested mode; ClientToken retry is answered without a second effect', async () => {
    const token = 'retry-token-0001';
    const first = await get(ecs, 'StopInstance', { InstanceId: 'i-run2', StoppedMode: 'StopCharging', ForceStop: true, ClientToken: token });
    assert.equal(codeOf(first), undefined);
    assert.deepEqual(first.Result, {});
    const i = await instance('i-run2');
    assert.deepEqual([i.Status, i.StoppedMode], ['STOPPING', 'StopCharging']);
    const retry = await get(ecs, 'StopInstance', { InstanceId: 'i-run2', StoppedMode: 'StopCharging', ForceStop: true, ClientToken: token });
    assert.equal(codeOf(retry), undefined);
    assert.deepEqual(retry.Result, {});
    assert.equal(emu.volcengine.effects('i-run2').length, 1);
    const mismatch = await get(ecs, 'StopInstance', { InstanceId: 'i-run2', StoppedMode: 'KeepCharging', ForceStop: true, ClientToken: token });
    assert.equal(codeOf(mismatch), 'IdempotentParameterMismatch');
    assert.equal(emu.requests.where({ service: 'volc', operation: 'StopInstance' }).at(-1)?.status, 400);
  });

  void test('a twin request while the first is in process → IdempotentProcessing', async () => {
    emu.volcengine.setIdempotencyProcessingMs(LONG_TRANSITION_MS);
    const token = 'twin-token-0001';
    const firstPending = get(ecs, 'StopInstance', { InstanceId: 'i-bulk000', ClientToken: token });
    await waitFor(() => Promise.resolve(emu.volcengine.processingTokens()), (t) => t.includes(token));
    const twin = await get(ecs, 'StopInstance', { InstanceId: 'i-bulk000', ClientToken: token });
    assert.equal(codeOf(twin), 'IdempotentProcessing');
    assert.equal(emu.requests.where({ service: 'volc', operation: 'StopInstance' }).at(-1)?.status, 412);
    emu.volcengine.setIdempotencyProcessingMs(0);
    emu.volcengine.dispose(); // releases the request held in process
    assert.equal(codeOf(await firstPending), undefined);
    assert.equal(emu.volcengine.effects('i-bulk000').length, 1);
  });

  void test('StopInstances (createJSONAPI): per-instance OperationDetails, ≤ 100 ids, ClientToken replay', async () => {
    const body = { InstanceIds: ['i-bulk001', 'i-nowhere', 'i-locked', 'i-bulk002'], ForceStop: false, ClientToken: 'batch-0001' };
    const a = await postJson(ecs, 'StopInstances', body);
    assert.equal(codeOf(a), undefined);
    assert.deepEqual(a.Result, {
      OperationDetails: [
        { InstanceId: 'i-bulk001' },
        { InstanceId: 'i-nowhere', Error: { Code: 'InvalidInstance.NotFound', Message: 'The specified instance does not exist.' } },
        { InstanceId: 'i-locked', Error: { Code: 'OperationDenied.ResourceLocked', Message: 'The specified operation is denied as your resource is locked for another operation.' } },
        { InstanceId: 'i-bulk002' },
      ],
    });
    const logged = emu.requests.where({ service: 'volc', operation: 'StopInstances' }).at(-1);
    assert.equal(logged?.method, 'POST');
    assert.equal(logged?.status, 200);
    const replay = await postJson(ecs, 'StopInstances', body);
    assert.deepEqual(replay.Result, a.Result);
    assert.equal(emu.volcengine.effects('i-bulk001').length + emu.volcengine.effects('i-bulk002').length, 2);
    const ids = Array.from({ length: 101 }, (_, n) => `i-x${n}`);
    assert.equal(codeOf(await postJson(ecs, 'StopInstances', { InstanceIds: ids })), 'LimitExceeded.MaximumInstanceIds');
    assert.equal(codeOf(await postJson(ecs, 'StopInstances', { InstanceIds: [] })), 'MissingParameter.InstanceIds');
    const viaGet = await get(ecs, 'StopInstances', { 'InstanceIds.1': 'i-bulk003', 'InstanceIds.2': 'i-bulk004', StoppedMode: 'StopCharging' });
    assert.deepEqual(viaGet.Result, { OperationDetails: [{ InstanceId: 'i-bulk003' }, { InstanceId: 'i-bulk004' }] });
    assert.equal((await instance('i-bulk004')).StoppedMode, 'StopCharging');
  });

  void test('StartInstance / StartInstances bring stopped instances back', async () => {
    emu.control.volcengine.setStatus('i-bulk010', 'STOPPED');
    emu.control.volcengine.setStatus('i-bulk011', 'STOPPED', 'StopCharging');
    assert.equal(codeOf(await get(ecs, 'StartInstance', { InstanceId: 'i-bulk010' })), undefined);
    assert.equal((await instance('i-bulk010')).Status, 'STARTING');
    const many = await postJson(ecs, 'StartInstances', { InstanceIds: ['i-bulk011', 'i-bulk012'] });
    assert.deepEqual(many.Result, {
      OperationDetails: [
        { InstanceId: 'i-bulk011' },
        { InstanceId: 'i-bulk012', Error: { Code: 'InvalidInstanceStatus', Message: 'The status of the specified instance does not support this request.' } },
      ],
    });
  });

  void test('the SDK signs with the wrong secret → SignatureDoesNotMatch; unknown key → InvalidAccessKey; unknown action/version → InvalidActionOrVersion', async () => {
    const wrongSecret = ecsService(emu, 'cn-beijing', { accessKeyId: emu.credentials.volcengine.accessKeyId, secretKey: 'not-the-secret' });
    const a = await get(wrongSecret, 'DescribeInstances');
    assert.equal(codeOf(a), 'SignatureDoesNotMatch');
    assert.equal(a.ResponseMetadata.Error?.CodeN, 100010);
    const wrongKey = ecsService(emu, 'cn-beijing', { accessKeyId: 'AKLTnobody', secretKey: 'x' });
    assert.equal(codeOf(await get(wrongKey, 'DescribeInstances')), 'InvalidAccessKey');
    const unknown = await get(ecs, 'DescribeEverything');
    assert.deepEqual(unknown.ResponseMetadata.Error, { Code: 'InvalidActionOrVersion', CodeN: 100008, Message: 'Could not find operation DescribeEverything for version 2020-04-01' });
    const oldVersion = await ecs.createAPI('DescribeInstances', { method: 'GET', Version: '2019-01-01' })({});
    assert.equal(codeOf(oldVersion as Answer), 'InvalidActionOrVersion');
    assert.deepEqual(emu.requests.where({ service: 'volc' }).slice(-4).map((r) => r.status), [401, 401, 404, 404]);
    const elsewhere = await get(ecsService(emu, 'cn-nowhere'), 'DescribeInstances');
    assert.equal(codeOf(elsewhere), 'InvalidArgument');
  });

  void test('raw HTTPS, Go SDK style: content-type;host;x-content-sha256;x-date signed and honoured', async () => {
    const { accessKeyId, secretKey } = emu.credentials.volcengine;
    const path = '/?Action=DescribeInstances&InstanceIds.1=i-run1&Version=2020-04-01';
    const xDate = new Date().toISOString().replace(/[-:]|\.\d{3}/g, '');
    const scope = { date: xDate.slice(0, 8), region: 'cn-beijing', service: 'ecs' };
    const headers: Record<string, string> = {
      host: new URL(emu.volcUrl).host,
      'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
      'x-content-sha256': EMPTY_BODY_SHA256,
      'x-date': xDate,
    };
    const signedHeaders = ['content-type', 'host', 'x-content-sha256', 'x-date'];
    const sig = signature(secretKey, scope, stringToSign(xDate, scope, canonicalRequest({
      method: 'GET', path: '/', query: parseQuery(path.slice(2)), headers, signedHeaders, body: '',
    })));
    const authorization = `HMAC-SHA256 Credential=${accessKeyId}/${scope.date}/cn-beijing/ecs/request, SignedHeaders=${signedHeaders.join(';')}, Signature=${sig}`;
    const okRes = await raw(emu, path, { ...headers, Authorization: authorization });
    assert.equal(okRes.status, 200);
    assert.deepEqual(((okRes.json.Result?.Instances ?? []) as Instance[]).map((i) => i.InstanceId), ['i-run1']);
    // A signed header changed in transit no longer verifies.
    const changed = await raw(emu, path, { ...headers, 'content-type': 'application/json', Authorization: authorization });
    assert.equal(changed.status, 401);
    assert.equal(changed.json.ResponseMetadata.Error?.Code, 'SignatureDoesNotMatch');
  });

  void test('raw HTTPS: no Authorization, no Signature, stale X-Date, tampered signature', async () => {
    const path = '/?Action=DescribeInstances&Version=2020-04-01';
    const none = await raw(emu, path, { 'X-Date': '20260101T000000Z' });
    assert.equal(none.status, 401);
    assert.deepEqual(none.json.ResponseMetadata.Error, { Code: 'MissingAuthenticationToken', CodeN: 100003, Message: 'Request is missing Authentication Token.' });
    assert.equal(none.headers['x-top-request-id'], none.json.ResponseMetadata.RequestId);

    const ak = emu.credentials.volcengine.accessKeyId;
    const now = new Date();
    const xDate = now.toISOString().replace(/[-:]|\.\d{3}/g, '');
    const scope = `${xDate.slice(0, 8)}/cn-beijing/ecs/request`;
    const noSig = await raw(emu, path, { 'X-Date': xDate, Authorization: `HMAC-SHA256 Credential=${ak}/${scope}, SignedHeaders=x-date` });
    assert.equal(noSig.status, 401);
    assert.equal(noSig.json.ResponseMetadata.Error?.Code, 'MissingSignature');

    const stale = new Date(now.getTime() - 20 * 60_000).toISOString().replace(/[-:]|\.\d{3}/g, '');
    const staleRes = await raw(emu, path, { 'X-Date': stale, Authorization: `HMAC-SHA256 Credential=${ak}/${stale.slice(0, 8)}/cn-beijing/ecs/request, SignedHeaders=x-date, Signature=${'0'.repeat(64)}` });
    assert.equal(staleRes.status, 400);
    assert.deepEqual(staleRes.json.ResponseMetadata.Error, { Code: 'InvalidTimestamp', CodeN: 100006, Message: 'The signature of the request is expired.' });

    const bad = await raw(emu, path, { 'X-Date': xDate, Authorization: `HMAC-SHA256 Credential=${ak}/${scope}, SignedHeaders=x-date, Signature=${'ab'.repeat(32)}` });
    assert.equal(bad.status, 401);
    assert.equal(bad.json.ResponseMetadata.Error?.Code, 'SignatureDoesNotMatch');
    assert.equal(bad.json.ResponseMetadata.Region, 'cn-beijing');
  });
});

void describe('Volcengine ECS transitions over HTTPS', () => {
  let emu: Emulator;
  let ecs: Service;
  before(async () => {
    emu = await startEmulator({ fleet: { azure: defaultFleet().azure, volcengine: { regions: testRegions() } }, transitionMs: 150 });
    ecs = ecsService(emu);
  });
  after(async () => {
    await emu.stop();
  });

  void test('RUNNING → STOPPING → STOPPED, then StartInstance → RUNNING', async () => {
    const status = async (): Promise<Instance> => ((await get(ecs, 'DescribeInstances', { 'InstanceIds.1': 'i-run1' })).Result?.Instances as Instance[])[0] as Instance;
    assert.equal(codeOf(await postJson(ecs, 'StopInstance', { InstanceId: 'i-run1' })), undefined);
    const seen = new Set<string>();
    const stopped = await waitFor(status, (i) => { seen.add(i.Status); return i.Status === 'STOPPED'; });
    assert.equal(stopped.StoppedMode, 'KeepCharging');
    assert.ok([...seen].every((s) => s === 'STOPPING' || s === 'STOPPED'), `only STOPPING/STOPPED seen: ${[...seen].join(',')}`);
    assert.equal(emu.state().volcengine.regions[0]?.zones[0]?.instances[0]?.status, 'STOPPED');
    assert.equal(codeOf(await get(ecs, 'StartInstance', { InstanceId: 'i-run1' })), undefined);
    const running = await waitFor(status, (i) => i.Status === 'RUNNING');
    assert.equal(running.StoppedMode, '');
    assert.deepEqual(emu.volcengine.effects('i-run1').map((e) => e.action), ['StopInstance', 'StartInstance']);
  });
});
