import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AzureConfigurationError, AzureOperationRefused, InstanceSelectionError, InvalidResourceIdError, assertInstanceIds,
  guardScaleSetAction, parseArmId, planAzureRequests, powerStateFromStatuses, resolveAzureEndpoint, toCloudError,
  flexibleInstance, targetResultOf, toScaleSet, uniformInstance,
} from '../../src/cloud/azure/index';
import { redactSecrets } from '../../src/fleet/redact';
import { operationStatusOf } from '../../src/fleet/status';
import type { OperationTarget, ScaleSetRef } from '../../src/fleet/model';

const SUB = '3f2b6c1e-8a4d-4f0b-9c7e-5d1a2b3c4e5f';
const SS = `/subscriptions/${SUB}/resourceGroups/rg-web/providers/Microsoft.Compute/virtualMachineScaleSets/vmss-web`;
const FLEX = `/subscriptions/${SUB}/resourceGroups/rg-api/providers/Microsoft.Compute/virtualMachineScaleSets/vmss-api`;
const uvm = (n: string): OperationTarget => ({ id: `${SS}/virtualMachines/${n}`, label: `vmss-web/${n}`, scope: SS });
const fvm = (name: string): OperationTarget => ({ id: `/subscriptions/${SUB}/resourceGroups/rg-api/providers/Microsoft.Compute/virtualMachines/${name}`, label: name, scope: FLEX });

void describe('parseArmId', () => {
  void test('parses scale sets, Uniform VMs and Flexible VMs (case-insensitive keywords)', () => {
    assert.deepEqual(parseArmId(SS), { kind: 'scaleSet', subscriptionId: SUB, resourceGroup: 'rg-web', scaleSetName: 'vmss-web' });
    assert.deepEqual(parseArmId(`${SS}/virtualmachines/12`), { kind: 'scaleSetVm', subscriptionId: SUB, resourceGroup: 'rg-web', scaleSetName: 'vmss-web', instanceId: '12' });
    assert.deepEqual(parseArmId(fvm('vmss-api_4f1c2a9e').id), { kind: 'virtualMachine', subscriptionId: SUB, resourceGroup: 'rg-api', vmName: 'vmss-api_4f1c2a9e' });
    assert.deepEqual(parseArmId(`/SUBSCRIPTIONS/${SUB}/resourcegroups/Rg.Ünïcode(1)`), { kind: 'resourceGroup', subscriptionId: SUB, resourceGroup: 'Rg.Ünïcode(1)' });
  });

  const bad: Array<[string, string]> = [
    ['', 'empty'],
    ['subscriptions/x', 'no leading slash'],
    [`${SS}/virtualMachines/../../x`, 'dot-dot'],
    [`${SS}/virtualMachines/..`, 'dot-dot segment'],
    [`${SS}%2F..%2Fother`, 'percent-encoded slash'],
    [`${SS}/virtualMachines/3?api-version=1`, 'query'],
    [`${SS}#frag`, 'fragment'],
    [`${SS}//virtualMachines/3`, 'empty segment'],
    [`${SS}/virtualMachines/abc`, 'non-numeric Uniform instance id'],
    [`/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm-ü`, 'non-ASCII VM name'],
    [`/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm\u200Fevil`, 'RTL mark'],
    [`/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v`, 'other provider'],
    [`/subscriptions/${SUB}/resourceGroups/rg./providers/Microsoft.Compute/virtualMachines/vm`, 'resource group ending in a dot'],
    [`/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/<script>`, 'markup'],
    [`/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/${'a'.repeat(200)}`, 'very long name'],
    [`${SS}/virtualMachines/3/extra/thing`, 'trailing segments'],
  ];
  for (const [id, why] of bad) {
    void test(`rejects ${why}`, () => {
      assert.throws(() => parseArmId(id), (e: unknown) => e instanceof InvalidResourceIdError && /Not a valid Azure resource id/.test(e.message));
    });
  }

  void test('invisible characters are shown escaped in the message', () => {
    assert.throws(() => parseArmId(`/subscriptions/${SUB}/resourceGroups/rg\u200F`), /\\u200f/);
  });
});

void describe('resolveAzureEndpoint', () => {
  void test('each cloud gets its own endpoint and matching scope', () => {
    assert.deepEqual(resolveAzureEndpoint({ cloud: 'AzureCloud' }), { cloud: 'AzureCloud', endpoint: 'https://management.azure.com', scope: 'https://management.azure.com/.default' });
    assert.equal(resolveAzureEndpoint({ cloud: 'AzureChinaCloud' }).scope, 'https://management.chinacloudapi.cn/.default');
    assert.equal(resolveAzureEndpoint({ cloud: 'AzureUSGovernment' }).endpoint, 'https://management.usgovcloudapi.net');
    assert.deepEqual(resolveAzureEndpoint({ cloud: 'Custom', resourceManagerEndpoint: 'https://arm.contoso.test:8443/' }),
      { cloud: 'Custom', endpoint: 'https://arm.contoso.test:8443', scope: 'https://arm.contoso.test:8443/.default' });
    assert.equal(resolveAzureEndpoint({ cloud: 'Custom', resourceManagerEndpoint: 'http://127.0.0.1:3000' }).endpoint, 'http://127.0.0.1:3000');
    assert.equal(resolveAzureEndpoint({ cloud: 'Custom', resourceManagerEndpoint: 'http://localhost:3000' }).scope, 'http://localhost:3000/.default');
  });

  const refused: Array<[{ cloud: string; resourceManagerEndpoint?: string }, string]> = [
    [{ cloud: 'AzureGermany' }, 'UnknownCloud'],
    [{ cloud: 'Custom' }, 'MissingEndpoint'],
    [{ cloud: 'Custom', resourceManagerEndpoint: 'not a url' }, 'InvalidEndpoint'],
    [{ cloud: 'Custom', resourceManagerEndpoint: 'ftp://arm.example.com' }, 'InvalidEndpoint'],
    [{ cloud: 'Custom', resourceManagerEndpoint: 'https://user:pw@arm.example.com' }, 'InvalidEndpoint'],
    [{ cloud: 'Custom', resourceManagerEndpoint: 'https://arm.example.com/?x=1' }, 'InvalidEndpoint'],
    [{ cloud: 'Custom', resourceManagerEndpoint: 'http://arm.example.com' }, 'InsecureEndpoint'],
    [{ cloud: 'Custom', resourceManagerEndpoint: 'http://10.0.0.5' }, 'InsecureEndpoint'],
  ];
  for (const [settings, code] of refused) {
    void test(`refuses ${JSON.stringify(settings)} with ${code}`, () => {
      assert.throws(() => resolveAzureEndpoint(settings), (e: unknown) => e instanceof AzureConfigurationError && e.code === code && e.message.length > 10);
    });
  }
});

void describe('power states', () => {
  void test('maps PowerState codes, hibernation and missing states', () => {
    const s = (...codes: string[]) => codes.map((code) => ({ code }));
    assert.equal(powerStateFromStatuses(s('ProvisioningState/succeeded', 'PowerState/running')), 'running');
    for (const p of ['stopped', 'deallocated', 'starting', 'stopping', 'deallocating'] as const) {
      assert.equal(powerStateFromStatuses(s(`PowerState/${p}`)), p);
    }
    assert.equal(powerStateFromStatuses(s('PowerState/deallocated', 'HibernationState/Hibernated')), 'hibernated');
    assert.equal(powerStateFromStatuses(s('HibernationState/Hibernated', 'PowerState/deallocated')), 'hibernated');
    assert.equal(powerStateFromStatuses(s('ProvisioningState/succeeded')), 'unknown');
    assert.equal(powerStateFromStatuses(s('PowerState/frozen')), 'unknown');
    assert.equal(powerStateFromStatuses(undefined), 'unknown');
  });

  void test('maps SDK models to fleet types', () => {
    const ss = toScaleSet({ id: FLEX, name: 'vmss-api', location: 'eastus', orchestrationMode: 'Flexible', additionalCapabilities: { hibernationEnabled: true }, sku: { name: 'D4', capacity: 6 } }, SUB);
    assert.deepEqual(ss, { id: FLEX, name: 'vmss-api', subscriptionId: SUB, resourceGroup: 'rg-api', orchestrationMode: 'Flexible', location: 'eastus', hibernationEnabled: true, skuName: 'D4', capacity: 6 });
    assert.equal(toScaleSet({ id: SS, name: 'vmss-web', location: 'eastus' }, SUB)?.orchestrationMode, 'Uniform');
    const ref: ScaleSetRef = { id: SS, name: 'vmss-web', subscriptionId: SUB, resourceGroup: 'rg-web', orchestrationMode: 'Uniform' };
    const u = uniformInstance({ id: `${SS}/virtualMachines/3`, instanceId: '3', name: 'vmss-web_3', instanceView: { statuses: [{ code: 'PowerState/stopped' }], computerName: 'web3' }, zones: ['2'], sku: { name: 'D2' } }, ref);
    assert.deepEqual(u, { id: `${SS}/virtualMachines/3`, name: 'vmss-web_3', instanceId: '3', scaleSet: ref, powerState: 'stopped', zone: '2', vmSize: 'D2', computerName: 'web3' });
    const f = flexibleInstance({ id: fvm('vmss-api_1').id, name: 'vmss-api_1', instanceView: { statuses: [{ code: 'PowerState/running' }] } }, { ...ref, orchestrationMode: 'Flexible' });
    assert.equal(f?.instanceId, 'vmss-api_1');
    assert.equal(f?.powerState, 'running');
  });
});

void describe('toCloudError', () => {
  const headers = (h: Record<string, string>) => ({ get: (n: string) => h[n.toLowerCase()] });
  const rest = (statusCode: number, body: unknown, extra: Record<string, unknown> = {}) => Object.assign(new Error(extra.message as string ?? 'x'), {
    name: 'RestError', statusCode, code: (body as { error?: { code?: string } })?.error?.code,
    response: { status: statusCode, headers: headers({ 'x-ms-request-id': 'rid-1', 'x-ms-correlation-request-id': 'cid-1' }), bodyAsText: JSON.stringify(body) },
    ...extra,
  });

  void test('CloudError body: code, message, target, details, innererror, request ids and category', () => {
    const body = { error: { code: 'OperationNotAllowed', message: "Operation 'powerOff' is not allowed on VM 'vmss-web_3' since the VM is deallocated.", target: 'instanceIds', details: [{ code: 'D', message: 'm' }], innererror: { exceptiontype: 'E', errordetail: 'detail' } } };
    const info = toCloudError(rest(409, body), 'vmss-web/3');
    assert.deepEqual(info, {
      cloud: 'azure', code: 'OperationNotAllowed', message: body.error.message, httpStatus: 409, category: 'conflict',
      requestId: 'rid-1', correlationId: 'cid-1', target: 'instanceIds', details: [{ code: 'D', message: 'm' }],
      innerError: { exceptionType: 'E', errorDetail: 'detail' },
    });
  });

  void test('status → category', () => {
    const cases: Array<[number, string]> = [[401, 'authentication'], [403, 'permission'], [404, 'notFound'], [409, 'conflict'], [429, 'throttled'], [400, 'invalidInput'], [500, 'server'], [503, 'server']];
    for (const [status, category] of cases) assert.equal(toCloudError(rest(status, { error: { code: 'C', message: 'm' } })).category, category, String(status));
  });

  void test('"Pagination failed" keeps status and code and takes the server message from the raw body', () => {
    const err = Object.assign(new Error('Pagination failed with unexpected statusCode 400'), {
      name: 'RestError', statusCode: 400, code: 'BadRequest', response: { status: 400, headers: headers({ 'x-ms-request-id': 'rid-9' }) },
    });
    const raw = JSON.stringify({ error: { code: 'BadRequest', message: "Operation 'VirtualMachineScaleSets.virtualMachines.GET' is not allowed on Virtual Machine Scale Set 'vmss-api'." } });
    const info = toCloudError(err, undefined, { bodyForRequestId: (id) => (id === 'rid-9' ? raw : undefined) });
    assert.equal(info.code, 'BadRequest');
    assert.equal(info.httpStatus, 400);
    assert.match(info.message, /is not allowed on Virtual Machine Scale Set/);
    const withoutBody = toCloudError(err);
    assert.equal(withoutBody.code, 'BadRequest');
    assert.equal(withoutBody.category, 'invalidInput');
  });

  void test('network, parse and LRO failures', () => {
    assert.equal(toCloudError(Object.assign(new Error('socket hang up'), { name: 'RestError', code: 'ECONNRESET' })).category, 'network');
    assert.equal(toCloudError(new SyntaxError('Unexpected token < in JSON')).category, 'malformedResponse');
    const parse = toCloudError(Object.assign(new Error('Error "SyntaxError: Unterminated string" occurred while parsing the response body'), { name: 'RestError', code: 'PARSE_ERROR', statusCode: 200 }));
    assert.deepEqual([parse.code, parse.category, parse.httpStatus], ['MalformedResponse', 'malformedResponse', 200]);
    const lro = toCloudError(new Error('The long-running operation has failed. InternalExecutionError. An internal execution error occurred.'));
    assert.equal(lro.code, 'InternalExecutionError');
    assert.equal(lro.message, 'An internal execution error occurred.');
  });

  void test('never carries a token', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJjYW5hcnkifQ.c2lnbmF0dXJl';
    const info = toCloudError(rest(401, { error: { code: 'InvalidAuthenticationToken', message: `The access token Bearer ${jwt} is invalid` } }));
    assert.equal(info.category, 'authentication');
    assert.ok(!JSON.stringify(info).includes(jwt));
    assert.ok(!redactSecrets(`https://x/?sig=abc123&x=1`).includes('abc123'));
  });
});

void describe('never act on more than chosen', () => {
  void test('assertInstanceIds refuses missing, empty and blank lists', () => {
    assert.throws(() => assertInstanceIds(undefined), InstanceSelectionError);
    assert.throws(() => assertInstanceIds([]), InstanceSelectionError);
    assert.throws(() => assertInstanceIds(['1', ' ']), InstanceSelectionError);
    assert.doesNotThrow(() => assertInstanceIds(['0', '3']));
  });

  void test('the pipeline guard blocks scale-set actions whose body has no instanceIds', () => {
    const url = `https://arm${SS}/deallocate?api-version=2026-04-01`;
    assert.throws(() => guardScaleSetAction('POST', url, undefined), InstanceSelectionError);
    assert.throws(() => guardScaleSetAction('POST', url, '{}'), InstanceSelectionError);
    assert.throws(() => guardScaleSetAction('POST', url, '{"instanceIds":[]}'), InstanceSelectionError);
    assert.throws(() => guardScaleSetAction('POST', `https://arm${SS}/powerOff`, 'not json'), InstanceSelectionError);
    assert.doesNotThrow(() => guardScaleSetAction('POST', url, '{"instanceIds":["1"]}'));
    assert.doesNotThrow(() => guardScaleSetAction('POST', `https://arm${SS}/virtualMachines/3/powerOff`, undefined), 'per-VM calls carry the instance in the path');
    assert.doesNotThrow(() => guardScaleSetAction('GET', `https://arm${SS}/virtualMachines`, undefined));
  });

  void test('planner: one scale-set request per scale set, with exactly the chosen ids (duplicates dropped)', () => {
    const plan = planAzureRequests({ kind: 'azure.deallocate', targets: [uvm('1'), uvm('3'), fvm('vmss-api_a'), uvm('1')], options: { hibernate: false } });
    assert.equal(plan.length, 2);
    assert.deepEqual(plan.map((r) => [r.api, r.name, r.instanceIds]), [['scaleSet', 'vmss-web', ['1', '3']], ['scaleSet', 'vmss-api', ['vmss-api_a']]]);
  });

  void test('planner: power off — Uniform batch per scale set, single VM per-instance, Flexible per VM', () => {
    const many = planAzureRequests({ kind: 'azure.powerOff', targets: [uvm('1'), uvm('2')], options: { skipShutdown: true } });
    assert.deepEqual(many.map((r) => [r.api, r.instanceIds, r.skipShutdown]), [['scaleSet', ['1', '2'], true]]);
    const one = planAzureRequests({ kind: 'azure.powerOff', targets: [uvm('7')], options: { skipShutdown: false } });
    assert.deepEqual(one.map((r) => [r.api, r.instanceIds, r.skipShutdown]), [['scaleSetVm', ['7'], false]]);
    const flex = planAzureRequests({ kind: 'azure.powerOff', targets: [fvm('a'), fvm('b')], options: { skipShutdown: false } });
    assert.deepEqual(flex.map((r) => [r.api, r.name, r.resourceGroup]), [['vm', 'a', 'rg-api'], ['vm', 'b', 'rg-api']]);
    const maint = planAzureRequests({ kind: 'azure.performMaintenance', targets: [uvm('2'), fvm('a')], options: {} });
    assert.deepEqual(maint.map((r) => [r.api, r.instanceIds]), [['scaleSet', ['2']], ['vm', ['a']]]);
  });

  void test('planner: hibernate only on Flexible with hibernation enabled, refused locally otherwise', () => {
    const info = (enabled: boolean) => (ref: ScaleSetRef) => ({ ...ref, hibernationEnabled: enabled });
    const ok = planAzureRequests({ kind: 'azure.deallocate', targets: [fvm('a')], options: { hibernate: true } }, info(true));
    assert.equal(ok[0]?.hibernate, true);
    assert.throws(() => planAzureRequests({ kind: 'azure.deallocate', targets: [uvm('1')], options: { hibernate: true } }, info(true)),
      (e: unknown) => e instanceof AzureOperationRefused && e.code === 'HibernationNotSupported');
    assert.throws(() => planAzureRequests({ kind: 'azure.deallocate', targets: [fvm('a')], options: { hibernate: true } }, info(false)),
      (e: unknown) => e instanceof AzureOperationRefused && e.code === 'HibernationNotEnabled');
    assert.throws(() => planAzureRequests({ kind: 'azure.deallocate', targets: [fvm('a')], options: { hibernate: true } }),
      (e: unknown) => e instanceof AzureOperationRefused && e.code === 'HibernationNotEnabled');
  });

  void test('planner: refuses empty selections, malformed ids and targets outside their scale set', () => {
    assert.throws(() => planAzureRequests({ kind: 'azure.powerOff', targets: [], options: { skipShutdown: false } }), AzureOperationRefused);
    assert.throws(() => planAzureRequests({ kind: 'azure.powerOff', targets: [{ id: `${SS}/virtualMachines/..%2F`, label: 'x', scope: SS }], options: { skipShutdown: false } }), InvalidResourceIdError);
    const other = `/subscriptions/${SUB}/resourceGroups/rg-web/providers/Microsoft.Compute/virtualMachineScaleSets/vmss-other/virtualMachines/1`;
    assert.throws(() => planAzureRequests({ kind: 'azure.powerOff', targets: [{ id: other, label: 'x', scope: SS }], options: { skipShutdown: false } }), /does not belong/);
  });

  void test('request outcomes → target results → status: succeeded, partial, failed, canceled, unknown', () => {
    type Outcome = 'succeeded' | 'failed' | 'canceled' | 'unknown';
    const outcome = (status: Outcome) => (status === 'succeeded' ? { status } : { status, error: { cloud: 'azure' as const, code: status, message: status, category: 'conflict' as const } });
    const statusOf = (...outcomes: Outcome[]) => operationStatusOf(outcomes.map((o) => targetResultOf(outcome(o)).status));
    assert.equal(statusOf('succeeded', 'succeeded'), 'succeeded');
    assert.equal(statusOf('succeeded', 'failed'), 'partial');
    assert.equal(statusOf('failed', 'unknown'), 'failed');
    assert.equal(statusOf('canceled'), 'canceled');
    assert.equal(statusOf('canceled', 'unknown'), 'failed');
    assert.equal(statusOf('unknown'), 'unknown');
    assert.equal(operationStatusOf([targetResultOf(undefined).status]), 'unknown', 'a target without a request is unknown, never succeeded');
    assert.deepEqual(targetResultOf(outcome('failed'), 'running'), { status: 'failed', code: 'failed', message: 'failed', finalState: 'running' });
    assert.deepEqual(targetResultOf(outcome('succeeded'), 'stopped'), { status: 'succeeded', finalState: 'stopped' });
  });
});
