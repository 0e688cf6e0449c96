/**
 * What Start / Restart (Azure) and Start / Reboot (Volcengine) send, planned without I/O: one
 * scale-set request per Uniform scale set with exactly the chosen ids (even for one instance),
 * one request per Flexible VM, never an empty or missing instance list; Volcengine batches of
 * ≤ 100 with their own derived ClientTokens and DryRun only on single-instance calls. And how a
 * failed request for several VMs is read per VM.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AzureOperationRefused, InstanceSelectionError, guardScaleSetAction, planAzureRequests, targetResultOf } from '../../src/cloud/azure/index';
import { goalOfFailedBatch, requestParameters, type PlannedAzureRequest } from '../../src/cloud/azure/plan';
import { planPowerCalls, POWER_ACTIONS } from '../../src/cloud/volcengine/index';
import type { OperationTarget } from '../../src/fleet/model';

const SUB = '3f2b6c1e-8a4d-4f0b-9c7e-5d1a2b3c4e5f';
const WEB = `/subscriptions/${SUB}/resourceGroups/rg-web/providers/Microsoft.Compute/virtualMachineScaleSets/vmss-web`;
const DEV = `/subscriptions/${SUB}/resourceGroups/rg-dev/providers/Microsoft.Compute/virtualMachineScaleSets/vmss-dev`;
const API = `/subscriptions/${SUB}/resourceGroups/rg-api/providers/Microsoft.Compute/virtualMachineScaleSets/vmss-api`;
const uvm = (set: string, n: string): OperationTarget => ({ id: `${set}/virtualMachines/${n}`, label: n, scope: set });
const fvm = (name: string): OperationTarget => ({ id: `/subscriptions/${SUB}/resourceGroups/rg-api/providers/Microsoft.Compute/virtualMachines/${name}`, label: name, scope: API });

void describe('Azure start / restart plans', () => {
  for (const kind of ['azure.start', 'azure.restart'] as const) {
    const action = kind === 'azure.start' ? 'start' : 'restart';

    void test(`${action}: one scale-set request per Uniform scale set with exactly the chosen ids, also for one instance`, () => {
      const plan = planAzureRequests({ kind, targets: [uvm(WEB, '3'), uvm(DEV, '0'), uvm(WEB, '7'), uvm(WEB, '3')], options: {} });
      assert.deepEqual(plan.map((p) => [p.api, p.action, p.name, p.instanceIds]), [['scaleSet', action, 'vmss-web', ['3', '7']], ['scaleSet', action, 'vmss-dev', ['0']]]);
      assert.deepEqual(plan[0]?.targets, [uvm(WEB, '3').id, uvm(WEB, '7').id]);
      assert.deepEqual(requestParameters(plan[1] as PlannedAzureRequest), { api: 'scaleSet', instanceIds: '0' });
    });

    void test(`${action}: Flexible VMs one request each through the VM API`, () => {
      const plan = planAzureRequests({ kind, targets: [fvm('vmss-api_a'), fvm('vmss-api_b')], options: {} });
      assert.deepEqual(plan.map((p) => [p.api, p.action, p.name, p.instanceIds, p.resourceGroup]), [
        ['vm', action, 'vmss-api_a', ['vmss-api_a'], 'rg-api'],
        ['vm', action, 'vmss-api_b', ['vmss-api_b'], 'rg-api'],
      ]);
    });
  }

  void test('an empty selection is refused before anything is planned', () => {
    assert.throws(() => planAzureRequests({ kind: 'azure.start', targets: [], options: {} }), AzureOperationRefused);
  });

  void test('the transport refuses a scale-set start or restart without an explicit, non-empty instance list', () => {
    for (const action of ['start', 'restart']) {
      const url = `https://management.azure.com${WEB}/${action}?api-version=2026-04-01`;
      assert.throws(() => guardScaleSetAction('POST', url, undefined), InstanceSelectionError);
      assert.throws(() => guardScaleSetAction('POST', url, JSON.stringify({ instanceIds: [] })), InstanceSelectionError);
      assert.throws(() => guardScaleSetAction('POST', url, JSON.stringify({})), InstanceSelectionError);
      assert.doesNotThrow(() => guardScaleSetAction('POST', url, JSON.stringify({ instanceIds: ['3'] })));
    }
  });
});

void describe('a failed request for several VMs, read per VM', () => {
  const failed = { status: 'failed' as const, error: { cloud: 'azure' as const, code: 'AllocationFailed', message: 'Allocation failed.', category: 'conflict' as const } };
  const request = (over: Partial<PlannedAzureRequest>): PlannedAzureRequest => ({
    ...planAzureRequests({ kind: 'azure.start', targets: [uvm(WEB, '1'), uvm(WEB, '2')], options: {} })[0] as PlannedAzureRequest,
    poller: '{"state":{}}', outcome: failed, ...over,
  });

  void test('a VM read back running after an accepted start failed was started; one still deallocated failed with the code', () => {
    const planned = request({});
    const goal = goalOfFailedBatch(planned);
    assert.equal(goal, 'running');
    const started = targetResultOf(planned.outcome, 'running', goal);
    assert.equal(started.status, 'succeeded');
    assert.match(started.message ?? '', /AllocationFailed[^]*now running/);
    assert.deepEqual(targetResultOf(planned.outcome, 'deallocated', goal), { status: 'failed', code: 'AllocationFailed', message: 'Allocation failed.', finalState: 'deallocated' });
  });

  void test('no such reading for a refused request, a single VM, or an action whose end state says nothing', () => {
    assert.equal(goalOfFailedBatch(request({ poller: undefined })), undefined, 'refused before Azure accepted it: nothing happened');
    assert.equal(goalOfFailedBatch(request({ targets: [uvm(WEB, '1').id] })), undefined);
    assert.equal(goalOfFailedBatch(request({ action: 'restart' })), undefined);
    assert.equal(goalOfFailedBatch(request({ outcome: { status: 'canceled' } })), undefined);
    assert.equal(goalOfFailedBatch(request({ action: 'deallocate', hibernate: true })), 'hibernated');
  });
});

void describe('Volcengine start / reboot plans', () => {
  const targets = (n: number, scope = 'cn-beijing') => Array.from({ length: n }, (_, i) => ({ id: `i-${scope}-${i}`, scope }));

  void test('one instance → the single action with the action token', () => {
    assert.deepEqual(planPowerCalls(targets(1), POWER_ACTIONS.start, { clientToken: 'fp-t', dryRun: false }),
      [{ action: 'StartInstance', regionId: 'cn-beijing', instanceIds: ['i-cn-beijing-0'], clientToken: 'fp-t', dryRun: false }]);
    assert.equal(planPowerCalls(targets(1), POWER_ACTIONS.reboot, { clientToken: 'fp-t', dryRun: false })[0]?.action, 'RebootInstance');
  });

  void test('250 instances in two regions → batches of ≤ 100 per region, each with its own derived token, no DryRun', () => {
    const calls = planPowerCalls([...targets(230), ...targets(20, 'cn-shanghai')], POWER_ACTIONS.start, { clientToken: 'fp-t', dryRun: false });
    assert.deepEqual(calls.map((c) => [c.action, c.regionId, c.instanceIds.length, c.clientToken, c.dryRun]), [
      ['StartInstances', 'cn-beijing', 100, 'fp-t-b1', false],
      ['StartInstances', 'cn-beijing', 100, 'fp-t-b2', false],
      ['StartInstances', 'cn-beijing', 30, 'fp-t-b3', false],
      ['StartInstances', 'cn-shanghai', 20, 'fp-t-b4', false],
    ]);
    assert.equal(new Set(calls.flatMap((c) => c.instanceIds)).size, 250);
    assert.ok(planPowerCalls(targets(5), POWER_ACTIONS.reboot, { clientToken: 'fp-t', dryRun: false }).every((c) => c.action === 'RebootInstances'));
  });

  void test('a DryRun of several → the single action per instance, each DryRun with its own token', () => {
    const calls = planPowerCalls(targets(3), POWER_ACTIONS.start, { clientToken: 'fp-t', dryRun: true });
    assert.deepEqual(calls.map((c) => [c.action, c.instanceIds.length, c.dryRun, c.clientToken]), [
      ['StartInstance', 1, true, 'fp-t-c1'], ['StartInstance', 1, true, 'fp-t-c2'], ['StartInstance', 1, true, 'fp-t-c3'],
    ]);
  });
});
