import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  resolveVolcengineCredentials, describeSource, normalizeStoredCredentials, VolcengineCredentialsError,
  mapEcsStatus, isValidInstanceId, classifyVolcengineCode, VOLCENGINE_ERROR_CODES, STOP_INSTANCE_ERROR_CODES, VolcengineError,
  planPowerCalls, POWER_ACTIONS,
} from '../../src/cloud/volcengine';
import {
  parseVolcengineEndpoint, VolcengineConfigError, isValidRegionId, KNOWN_VOLCENGINE_REGIONS, knownRegion,
  newClientToken, validateClientToken, deriveClientToken, ClientTokenError,
} from '../../src/fleet';
import type { EcsStatus, StopInstanceOptions } from '../../src/fleet/model';

const AK = 'AKLTunitCANARYaccess0001';
const SK = 'SKunitCANARYsecret0001==';

void describe('volcengine credentials', () => {
  let home: string;
  let emptyHome: string;

  before(async () => {
    home = await mkdtemp(join(tmpdir(), 'fp-volc-home-'));
    emptyHome = await mkdtemp(join(tmpdir(), 'fp-volc-empty-'));
    await mkdir(join(home, '.volcengine'));
    await writeFile(join(home, '.volcengine', 'config.json'), JSON.stringify({
      current: 'work',
      profiles: {
        default: { name: 'default', mode: 'ak', 'access-key': 'AKdefault', 'secret-key': 'SKdefault' },
        work: { name: 'work', mode: 'ak', 'access-key': ' AKLTprofile0001\n', 'secret-key': 'SKprofile0001', 'session-token': 'STSprofile', region: 'cn-beijing' },
      },
    }));
  });
  after(async () => {
    await rm(home, { recursive: true, force: true });
    await rm(emptyHome, { recursive: true, force: true });
  });

  void test('order: secret storage, VOLCENGINE_*, VOLC_*, ve profile', async () => {
    const env = { VOLCENGINE_ACCESS_KEY: 'AKenv1', VOLCENGINE_SECRET_KEY: 'SKenv1', VOLC_ACCESSKEY: 'AKenv2', VOLC_SECRETKEY: 'SKenv2' };
    const a = await resolveVolcengineCredentials({ stored: { accessKeyId: AK, secretKey: SK }, env, homeDir: home });
    assert.equal(a?.source, 'secretStorage');
    assert.equal(a?.accessKeyId, AK);
    const b = await resolveVolcengineCredentials({ env, homeDir: home });
    assert.equal(b?.source, 'VOLCENGINE_ACCESS_KEY');
    assert.equal(b?.accessKeyId, 'AKenv1');
    const c = await resolveVolcengineCredentials({ env: { VOLC_ACCESSKEY: 'AKenv2', VOLC_SECRETKEY: 'SKenv2' }, homeDir: home });
    assert.equal(c?.source, 'VOLC_ACCESSKEY');
    assert.equal(c?.secretKey, 'SKenv2');
    const d = await resolveVolcengineCredentials({ env: {}, homeDir: home });
    assert.equal(d?.source, 'veProfile');
    assert.equal(d?.profile, 'work');
    assert.equal(d?.accessKeyId, 'AKLTprofile0001', 'the profile value is trimmed');
    assert.equal(d?.sessionToken, 'STSprofile');
    assert.equal(await resolveVolcengineCredentials({ env: {}, homeDir: emptyHome }), undefined);
  });

  void test('VOLCENGINE_SESSION_TOKEN is read with the VOLCENGINE_* pair', async () => {
    const r = await resolveVolcengineCredentials({ env: { VOLCENGINE_ACCESS_KEY: 'AKx', VOLCENGINE_SECRET_KEY: 'SKx', VOLCENGINE_SESSION_TOKEN: ' tok \n' }, homeDir: emptyHome });
    assert.equal(r?.sessionToken, 'tok');
  });

  void test('a trailing newline is trimmed; blank values count as not configured', async () => {
    const r = await resolveVolcengineCredentials({ stored: { accessKeyId: `${AK}\n`, secretKey: `  ${SK}\r\n` }, env: {}, homeDir: emptyHome });
    assert.deepEqual([r?.accessKeyId, r?.secretKey], [AK, SK]);
    const blank = await resolveVolcengineCredentials({ stored: { accessKeyId: '  ', secretKey: '\n' }, env: { VOLC_ACCESSKEY: 'AKv', VOLC_SECRETKEY: 'SKv' }, homeDir: emptyHome });
    assert.equal(blank?.source, 'VOLC_ACCESSKEY');
  });

  void test('half a pair or inner whitespace is refused without echoing the secret', async () => {
    await assert.rejects(
      resolveVolcengineCredentials({ env: { VOLCENGINE_ACCESS_KEY: AK, VOLCENGINE_SECRET_KEY: '   ' }, homeDir: emptyHome }),
      (e: unknown) => e instanceof VolcengineCredentialsError && e.problem === 'incomplete' && e.field === 'secretKey' && !e.message.includes(AK),
    );
    await assert.rejects(
      resolveVolcengineCredentials({ stored: { accessKeyId: AK, secretKey: `${SK} extra` }, env: {}, homeDir: emptyHome }),
      (e: unknown) => e instanceof VolcengineCredentialsError && e.problem === 'invalidCharacters' && !e.message.includes(SK) && !e.message.includes(AK),
    );
    assert.throws(() => normalizeStoredCredentials('', SK), (e: unknown) => e instanceof VolcengineCredentialsError && !e.message.includes(SK));
    assert.deepEqual(normalizeStoredCredentials(` ${AK}\n`, `${SK}\n`), { accessKeyId: AK, secretKey: SK });
  });

  void test('ve profiles in SSO mode are skipped; an unreadable file is an error', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fp-volc-sso-'));
    try {
      await mkdir(join(dir, '.volcengine'));
      const file = join(dir, '.volcengine', 'config.json');
      await writeFile(file, JSON.stringify({ current: 'sso', profiles: { sso: { mode: 'sso', 'sso-session-name': 'x' } } }));
      assert.equal(await resolveVolcengineCredentials({ env: {}, homeDir: dir }), undefined);
      await writeFile(file, '{ not json');
      await assert.rejects(resolveVolcengineCredentials({ env: {}, homeDir: dir }), (e: unknown) => e instanceof VolcengineCredentialsError && e.problem === 'unreadableProfile');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  void test('describeSource names the source and never contains the secret or the full key id', async () => {
    const r = await resolveVolcengineCredentials({ stored: { accessKeyId: AK, secretKey: SK }, env: {}, homeDir: emptyHome });
    assert.ok(r);
    const text = describeSource(r);
    assert.match(text, /Secret Storage/);
    assert.ok(!text.includes(SK) && !text.includes(AK));
    assert.ok(text.endsWith(`${AK.slice(-4)})`));
    const p = await resolveVolcengineCredentials({ env: {}, homeDir: home });
    assert.ok(p);
    const ptext = describeSource(p);
    assert.match(ptext, /ve CLI profile "work"/);
    assert.ok(!ptext.includes('SKprofile0001') && !ptext.includes('STSprofile'));
  });
});

void describe('volcengine endpoint and regions', () => {
  void test('defaults to https://open.volcengineapi.com', () => {
    assert.deepEqual(parseVolcengineEndpoint(undefined), { protocol: 'https:', host: 'open.volcengineapi.com', url: 'https://open.volcengineapi.com' });
    assert.equal(parseVolcengineEndpoint('   ').host, 'open.volcengineapi.com');
  });

  void test('accepts a host, host:port or a base URL', () => {
    assert.equal(parseVolcengineEndpoint('ecs.cn-beijing.volcengineapi.com').url, 'https://ecs.cn-beijing.volcengineapi.com');
    assert.equal(parseVolcengineEndpoint('https://open.volcengineapi.com/').host, 'open.volcengineapi.com');
    assert.equal(parseVolcengineEndpoint('127.0.0.1:8443').host, '127.0.0.1:8443');
    assert.equal(parseVolcengineEndpoint('http://127.0.0.1:9000').protocol, 'http:');
    assert.equal(parseVolcengineEndpoint('http://localhost:9000').protocol, 'http:');
    assert.equal(parseVolcengineEndpoint('http://[::1]:9000').protocol, 'http:');
  });

  const refusals: Array<[string, string]> = [
    ['http://open.volcengineapi.com', 'insecureHttp'],
    ['http://10.0.0.1', 'insecureHttp'],
    ['http://127.0.0.1.evil.example', 'insecureHttp'],
    ['ftp://open.volcengineapi.com', 'unsupportedProtocol'],
    ['https://open.volcengineapi.com/path', 'unexpectedPath'],
    ['https://open.volcengineapi.com/?x=1', 'unexpectedPath'],
    ['https://open.volcengineapi.com/#frag', 'unexpectedPath'],
    ['https://user:pw@open.volcengineapi.com', 'credentialsInUrl'],
    ['https://', 'invalidUrl'],
    ['not a url', 'invalidUrl'],
  ];
  for (const [value, problem] of refusals) {
    void test(`refuses ${JSON.stringify(value)} (${problem})`, () => {
      assert.throws(() => parseVolcengineEndpoint(value), (e: unknown) => e instanceof VolcengineConfigError && e.problem === problem);
    });
  }

  void test('region ids', () => {
    for (const ok of ['cn-beijing', 'ap-southeast-1', 'cn-beijing-autodriving', 'cn-hongkong']) assert.ok(isValidRegionId(ok), ok);
    for (const bad of ['', 'CN-BEIJING', 'cn', 'cn-beijing/../x', 'cn-beijing?x', 'cn beijing', 'cn-北京']) assert.ok(!isValidRegionId(bad), bad);
  });

  void test('known regions carry English and Chinese names', () => {
    assert.deepEqual(KNOWN_VOLCENGINE_REGIONS.map((r) => r.regionId), [
      'cn-beijing', 'cn-beijing2', 'cn-datong', 'cn-wulanchabu', 'cn-shanghai', 'cn-guangzhou', 'cn-hongkong', 'ap-southeast-1', 'ap-southeast-3',
    ]);
    assert.ok(KNOWN_VOLCENGINE_REGIONS.every((r) => r.en !== '' && r.zhCn !== ''));
    assert.deepEqual(knownRegion('cn-beijing'), { regionId: 'cn-beijing', en: 'China North 2 (Beijing)', zhCn: '华北2（北京）' });
    assert.equal(knownRegion('ap-southeast-1')?.zhCn, '亚太东南（柔佛）');
    assert.equal(knownRegion('ap-southeast-3')?.en, 'Asia Pacific Southeast (Jakarta)');
    assert.equal(knownRegion('cn-north-1'), undefined);
  });
});

void describe('volcengine status mapping', () => {
  const documented: EcsStatus[] = ['CREATING', 'RUNNING', 'STOPPING', 'STOPPED', 'REBOOTING', 'STARTING', 'REBUILDING', 'RESIZING', 'ERROR', 'DELETING'];
  for (const s of documented) {
    void test(`${s} maps to itself`, () => assert.equal(mapEcsStatus(s), s));
  }
  void test('anything else is UNKNOWN', () => {
    for (const raw of ['HIBERNATED', '', undefined, null, 3, {}]) assert.equal(mapEcsStatus(raw), 'UNKNOWN');
    assert.equal(mapEcsStatus('running'), 'RUNNING');
  });
});

void describe('volcengine instance ids', () => {
  void test('real-looking ids pass', () => {
    for (const id of ['i-3tiefmkskq3vj0x0abcd', 'i-bj01a0000000000004', 'i-status-stopped']) assert.ok(isValidInstanceId(id), id);
  });
  void test('paths, queries, markup, Unicode, RTL marks, blanks and very long values are refused', () => {
    const bad = ['', ' ', '..', '../i-1', 'i-1/..', 'i-1%2Fx', 'i-1?x=1', 'i-1#x', '<b>i-1</b>', 'i-实例', 'i-1\u200f', '\u202ei-1', 'i-1 ', 'i-1\n', 'x'.repeat(129)];
    for (const id of bad) assert.ok(!isValidInstanceId(id), JSON.stringify(id));
  });
});

void describe('volcengine error classification', () => {
  const expected: Record<string, string> = {
    InvalidAccessKey: 'authentication', SignatureDoesNotMatch: 'authentication', MissingAuthenticationToken: 'authentication',
    AccessDenied: 'permission', LackPolicy: 'permission', FlowLimitExceeded: 'throttled', DryRunOperation: 'dryRun',
    'InvalidInstance.NotFound': 'notFound', 'InvalidStoppedMode.Conflict': 'conflict', IdempotentProcessing: 'conflict',
    'OperationDenied.ResourceLocked': 'conflict', 'OperationDenied.InstanceIsCreatingImage': 'conflict', InvalidInstanceStatus: 'conflict',
    'InvalidStoppedMode.Malformed': 'invalidInput', 'MissingParameter.InstanceId': 'invalidInput', InvalidArgument: 'invalidInput',
    IdempotentParameterMismatch: 'invalidInput', 'InvalidStoppedMode.ChargeTypeMismatch': 'invalidInput',
    InternalError: 'server', 'Insufficient.InstanceCapacity': 'server',
  };
  for (const [code, category] of Object.entries(expected)) {
    void test(`${code} → ${category}`, () => assert.equal(classifyVolcengineCode(code), category));
  }

  void test('every seed-003 code is in the table with its documented HTTP status', () => {
    const seed: Record<string, number> = {
      'InvalidStoppedMode.Malformed': 400, 'InvalidStoppedModeForScheduledInstance.Unsupported': 400, 'InvalidDedicatedHostStatus.Unsupported': 400,
      'InvalidClientToken.Malformed': 400, InvalidArgument: 400, IdempotentParameterMismatch: 400, 'MissingParameter.InstanceId': 400,
      InvalidInstanceStatus: 400, 'InvalidInstance.NotFound': 404, 'InvalidStoppedMode.Conflict': 409, 'OperationDenied.ResourceLocked': 412,
      'OperationDenied.ResourceCreatedByOtherService': 412, 'OperationDenied.InstanceIsCreatingImage': 412, 'InvalidStoppedMode.InstanceTypeMismatch': 412,
      'InvalidStoppedMode.ChargeTypeMismatch': 412, DryRunOperation: 412, IdempotentProcessing: 412, 'Insufficient.InstanceCapacity': 500, InternalError: 500,
    };
    assert.deepEqual([...STOP_INSTANCE_ERROR_CODES].sort(), Object.keys(seed).sort());
    for (const [code, status] of Object.entries(seed)) {
      assert.equal((VOLCENGINE_ERROR_CODES as Record<string, { httpStatus: number }>)[code]?.httpStatus, status, code);
    }
    for (const code of ['InvalidAccessKey', 'SignatureDoesNotMatch', 'AccessDenied', 'FlowLimitExceeded', 'MissingSignature', 'InvalidTimestamp']) {
      assert.ok(code in VOLCENGINE_ERROR_CODES, code);
    }
  });

  void test('every local code the client and driver produce is in the table (the UI maps each)', () => {
    const local = ['NetworkError', 'Timeout', 'MalformedResponse', 'CredentialsMissing', 'CredentialsInvalid', 'InvalidSetting', 'InvalidClientToken',
      'NoTargets', 'OutcomeUnknown', 'InstanceError', 'WaitTimeout', 'ResumeStateMissing', 'UnexpectedError', 'InvalidInstanceId', 'InvalidRegion'];
    for (const code of local) assert.equal((VOLCENGINE_ERROR_CODES as Record<string, { source: string }>)[code]?.source, 'local', code);
  });

  void test('unknown codes fall back to naming conventions and then the HTTP status', () => {
    assert.equal(classifyVolcengineCode('InvalidVolume.NotFound'), 'notFound');
    assert.equal(classifyVolcengineCode('OperationDenied.Something'), 'conflict');
    assert.equal(classifyVolcengineCode('InvalidFoo.Malformed'), 'invalidInput');
    assert.equal(classifyVolcengineCode('Insufficient.Disk'), 'server');
    assert.equal(classifyVolcengineCode('BrandNew', 503), 'server');
    assert.equal(classifyVolcengineCode('BrandNew'), 'unknown');
  });

  void test('VolcengineError carries a CloudErrorInfo', () => {
    const e = new VolcengineError({ code: 'InvalidInstanceStatus', message: 'm', httpStatus: 400, requestId: 'R1' });
    assert.deepEqual(e.info, { cloud: 'volcengine', code: 'InvalidInstanceStatus', message: 'm', httpStatus: 400, requestId: 'R1', category: 'conflict' });
    assert.match(e.message, /InvalidInstanceStatus: m \(RequestId R1\)/);
  });
});

void describe('volcengine ClientToken and batching', () => {
  void test('newClientToken is unique printable ASCII ≤ 64', () => {
    const a = newClientToken();
    const b = newClientToken();
    assert.notEqual(a, b);
    assert.match(a, /^fp-[0-9a-f-]{36}$/);
    assert.equal(validateClientToken(a), a);
  });

  void test('validation: 64 ok, 65 / non-ASCII / spaces / empty refused', () => {
    assert.equal(validateClientToken('x'.repeat(64)).length, 64);
    assert.throws(() => validateClientToken('x'.repeat(65)), (e: unknown) => e instanceof ClientTokenError && e.problem === 'tooLong');
    assert.throws(() => validateClientToken('令牌-1'), (e: unknown) => e instanceof ClientTokenError && e.problem === 'notAscii');
    assert.throws(() => validateClientToken('a b'), (e: unknown) => e instanceof ClientTokenError && e.problem === 'notAscii');
    assert.throws(() => validateClientToken(''), (e: unknown) => e instanceof ClientTokenError && e.problem === 'empty');
  });

  void test('derived tokens are deterministic, distinct and ≤ 64', () => {
    assert.equal(deriveClientToken('fp-abc', 'b', 2), 'fp-abc-b2');
    const long = 'y'.repeat(64);
    const d1 = deriveClientToken(long, 'b', 1);
    assert.ok(d1.length <= 64);
    assert.equal(d1, deriveClientToken(long, 'b', 1));
    assert.notEqual(d1, deriveClientToken(long, 'b', 2));
    assert.notEqual(deriveClientToken('y'.repeat(63), 'b', 1), deriveClientToken('y'.repeat(64), 'b', 1));
  });

  const opts = (over: Partial<StopInstanceOptions> = {}): StopInstanceOptions => ({ forceStop: false, stoppedMode: 'KeepCharging', dryRun: false, clientToken: 'fp-tok', ...over });
  const targets = (n: number, scope = 'cn-beijing') => Array.from({ length: n }, (_, i) => ({ id: `i-${scope}-${i}`, scope }));

  void test('one instance → StopInstance with the action token', () => {
    const calls = planPowerCalls(targets(1), POWER_ACTIONS.stop, opts());
    assert.deepEqual(calls, [{ action: 'StopInstance', regionId: 'cn-beijing', instanceIds: ['i-cn-beijing-0'], clientToken: 'fp-tok', dryRun: false }]);
  });

  void test('250 instances → 3 StopInstances batches of ≤ 100 with derived tokens', () => {
    const calls = planPowerCalls(targets(250), POWER_ACTIONS.stop, opts());
    assert.equal(calls.length, 3);
    assert.deepEqual(calls.map((c) => c.instanceIds.length), [100, 100, 50]);
    assert.deepEqual(calls.map((c) => c.clientToken), ['fp-tok-b1', 'fp-tok-b2', 'fp-tok-b3']);
    assert.ok(calls.every((c) => c.action === 'StopInstances'));
    assert.equal(new Set(calls.flatMap((c) => c.instanceIds)).size, 250);
  });

  void test('batches never mix regions; duplicates are removed', () => {
    const t = [...targets(101, 'cn-beijing'), ...targets(3, 'cn-shanghai'), { id: 'i-cn-beijing-0', scope: 'cn-beijing' }];
    const calls = planPowerCalls(t, POWER_ACTIONS.stop, opts());
    assert.deepEqual(calls.map((c) => [c.regionId, c.instanceIds.length]), [['cn-beijing', 100], ['cn-beijing', 1], ['cn-shanghai', 3]]);
  });

  void test('DryRun with several → StopInstance DryRun per instance', () => {
    const calls = planPowerCalls(targets(3), POWER_ACTIONS.stop, opts({ dryRun: true }));
    assert.equal(calls.length, 3);
    assert.ok(calls.every((c) => c.action === 'StopInstance' && c.dryRun && c.instanceIds.length === 1));
    assert.equal(new Set(calls.map((c) => c.clientToken)).size, 3);
  });
});
