import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { VOLCENGINE_ERROR_CODES } from '../../src/cloud/volcengine/errors';
import type { CloudErrorInfo, OperationRecord } from '../../src/fleet/model';
import { describeCloudError, volcengineExplanation } from '../../src/ui/errorMessages';
import { outcomeMessage } from '../../src/ui/outcomes';
import { formatEvent, formatRecordLog } from '../../src/ui/outputFormat';
import { SecretMask } from '../../src/fleet/redact';
import { userScopedValue, parseRegions } from '../../src/ui/settingsPolicy';

const azureError = (over: Partial<CloudErrorInfo>): CloudErrorInfo => ({ cloud: 'azure', code: 'OperationNotAllowed', message: 'Operation powerOff is not allowed on VM vmss-web_3 since the VM is deallocated.', httpStatus: 409, category: 'conflict', requestId: 'req-1', ...over });
const volcError = (code: string, over: Partial<CloudErrorInfo> = {}): CloudErrorInfo => ({ cloud: 'volcengine', code, message: 'server said something', category: 'unknown', requestId: '20260101ABCD', ...over });

void describe('Azure errors', () => {
  void test('a refusal names the operation, the target and the code', () => {
    const { message, guidance } = describeCloudError('azure.powerOff', azureError({}), 'vmss-web/3');
    assert.match(message, /^Azure refused to power off vmss-web\/3: OperationNotAllowed — Operation powerOff is not allowed/);
    assert.equal(guidance, 'none');
    assert.match(describeCloudError('azure.deallocate', azureError({}), 'vmss-web/3').message, /^Azure refused to deallocate vmss-web\/3/);
    assert.match(describeCloudError('azure.performMaintenance', azureError({}), 'vmss-web/3').message, /^Azure refused to perform maintenance on vmss-web\/3/);
  });

  void test('401 leads to sign-in, 403 to permission guidance', () => {
    const signIn = describeCloudError('azure.powerOff', azureError({ code: 'InvalidAuthenticationToken', httpStatus: 401, category: 'authentication' }), 'x');
    assert.equal(signIn.guidance, 'signIn');
    assert.match(signIn.message, /Sign in again/);
    const permission = describeCloudError('azure.powerOff', azureError({ code: 'AuthorizationFailed', httpStatus: 403, category: 'permission' }), 'x');
    assert.equal(permission.guidance, 'permissions');
    assert.match(permission.message, /Virtual Machine Contributor/);
  });

  void test('a very long server message is shortened for the toast', () => {
    const { message } = describeCloudError('azure.powerOff', azureError({ message: 'x'.repeat(5000) }), 't');
    assert.ok(message.length < 600);
  });
});

void describe('Volcengine errors', () => {
  void test('every code the cloud layer knows (seed 003, gateway, local) has its own explanation', () => {
    const codes = Object.keys(VOLCENGINE_ERROR_CODES);
    assert.ok(codes.length >= 30);
    const explanations = new Set<string>();
    for (const code of codes) {
      const text = volcengineExplanation(code, 'srv');
      assert.ok(text, `no explanation for ${code}`);
      explanations.add(text);
    }
    assert.ok(explanations.size >= codes.length - 2, 'explanations are specific, not one generic text');
  });

  void test('the message says what happened and what to do, with code and RequestId', () => {
    const { message, guidance } = describeCloudError('volcengine.stopInstance', volcError('InvalidStoppedMode.InstanceTypeMismatch', { category: 'invalidInput' }), 'web-01 (i-1)');
    assert.equal(message, 'Volcengine refused to stop web-01 (i-1): This instance type does not support economical stop (StopCharging). Use normal stop (KeepCharging). (InvalidStoppedMode.InstanceTypeMismatch, RequestId: 20260101ABCD)');
    assert.equal(guidance, 'none');
  });

  void test('signature and key errors lead to the set-credentials command', () => {
    for (const code of ['InvalidAccessKey', 'SignatureDoesNotMatch', 'MissingSignature', 'MissingAuthenticationToken']) {
      assert.equal(describeCloudError('volcengine.stopInstance', volcError(code, { category: 'authentication' }), 't').guidance, 'setCredentials', code);
    }
    assert.equal(describeCloudError('volcengine.stopInstance', volcError('AccessDenied', { category: 'permission' }), 't').guidance, 'permissions');
  });

  void test('an unknown code shows the server\'s own message', () => {
    const { message } = describeCloudError('volcengine.stopInstance', volcError('Brand.NewCode', { message: 'Something new happened.' }), 'web-01');
    assert.match(message, /Something new happened\. \(Brand\.NewCode, RequestId: 20260101ABCD\)/);
  });
});

void describe('outcomes and the output channel', () => {
  const record: OperationRecord = {
    id: 'op-7', kind: 'volcengine.stopInstance', cloud: 'volcengine', targets: [{ id: 'i-1', label: 'web-01 (i-1)', scope: 'cn-beijing' }],
    options: { stoppedMode: 'KeepCharging', forceStop: false, dryRun: true, clientToken: 'fp-token-1' }, status: 'checked', startedAt: 0, endedAt: 1500,
    events: [
      { at: 0, type: 'requested', action: 'StopInstances', targets: ['i-1'], parameters: { dryRun: true, clientToken: 'fp-token-1' } },
      { at: 1000, type: 'waiting', reason: 'throttled', waitSeconds: 2, askedByCloud: false, code: 'FlowLimitExceeded', requestId: 'r-9' },
      { at: 1200, type: 'progress', status: 'STOPPING', counts: { STOPPING: 1 } },
      { at: 1500, type: 'finished', status: 'checked', durationMs: 1500 },
    ],
    results: { 'i-1': { status: 'checked' } },
  };

  void test('DryRun passing is reported as "checks passed — nothing was stopped", not as a failure', () => {
    const outcome = outcomeMessage(record);
    assert.equal(outcome.severity, 'info');
    assert.equal(outcome.showError, false);
    assert.equal(outcome.message, 'Checks passed for web-01 (i-1) — nothing was stopped.');
  });

  void test('a target that was never sent counts as failed in a partial outcome', () => {
    const partial: OperationRecord = {
      ...record, status: 'partial', targets: [...record.targets, { id: 'i-2', label: 'web-02 (i-2)', scope: 'cn-shanghai' }],
      results: { 'i-1': { status: 'succeeded' }, 'i-2': { status: 'notSent', code: 'InvalidRegion' } },
    };
    assert.equal(outcomeMessage(partial).message, 'web-01 (i-1) and 1 more: 1 succeeded, 1 failed. Each instance\'s outcome is in the output.');
  });

  void test('events render with the ClientToken, request ids and the throttling wait (whose wait it was)', () => {
    const lines = record.events.flatMap((e) => formatEvent(record, e)).map((l) => l.text);
    assert.equal(lines[0], '[op-7] Stop requested: StopInstances — targets: web-01 (i-1) — options: dryRun=true, clientToken=fp-token-1');
    assert.match(lines[1] ?? '', /Throttled \(FlowLimitExceeded\): waiting 2s \(our back-off\) \[request id r-9\]/);
    assert.equal(lines[2], '[op-7] Status: STOPPING — 1 STOPPING', 'no HTTP status the driver did not see');
    assert.match(lines[3] ?? '', /checks passed, nothing changed after 2s/);
    assert.match(formatRecordLog(record), /i-1: checked/);
  });

  void test('HTTP facts and a wait the cloud asked for are shown when the event carries them', () => {
    const azure: OperationRecord = {
      id: 'op-8', kind: 'azure.powerOff', cloud: 'azure', targets: [{ id: '/subscriptions/s/rg/vm/0', label: 'vmss-web/0', scope: '/subscriptions/s/rg' }],
      options: { skipShutdown: true }, status: 'running', startedAt: 0, events: [], results: {},
    };
    const text = (event: OperationRecord['events'][number]): string => formatEvent(azure, event).map((l) => l.text).join('\n');
    assert.equal(
      text({ at: 0, type: 'requested', action: 'powerOff', targets: ['/SUBSCRIPTIONS/s/rg/vm/0'], parameters: { skipShutdown: true }, http: { method: 'POST', url: 'https://arm/vm/0/powerOff' } }),
      '[op-8] Power off requested: POST https://arm/vm/0/powerOff — targets: vmss-web/0 — options: skipShutdown=true',
    );
    assert.equal(text({ at: 0, type: 'accepted', httpStatus: 202, requestId: 'r-1' }), '[op-8] Accepted (HTTP 202) [request id r-1]');
    assert.equal(text({ at: 0, type: 'accepted' }), '[op-8] Accepted');
    assert.equal(text({ at: 0, type: 'progress', status: 'InProgress', httpStatus: 200, nextCheckSeconds: 5 }), '[op-8] Status: InProgress (HTTP 200), next check in 5s');
    assert.equal(text({ at: 0, type: 'waiting', reason: 'throttled', waitSeconds: 7, askedByCloud: true }), '[op-8] Throttled: waiting 7s as the cloud asked');
    assert.equal(text({ at: 0, type: 'retrying', attempt: 2, reason: 'ECONNRESET' }), '[op-8] Retrying (attempt 2): ECONNRESET');
    const notSent = formatEvent(azure, { at: 0, type: 'targetResult', target: '/subscriptions/s/rg/vm/0', result: { status: 'notSent', code: 'NotSignedIn', message: 'Not signed in.' } })[0];
    assert.deepEqual(notSent, { level: 'error', text: '[op-8] vmss-web/0: not sent — NotSignedIn: Not signed in.' });
  });
});

void describe('secrets and settings', () => {
  void test('registered secrets, bearer tokens and signatures are masked', () => {
    const mask = new SecretMask();
    mask.register('AKLTcanaryAccessKey0001');
    mask.register('canarySecretKeyValue==');
    mask.register('short');
    const text = mask.mask('key AKLTcanaryAccessKey0001 secret canarySecretKeyValue== Authorization: Bearer eyJhbGciOi.eyJzdWIi.sig Signature=abcdef0123 short');
    assert.doesNotMatch(text, /canary/);
    assert.doesNotMatch(text, /eyJ/);
    assert.doesNotMatch(text, /abcdef0123/);
    assert.match(text, /short$/, 'very short values are not treated as secrets');
  });

  void test('a workspace value of an endpoint setting is ignored (and reported), the user value wins', () => {
    const inspected = { defaultValue: 'https://open.volcengineapi.com', globalValue: undefined, workspaceValue: 'https://evil.example', workspaceFolderValue: undefined };
    assert.deepEqual(userScopedValue<string>(inspected, ''), { value: 'https://open.volcengineapi.com', workspaceIgnored: true });
    assert.deepEqual(userScopedValue<string>({ globalValue: 'https://127.0.0.1:8443' }, ''), { value: 'https://127.0.0.1:8443', workspaceIgnored: false });
    assert.deepEqual(parseRegions([' cn-beijing', 'cn-beijing', 7, '']), ['cn-beijing']);
  });
});
