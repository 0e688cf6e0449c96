import { test, describe, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { stringify } from 'node:querystring';
import { Signer } from '@volcengine/openapi';
import type { EmuRequest, EmuResponse } from '../src/core/types';
import { createVolcSurface, supportsStopCharging, type VolcSurface } from '../src/volcengine/index';
import { testRegions, TEST_CREDENTIALS } from './volcengine-fleet';

const T0 = Date.UTC(2026, 10, 25, 12, 0, 0);
const TRANSITION_MS = 5_000;

interface Call {
  params?: Record<string, string | number | boolean>;
  /** POST with this JSON body (the Node SDK's createJSONAPI). */
  json?: Record<string, unknown>;
  /** POST with this form body. */
  form?: Record<string, string>;
  region?: string;
  accessKeyId?: string;
  secretKey?: string;
  date?: Date;
}

/** A request signed by the real SDK signer, shaped as the core hands it to the surface. */
function request(action: string, call: Call = {}, now = T0, version = '2020-04-01'): EmuRequest {
  const query: Record<string, string> = { Action: action, Version: version };
  for (const [k, v] of Object.entries(call.params ?? {})) query[k] = String(v);
  let body: string | undefined;
  let contentType = 'application/x-www-form-urlencoded';
  if (call.json) { body = JSON.stringify(call.json); contentType = 'application/json; charset=utf-8'; }
  if (call.form) body = new URLSearchParams(call.form).toString();
  const method = body === undefined ? 'GET' : 'POST';
  const signed = { region: call.region ?? 'cn-beijing', method, params: query, pathname: '/', headers: {} as Record<string, string>, body };
  new Signer(signed, 'ecs').addAuthorization(
    { accessKeyId: call.accessKeyId ?? TEST_CREDENTIALS.accessKeyId, secretKey: call.secretKey ?? TEST_CREDENTIALS.secretKey },
    call.date ?? new Date(now),
  );
  const headers: Record<string, string> = { host: '127.0.0.1:9999', 'content-type': contentType };
  for (const [k, v] of Object.entries(signed.headers)) headers[k.toLowerCase()] = v;
  const url = new URL(`https://127.0.0.1:9999/?${stringify(query)}`);
  const rawBody = Buffer.from(body ?? '');
  return { method, url, path: '/', headers, rawBody, body: undefined };
}

interface Envelope {
  ResponseMetadata: { RequestId: string; Action: string; Version: string; Service: string; Region: string; Error?: { Code: string; CodeN?: number; Message: string } };
  Result?: Record<string, unknown>;
}

function env(res: EmuResponse): Envelope {
  return res.json as Envelope;
}

function errorOf(res: EmuResponse): { status: number; code: string | undefined; message: string | undefined } {
  const e = env(res).ResponseMetadata.Error;
  return { status: res.status, code: e?.Code, message: e?.Message };
}

interface Instance { InstanceId: string; Status: string; StoppedMode: string; [k: string]: unknown }

void describe('Volcengine surface handle()', () => {
  let clock = T0;
  let surface: VolcSurface;
  const call = (action: string, c: Call = {}): Promise<EmuResponse> => surface.handle(request(action, c, clock));
  const statusOf = async (id: string): Promise<Instance> => {
    const res = await call('DescribeInstances', { params: { 'InstanceIds.1': id } });
    const list = (env(res).Result?.Instances ?? []) as Instance[];
    assert.equal(list.length, 1, `instance ${id} listed once`);
    return list[0] as Instance;
  };

  beforeEach(() => {
    clock = T0;
    surface = createVolcSurface({ regions: testRegions(), credentials: TEST_CREDENTIALS, transitionMs: TRANSITION_MS, now: () => clock, idempotencyProcessingMs: 0 });
  });
  afterEach(() => surface.dispose());

  void describe('envelope and gateway', () => {
    void test('success envelope: ResponseMetadata, Result, RequestId format, X-Top-Request-Id, operation', async () => {
      const res = await call('DescribeRegions');
      assert.equal(res.status, 200);
      assert.equal(res.operation, 'DescribeRegions');
      const md = env(res).ResponseMetadata;
      assert.deepEqual({ ...md, RequestId: '' }, { RequestId: '', Action: 'DescribeRegions', Version: '2020-04-01', Service: 'ecs', Region: 'cn-beijing' });
      // yyyyMMddHHmmss in Beijing time (UTC+8) then 20 upper-case hex characters.
      assert.match(md.RequestId, /^20261125200000[0-9A-F]{20}$/);
      assert.equal(res.headers?.['X-Top-Request-Id'], md.RequestId);
      assert.equal(md.Error, undefined);
    });

    void test('missing Authorization → 401 MissingAuthenticationToken (100003)', async () => {
      const req = request('DescribeInstances', {}, clock);
      delete req.headers.authorization;
      const res = await surface.handle(req);
      assert.equal(res.status, 401);
      assert.deepEqual(env(res).ResponseMetadata.Error, { Code: 'MissingAuthenticationToken', CodeN: 100003, Message: 'Request is missing Authentication Token.' });
      assert.equal(env(res).Result, undefined);
      assert.equal(res.operation, 'DescribeInstances');
    });

    void test('Authorization without Signature → 401 MissingSignature (100005)', async () => {
      const req = request('DescribeInstances', {}, clock);
      req.headers.authorization = String(req.headers.authorization).replace(/, Signature=[0-9a-f]+/, '');
      const res = await surface.handle(req);
      assert.equal(res.status, 401);
      assert.deepEqual(env(res).ResponseMetadata.Error, { Code: 'MissingSignature', CodeN: 100005, Message: 'The request is missing signature.' });
    });

    void test('unknown access key → 401 InvalidAccessKey (100009)', async () => {
      const res = await call('DescribeInstances', { accessKeyId: 'AKLTunknown' });
      assert.equal(res.status, 401);
      assert.deepEqual(env(res).ResponseMetadata.Error, { Code: 'InvalidAccessKey', CodeN: 100009, Message: 'The accesskey [AKLTunknown] included in the request is invalid.' });
    });

    void test('wrong secret or tampered request → 401 SignatureDoesNotMatch (100010)', async () => {
      const wrong = await call('DescribeInstances', { secretKey: 'not-the-secret' });
      assert.equal(wrong.status, 401);
      assert.equal(env(wrong).ResponseMetadata.Error?.Code, 'SignatureDoesNotMatch');
      assert.equal(env(wrong).ResponseMetadata.Error?.CodeN, 100010);
      const req = request('StopInstances', { json: { InstanceIds: ['i-run1'] } }, clock);
      const tampered = { ...req, rawBody: Buffer.from('{"InstanceIds":["i-run2"]}') };
      const res = await surface.handle(tampered);
      assert.equal(res.status, 401);
      assert.equal(env(res).ResponseMetadata.Error?.Code, 'SignatureDoesNotMatch');
      assert.equal((await statusOf('i-run2')).Status, 'RUNNING', 'a refused request has no effect');
    });

    void test('X-Date more than 15 minutes off → 400 InvalidTimestamp (100006); within 15 minutes accepted', async () => {
      const stale = await call('DescribeRegions', { date: new Date(clock - 16 * 60_000) });
      assert.equal(stale.status, 400);
      assert.deepEqual(env(stale).ResponseMetadata.Error, { Code: 'InvalidTimestamp', CodeN: 100006, Message: 'The signature of the request is expired.' });
      const future = await call('DescribeRegions', { date: new Date(clock + 16 * 60_000) });
      assert.equal(env(future).ResponseMetadata.Error?.Code, 'InvalidTimestamp');
      const skewed = await call('DescribeRegions', { date: new Date(clock - 14 * 60_000) });
      assert.equal(skewed.status, 200);
    });

    void test('missing X-Date → 400 MissingRequestInfo', async () => {
      const req = request('DescribeRegions', {}, clock);
      delete req.headers['x-date'];
      const res = await surface.handle(req);
      assert.equal(res.status, 400);
      assert.equal(env(res).ResponseMetadata.Error?.Code, 'MissingRequestInfo');
    });

    void test('unknown action or version → 404 InvalidActionOrVersion (100008)', async () => {
      const res = await call('RebootEverything');
      assert.equal(res.status, 404);
      assert.deepEqual(env(res).ResponseMetadata.Error, { Code: 'InvalidActionOrVersion', CodeN: 100008, Message: 'Could not find operation RebootEverything for version 2020-04-01' });
      const old = await surface.handle(request('DescribeInstances', {}, clock, '2018-01-01'));
      assert.equal(old.status, 404);
      assert.equal(env(old).ResponseMetadata.Error?.Message, 'Could not find operation DescribeInstances for version 2018-01-01');
      assert.equal(env(old).ResponseMetadata.Version, '2018-01-01');
    });

    void test('a region outside the fleet → 400 InvalidArgument; DescribeRegions answers from any region', async () => {
      const res = await call('DescribeInstances', { region: 'cn-nowhere' });
      assert.equal(res.status, 400);
      assert.equal(env(res).ResponseMetadata.Error?.Code, 'InvalidArgument');
      assert.equal(env(res).ResponseMetadata.Region, 'cn-nowhere');
      assert.equal((await call('DescribeRegions', { region: 'cn-north-1' })).status, 200);
    });

    void test('a credential scope for another service → 404 ServiceNotFound', async () => {
      const req = request('DescribeInstances', {}, clock);
      req.headers.authorization = String(req.headers.authorization).replace('/ecs/request', '/vpc/request');
      const res = await surface.handle(req);
      assert.equal(res.status, 404);
      assert.equal(env(res).ResponseMetadata.Error?.Code, 'ServiceNotFound');
    });

    void test('errorResponse builds the envelope for injected faults', () => {
      const req = request('StopInstance', {}, clock);
      const res = surface.errorResponse('StopInstance', 429, 'FlowLimitExceeded', "You've reach the limit on request rate of resources.", req);
      assert.equal(res.status, 429);
      assert.equal(res.operation, 'StopInstance');
      const md = env(res).ResponseMetadata;
      assert.equal(md.Region, 'cn-beijing');
      assert.deepEqual(md.Error, { Code: 'FlowLimitExceeded', Message: "You've reach the limit on request rate of resources." });
      assert.equal(res.headers?.['X-Top-Request-Id'], md.RequestId);
      const internal = surface.errorResponse('StopInstance', 500, 'InternalError', 'An internal error has occurred.');
      assert.equal(internal.status, 500);
      assert.equal(env(internal).ResponseMetadata.Error?.Code, 'InternalError');
    });
  });

  void describe('DescribeRegions / DescribeZones', () => {
    void test('regions, RegionIds filter, paging with MaxResults and NextToken', async () => {
      const all = env(await call('DescribeRegions')).Result;
      assert.deepEqual(all, { Regions: [{ RegionId: 'cn-beijing' }, { RegionId: 'cn-shanghai' }, { RegionId: 'ap-southeast-1' }], NextToken: '' });
      const first = env(await call('DescribeRegions', { params: { MaxResults: 2 } })).Result;
      assert.deepEqual(first?.Regions, [{ RegionId: 'cn-beijing' }, { RegionId: 'cn-shanghai' }]);
      assert.ok(typeof first?.NextToken === 'string' && first.NextToken.length > 0);
      const second = env(await call('DescribeRegions', { params: { MaxResults: 2, NextToken: first.NextToken } })).Result;
      assert.deepEqual(second, { Regions: [{ RegionId: 'ap-southeast-1' }], NextToken: '' });
      const filtered = env(await call('DescribeRegions', { params: { 'RegionIds.1': 'cn-shanghai', 'RegionIds.2': 'eu-none' } })).Result;
      assert.deepEqual(filtered?.Regions, [{ RegionId: 'cn-shanghai' }]);
    });

    void test('more than 20 RegionIds → LimitExceeded.MaximumRegionIds; MaxResults outside 1..20 → InvalidArgument', async () => {
      const params: Record<string, string> = {};
      for (let n = 1; n <= 21; n++) params[`RegionIds.${n}`] = `r-${n}`;
      const tooMany = await call('DescribeRegions', { params });
      assert.deepEqual(errorOf(tooMany), { status: 400, code: 'LimitExceeded.MaximumRegionIds', message: 'The number of specified RegionIds exceeds the maximum limit.' });
      for (const bad of ['21', '0', 'ten']) {
        const res = await call('DescribeRegions', { params: { MaxResults: bad } });
        assert.deepEqual(errorOf(res), { status: 400, code: 'InvalidArgument', message: 'The specified argument is invalid.' }, `MaxResults=${bad}`);
      }
    });

    void test('zones of the signing region, ZoneIds filter', async () => {
      assert.deepEqual(env(await call('DescribeZones')).Result, { Zones: [{ ZoneId: 'cn-beijing-a' }, { ZoneId: 'cn-beijing-b' }] });
      assert.deepEqual(env(await call('DescribeZones', { region: 'ap-southeast-1' })).Result, { Zones: [{ ZoneId: 'ap-southeast-1a' }] });
      assert.deepEqual(env(await call('DescribeZones', { params: { 'ZoneIds.1': 'cn-beijing-b' } })).Result, { Zones: [{ ZoneId: 'cn-beijing-b' }] });
    });
  });

  void describe('DescribeInstances', () => {
    void test('fields of an instance', async () => {
      const i = await statusOf('i-run1');
      assert.equal(i.InstanceName, 'vm-run1');
      assert.equal(i.Status, 'RUNNING');
      assert.equal(i.StoppedMode, '');
      assert.equal(i.InstanceTypeId, 'ecs.g3i.large');
      assert.equal(i.ZoneId, 'cn-beijing-a');
      assert.equal(i.Cpus, 4);
      assert.equal(i.MemorySize, 16384);
      assert.equal(i.OsName, 'Debian 12 64 bit');
      assert.equal(i.InstanceChargeType, 'PostPaid');
      assert.match(String(i.CreatedAt), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);
      assert.match(String(i.VpcId), /^vpc-/);
      const nics = i.NetworkInterfaces as { PrimaryIpAddress: string; VpcId: string }[];
      assert.equal(nics[0]?.PrimaryIpAddress, '10.0.0.11');
      assert.equal(nics[0]?.VpcId, i.VpcId);
      const stopped = await statusOf('i-stopped');
      assert.equal(stopped.Status, 'STOPPED');
      assert.equal(stopped.StoppedMode, 'KeepCharging');
      const derived = await statusOf('i-baremetal');
      assert.equal(derived.Cpus, 128);
    });

    void test('default page of 10, NextToken paging, TotalCount over the whole match', async () => {
      const seen: string[] = [];
      let token: string | undefined;
      let pages = 0;
      do {
        const params: Record<string, string> = token ? { NextToken: token } : {};
        const r = env(await call('DescribeInstances', { params })).Result as { Instances: Instance[]; NextToken: string; TotalCount: number };
        assert.equal(r.TotalCount, 35);
        assert.ok(r.Instances.length <= 10);
        seen.push(...r.Instances.map((i) => i.InstanceId));
        token = r.NextToken || undefined;
        pages++;
      } while (token);
      assert.equal(pages, 4);
      assert.equal(new Set(seen).size, 35);
      const big = env(await call('DescribeInstances', { params: { MaxResults: 100 } })).Result as { Instances: Instance[]; NextToken: string };
      assert.equal(big.Instances.length, 35);
      assert.equal(big.NextToken, '');
    });

    void test('filters: InstanceIds.N, Status, ZoneId, InstanceName; only the signing region', async () => {
      const ids = (r: EmuResponse): string[] => ((env(r).Result?.Instances ?? []) as Instance[]).map((i) => i.InstanceId);
      assert.deepEqual(ids(await call('DescribeInstances', { params: { 'InstanceIds.1': 'i-run2', 'InstanceIds.2': 'i-stopped', 'InstanceIds.3': 'i-sh1' } })), ['i-run2', 'i-stopped']);
      assert.deepEqual(ids(await call('DescribeInstances', { params: { Status: 'STOPPED' } })), ['i-stopped']);
      const zoneA = await call('DescribeInstances', { params: { ZoneId: 'cn-beijing-a', MaxResults: 100 } });
      assert.equal(env(zoneA).Result?.TotalCount, 10);
      assert.equal(env(await call('DescribeInstances', { params: { InstanceName: 'bulk' } })).Result?.TotalCount, 25);
      assert.deepEqual(ids(await call('DescribeInstances', { region: 'cn-shanghai' })), ['i-sh1']);
    });

    void test('MaxResults outside 1..100 or a foreign NextToken → InvalidArgument', async () => {
      for (const bad of ['101', '0', '-1', '1.5']) {
        assert.deepEqual(errorOf(await call('DescribeInstances', { params: { MaxResults: bad } })), { status: 400, code: 'InvalidArgument', message: 'The specified argument is invalid.' });
      }
      assert.equal(errorOf(await call('DescribeInstances', { params: { NextToken: 'garbage' } })).code, 'InvalidArgument');
    });
  });

  void describe('StopInstance', () => {
    void test('RUNNING → STOPPING → STOPPED over transitionMs, KeepCharging by default, one effect', async () => {
      const res = await call('StopInstance', { params: { InstanceId: 'i-run1' } });
      assert.equal(res.status, 200);
      assert.deepEqual(env(res).Result, {});
      assert.equal(env(res).ResponseMetadata.Action, 'StopInstance');
      let i = await statusOf('i-run1');
      assert.equal(i.Status, 'STOPPING');
      assert.equal(i.StoppedMode, 'KeepCharging');
      clock += TRANSITION_MS;
      i = await statusOf('i-run1');
      assert.equal(i.Status, 'STOPPED');
      assert.equal(i.StoppedMode, 'KeepCharging');
      assert.equal(surface.effects('i-run1').length, 1);
      const inst = surface.snapshot()[0]?.zones[0]?.instances.find((x) => x.instanceId === 'i-run1');
      assert.equal(inst?.status, 'STOPPED');
      assert.equal(inst?.stoppedMode, 'KeepCharging');
    });

    void test('StopCharging recorded for a PostPaid instance; ForceStop accepted and recorded', async () => {
      const res = await call('StopInstance', { params: { InstanceId: 'i-run2', StoppedMode: 'StopCharging', ForceStop: true } });
      assert.equal(res.status, 200);
      assert.equal((await statusOf('i-run2')).StoppedMode, 'StopCharging');
      assert.deepEqual(surface.effects('i-run2').map((e) => [e.action, e.forceStop, e.stoppedMode]), [['StopInstance', true, 'StopCharging']]);
    });

    void test('every input error of the seed 003 table, with status and message', async () => {
      const cases: [Record<string, string | number | boolean>, number, string, string][] = [
        [{}, 400, 'MissingParameter.InstanceId', 'The required parameter InstanceId is not supplied.'],
        [{ InstanceId: '' }, 400, 'MissingParameter.InstanceId', 'The required parameter InstanceId is not supplied.'],
        [{ InstanceId: 'i-run1', StoppedMode: 'Sleep' }, 400, 'InvalidStoppedMode.Malformed', 'The specified StoppedMode is malformed.'],
        [{ InstanceId: 'i-run1', ClientToken: 'x'.repeat(65) }, 400, 'InvalidClientToken.Malformed', 'The specified ClientToken is malformed.'],
        [{ InstanceId: 'i-run1', ClientToken: 'token-令牌' }, 400, 'InvalidClientToken.Malformed', 'The specified ClientToken is malformed.'],
        [{ InstanceId: 'i-run1', ForceStop: 'yes' }, 400, 'InvalidArgument', 'The specified argument is invalid.'],
        [{ InstanceId: 'i-run1', DryRun: 'maybe' }, 400, 'InvalidArgument', 'The specified argument is invalid.'],
        [{ InstanceId: 'i-missing' }, 404, 'InvalidInstance.NotFound', 'The specified instance does not exist.'],
        [{ InstanceId: 'i-sh1' }, 404, 'InvalidInstance.NotFound', 'The specified instance does not exist.'],
        [{ InstanceId: 'i-stopped' }, 400, 'InvalidInstanceStatus', 'The status of the specified instance does not support this request.'],
        [{ InstanceId: 'i-stopped', StoppedMode: 'StopCharging' }, 409, 'InvalidStoppedMode.Conflict', 'The specified StoppedMode conflicts with instance status.'],
        [{ InstanceId: 'i-locked' }, 412, 'OperationDenied.ResourceLocked', 'The specified operation is denied as your resource is locked for another operation.'],
        [{ InstanceId: 'i-othersvc' }, 412, 'OperationDenied.ResourceCreatedByOtherService', 'The specified operation is denied as your resource is created by other service. You can check system tags to find the service.'],
        [{ InstanceId: 'i-image' }, 412, 'OperationDenied.InstanceIsCreatingImage', 'The specified operation is denied as your instance is creating image.'],
        [{ InstanceId: 'i-ddh' }, 400, 'InvalidDedicatedHostStatus.Unsupported', 'The status of the specified dedicated host does not support this request.'],
        [{ InstanceId: 'i-scheduled', StoppedMode: 'StopCharging' }, 400, 'InvalidStoppedModeForScheduledInstance.Unsupported', 'The specified scheduled instance does not support stop charging.'],
        [{ InstanceId: 'i-baremetal', StoppedMode: 'StopCharging' }, 412, 'InvalidStoppedMode.InstanceTypeMismatch', "The specified StopCharging mismatch instance's InstanceType."],
        [{ InstanceId: 'i-prepaid', StoppedMode: 'StopCharging' }, 412, 'InvalidStoppedMode.ChargeTypeMismatch', "The specified StopCharging mismatch instance's ChargeType."],
        [{ InstanceId: 'i-run1', DryRun: true }, 412, 'DryRunOperation', 'Your request has been validated by the DryRunOperation.'],
      ];
      for (const [params, status, code, message] of cases) {
        const res = await call('StopInstance', { params });
        assert.deepEqual(errorOf(res), { status, code, message }, JSON.stringify(params));
        assert.equal(env(res).Result, undefined);
      }
      assert.deepEqual(surface.effects(), [], 'no refused or dry-run request changed anything');
      assert.equal((await statusOf('i-run1')).Status, 'RUNNING');
    });

    void test('the KeepCharging stop of the flagged-but-eligible instances succeeds', async () => {
      for (const id of ['i-scheduled', 'i-baremetal', 'i-prepaid']) {
        const res = await call('StopInstance', { params: { InstanceId: id } });
        assert.equal(res.status, 200, id);
      }
      assert.equal(surface.effects().length, 3);
    });

    void test('StopCharging eligibility by instance family: bare metal, HPC and local-disk families refuse it', () => {
      for (const t of ['ecs.ebmg2t.32xlarge', 'ecs.hpcpni2.28xlarge', 'ecs.i2.xlarge', 'ecs.d1.2xlarge']) assert.equal(supportsStopCharging(t), false, t);
      for (const t of ['ecs.g3i.large', 'ecs.c3il.xlarge', 'ecs.r3i.2xlarge']) assert.equal(supportsStopCharging(t), true, t);
    });

    void test('DryRun reports the real refusal when a check fails', async () => {
      const res = await call('StopInstance', { params: { InstanceId: 'i-prepaid', StoppedMode: 'StopCharging', DryRun: true } });
      assert.equal(errorOf(res).code, 'InvalidStoppedMode.ChargeTypeMismatch');
    });

    void test('POST JSON and POST form bodies carry the parameters', async () => {
      const json = await call('StopInstance', { json: { InstanceId: 'i-run1', ForceStop: false, StoppedMode: 'KeepCharging' } });
      assert.equal(json.status, 200);
      const form = await call('StopInstance', { form: { InstanceId: 'i-run2' } });
      assert.equal(form.status, 200);
      assert.deepEqual(surface.effects().map((e) => e.instanceId), ['i-run1', 'i-run2']);
    });
  });

  void describe('ClientToken idempotency', () => {
    void test('same token and parameters → same answer, one effect; other parameters → IdempotentParameterMismatch', async () => {
      const first = await call('StopInstance', { params: { InstanceId: 'i-run1', ClientToken: 'tok-1' } });
      clock += TRANSITION_MS;
      const again = await call('StopInstance', { params: { InstanceId: 'i-run1', ClientToken: 'tok-1' } });
      assert.equal(first.status, 200);
      assert.equal(again.status, 200, 'a retry of a stop that happened is not InvalidInstanceStatus');
      assert.deepEqual(env(again).Result, env(first).Result);
      assert.equal(surface.effects('i-run1').length, 1);
      const other = await call('StopInstance', { params: { InstanceId: 'i-run2', ClientToken: 'tok-1' } });
      assert.deepEqual(errorOf(other), {
        status: 400, code: 'IdempotentParameterMismatch',
        message: 'The request uses the same client token as a previous, but non-identical request. Do not reuse a client token with different requests, unless the requests are identical.',
      });
      const forced = await call('StopInstance', { params: { InstanceId: 'i-run1', ClientToken: 'tok-1', ForceStop: true } });
      assert.equal(errorOf(forced).code, 'IdempotentParameterMismatch');
      assert.equal(surface.effects('i-run2').length, 0);
    });

    void test('a refused request does not consume its token', async () => {
      const refused = await call('StopInstance', { params: { InstanceId: 'i-stopped', ClientToken: 'tok-2' } });
      assert.equal(errorOf(refused).code, 'InvalidInstanceStatus');
      surface.setStatus('i-stopped', 'RUNNING');
      const ok = await call('StopInstance', { params: { InstanceId: 'i-stopped', ClientToken: 'tok-2' } });
      assert.equal(ok.status, 200);
    });

    void test('a twin arriving while the first is in process → 412 IdempotentProcessing', async () => {
      surface.setIdempotencyProcessingMs(60_000);
      const firstPending = call('StopInstance', { params: { InstanceId: 'i-run1', ClientToken: 'tok-3' } });
      assert.deepEqual(surface.processingTokens(), ['tok-3']);
      const twin = await call('StopInstance', { params: { InstanceId: 'i-run1', ClientToken: 'tok-3' } });
      assert.deepEqual(errorOf(twin), { status: 412, code: 'IdempotentProcessing', message: 'The request uses the same client token as a previous one that is still in process.' });
      surface.dispose(); // ends the processing window
      const first = await firstPending;
      assert.equal(first.status, 200);
      assert.deepEqual(surface.processingTokens(), []);
      assert.equal(surface.effects('i-run1').length, 1);
    });

    void test('StopInstances replays its OperationDetails without a second effect', async () => {
      const params = { 'InstanceIds.1': 'i-run1', 'InstanceIds.2': 'i-missing', ClientToken: 'tok-4' };
      const first = await call('StopInstances', { params });
      const again = await call('StopInstances', { params });
      assert.deepEqual(env(again).Result, env(first).Result);
      assert.equal(surface.effects().length, 1);
    });
  });

  void describe('StopInstances / StartInstance(s)', () => {
    void test('per-instance OperationDetails with errors, HTTP 200', async () => {
      const res = await call('StopInstances', { json: { InstanceIds: ['i-run1', 'i-missing', 'i-stopped', 'i-locked', 'i-run2'], ForceStop: true } });
      assert.equal(res.status, 200);
      assert.deepEqual(env(res).Result, {
        OperationDetails: [
          { InstanceId: 'i-run1' },
          { InstanceId: 'i-missing', Error: { Code: 'InvalidInstance.NotFound', Message: 'The specified instance does not exist.' } },
          { InstanceId: 'i-stopped', Error: { Code: 'InvalidInstanceStatus', Message: 'The status of the specified instance does not support this request.' } },
          { InstanceId: 'i-locked', Error: { Code: 'OperationDenied.ResourceLocked', Message: 'The specified operation is denied as your resource is locked for another operation.' } },
          { InstanceId: 'i-run2' },
        ],
      });
      assert.deepEqual(surface.effects().map((e) => [e.instanceId, e.forceStop]), [['i-run1', true], ['i-run2', true]]);
    });

    void test('StopCharging per-instance refusals', async () => {
      const res = await call('StopInstances', { params: { 'InstanceIds.1': 'i-prepaid', 'InstanceIds.2': 'i-baremetal', 'InstanceIds.3': 'i-run1', StoppedMode: 'StopCharging' } });
      const details = env(res).Result?.OperationDetails as { InstanceId: string; Error?: { Code: string } }[];
      assert.deepEqual(details.map((d) => d.Error?.Code ?? 'ok'), ['InvalidStoppedMode.ChargeTypeMismatch', 'InvalidStoppedMode.InstanceTypeMismatch', 'ok']);
    });

    void test('no ids → MissingParameter.InstanceIds; more than 100 → LimitExceeded.MaximumInstanceIds; request-level input errors', async () => {
      assert.equal(errorOf(await call('StopInstances')).code, 'MissingParameter.InstanceIds');
      const ids = Array.from({ length: 101 }, (_, n) => `i-bulk${String(n).padStart(3, '0')}`);
      const tooMany = await call('StopInstances', { json: { InstanceIds: ids } });
      assert.deepEqual(errorOf(tooMany), { status: 400, code: 'LimitExceeded.MaximumInstanceIds', message: 'The number of specified InstanceIds exceeds the maximum limit.' });
      const hundred = await call('StopInstances', { json: { InstanceIds: ids.slice(0, 100) } });
      assert.equal(hundred.status, 200);
      assert.equal(surface.effects().length, 25);
      assert.equal(errorOf(await call('StopInstances', { json: { InstanceIds: ['i-run1'], StoppedMode: 'x' } })).code, 'InvalidStoppedMode.Malformed');
      assert.equal(errorOf(await call('StopInstances', { json: { InstanceIds: ['i-run1'], ForceStop: 'often' } })).code, 'InvalidArgument');
    });

    void test('StartInstance: STOPPED → STARTING → RUNNING; a running instance → InvalidInstanceStatus', async () => {
      const res = await call('StartInstance', { params: { InstanceId: 'i-stopped' } });
      assert.equal(res.status, 200);
      assert.equal((await statusOf('i-stopped')).Status, 'STARTING');
      clock += TRANSITION_MS;
      const i = await statusOf('i-stopped');
      assert.equal(i.Status, 'RUNNING');
      assert.equal(i.StoppedMode, '');
      assert.equal(errorOf(await call('StartInstance', { params: { InstanceId: 'i-run1' } })).code, 'InvalidInstanceStatus');
      assert.equal(errorOf(await call('StartInstance', {})).code, 'MissingParameter.InstanceId');
      assert.equal(errorOf(await call('StartInstance', { params: { InstanceId: 'i-run1', DryRun: true } })).code, 'InvalidInstanceStatus');
    });

    void test('StartInstances resets a stopped set', async () => {
      await call('StopInstances', { json: { InstanceIds: ['i-run1', 'i-run2'] } });
      clock += TRANSITION_MS;
      const res = await call('StartInstances', { json: { InstanceIds: ['i-run1', 'i-run2', 'i-sh1'] } });
      const details = env(res).Result?.OperationDetails as { InstanceId: string; Error?: { Code: string } }[];
      assert.deepEqual(details.map((d) => d.Error?.Code ?? 'ok'), ['ok', 'ok', 'InvalidInstance.NotFound']);
      clock += TRANSITION_MS;
      assert.equal((await statusOf('i-run1')).Status, 'RUNNING');
      assert.equal((await statusOf('i-run2')).Status, 'RUNNING');
    });

    void test('setStatus puts an instance in a status without an effect', async () => {
      surface.setStatus('i-run1', 'STOPPED', 'StopCharging');
      const i = await statusOf('i-run1');
      assert.equal(i.Status, 'STOPPED');
      assert.equal(i.StoppedMode, 'StopCharging');
      assert.deepEqual(surface.effects(), []);
      assert.throws(() => surface.setStatus('i-nope', 'RUNNING'));
    });
  });

  void describe('StartInstance after an economical stop', () => {
    void test('out of stock: Insufficient.InstanceCapacity (500) for the start and for its DryRun; nothing changes', async () => {
      surface.setStatus('i-run2', 'STOPPED', 'StopCharging');
      surface.setOutOfStock('i-run2', true);
      const refused = await call('StartInstance', { params: { InstanceId: 'i-run2', ClientToken: 'tok-stock' } });
      assert.deepEqual(errorOf(refused), { status: 500, code: 'Insufficient.InstanceCapacity', message: 'There is not enough capacity to fulfill your request.' });
      assert.equal(errorOf(await call('StartInstance', { params: { InstanceId: 'i-run2', DryRun: true } })).code, 'Insufficient.InstanceCapacity', 'DryRun checks stock');
      assert.equal((await statusOf('i-run2')).Status, 'STOPPED');
      assert.deepEqual(surface.effects(), []);

      const batch = await call('StartInstances', { json: { InstanceIds: ['i-run2', 'i-stopped'] } });
      assert.equal(batch.status, 200);
      const details = env(batch).Result?.OperationDetails as { InstanceId: string; Error?: { Code: string } }[];
      assert.deepEqual(details.map((d) => d.Error?.Code ?? 'ok'), ['Insufficient.InstanceCapacity', 'ok']);

      surface.setOutOfStock('i-run2', false);
      assert.equal((await call('StartInstance', { params: { InstanceId: 'i-run2', ClientToken: 'tok-stock' } })).status, 200, 'a refused request did not use up its token');
      assert.throws(() => surface.setOutOfStock('i-nope', true));
    });

    void test('a KeepCharging instance kept its resources: no stock is needed to start it', async () => {
      surface.setOutOfStock('i-stopped', true);
      assert.equal((await call('StartInstance', { params: { InstanceId: 'i-stopped' } })).status, 200);
    });
  });

  void describe('RebootInstance(s)', () => {
    void test('RUNNING → REBOOTING → RUNNING with ForceStop recorded; a stopped instance → InvalidInstanceStatus; DryRun changes nothing', async () => {
      assert.equal(errorOf(await call('RebootInstance', { params: { InstanceId: 'i-run1', DryRun: true } })).code, 'DryRunOperation');
      assert.deepEqual(surface.effects(), []);
      const res = await call('RebootInstance', { params: { InstanceId: 'i-run1', ForceStop: true, ClientToken: 'tok-reboot' } });
      assert.equal(res.status, 200);
      assert.equal((await statusOf('i-run1')).Status, 'REBOOTING');
      clock += TRANSITION_MS;
      assert.equal((await statusOf('i-run1')).Status, 'RUNNING');
      assert.deepEqual(surface.effects().map((e) => [e.action, e.instanceId, e.forceStop]), [['RebootInstance', 'i-run1', true]]);
      assert.equal(errorOf(await call('RebootInstance', { params: { InstanceId: 'i-stopped' } })).code, 'InvalidInstanceStatus');
      assert.equal(errorOf(await call('RebootInstance', { params: { InstanceId: 'i-run1', ForceStop: 'hard' } })).code, 'InvalidArgument');
      assert.equal(errorOf(await call('RebootInstance', {})).code, 'MissingParameter.InstanceId');
      assert.equal(errorOf(await call('RebootInstance', { params: { InstanceId: 'i-locked' } })).code, 'OperationDenied.ResourceLocked');
    });

    void test('bare metal is force-stopped whatever ForceStop says', async () => {
      await call('RebootInstance', { params: { InstanceId: 'i-baremetal', ForceStop: false } });
      assert.deepEqual(surface.effects().map((e) => [e.instanceId, e.forceStop]), [['i-baremetal', true]]);
    });

    void test('RebootInstances: per-instance OperationDetails; the same ClientToken again acts once', async () => {
      const params = { 'InstanceIds.1': 'i-run1', 'InstanceIds.2': 'i-stopped', 'InstanceIds.3': 'i-missing', ClientToken: 'tok-reboots' };
      const first = await call('RebootInstances', { params });
      const details = env(first).Result?.OperationDetails as { InstanceId: string; Error?: { Code: string } }[];
      assert.deepEqual(details.map((d) => d.Error?.Code ?? 'ok'), ['ok', 'InvalidInstanceStatus', 'InvalidInstance.NotFound']);
      const again = await call('RebootInstances', { params });
      assert.deepEqual(env(again).Result, env(first).Result);
      assert.equal(surface.effects().length, 1);
      assert.equal(errorOf(await call('RebootInstances', { params: { ...params, ForceStop: true } })).code, 'IdempotentParameterMismatch');
    });
  });
});
