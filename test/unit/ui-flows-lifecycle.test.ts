/**
 * The Start / Restart (Azure) and Start / Reboot (Volcengine) flows, answered from a queue: only
 * instances whose state allows the action, the questions asked, what each confirmation says
 * (count, billing, resuming, capacity, stock, data loss) and exactly the plan it returns.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { EcsInstance } from '../../src/fleet/model';
import { restartFlow, startFlow } from '../../src/ui/flows/azureLifecycle';
import { rebootInstanceFlow, startInstanceFlow } from '../../src/ui/flows/volcengineLifecycle';
import { QueuePrompter } from '../../src/ui/prompts/queuePrompter';
import { ecs, instance, MemoryAzureFleet, MemoryVolcengineFleet, scaleSet, subscription } from './ui-fixtures';

const web = scaleSet('vmss-web', 'Uniform');
const api = scaleSet('vmss-api', 'Flexible', true);
const running = instance(web, 0, 'running');
const stopped = instance(web, 1, 'stopped');
const deallocated = instance(web, 2, 'deallocated');
const starting = instance(web, 3, 'starting');
const hibernated = instance(api, 1, 'hibernated');
const flexRunning = instance(api, 2, 'running');

function azure(): MemoryAzureFleet {
  return new MemoryAzureFleet([subscription('sub-1', 'Production')], [web, api], [running, stopped, deallocated, starting, hibernated, flexRunning]);
}

function confirmOf(prompter: QueuePrompter): { message: string; detail: string; confirmLabel: string } {
  const asked = prompter.asked.find((a) => a.kind === 'confirm');
  assert.ok(asked?.kind === 'confirm', 'a confirmation was shown');
  return asked;
}

void describe('Azure Start flow', () => {
  void test('a deallocated instance: billing resumes, capacity is not guaranteed; exactly that instance, no options', async () => {
    const prompter = new QueuePrompter([{ confirm: true }]);
    const result = await startFlow({ kind: 'instances', instances: [deallocated] }, { prompter, source: azure() });
    assert.ok(result.outcome === 'plan');
    assert.deepEqual(result.plan, { kind: 'azure.start', options: {}, targets: [{ id: deallocated.id, label: 'vmss-web/2', scope: web.id }] });
    const confirm = confirmOf(prompter);
    assert.equal(confirm.message, 'Start vmss-web/2?');
    assert.match(confirm.detail, /Compute billing resumes/);
    assert.match(confirm.detail, /does not guarantee capacity/);
    assert.match(confirm.detail, /try again later or choose another VM size/);
    assert.equal(confirm.confirmLabel, 'Start');
    assert.equal(prompter.asked.length, 1, 'nothing to choose: only the confirmation');
  });

  void test('a stopped instance keeps its hardware: no capacity warning', async () => {
    const prompter = new QueuePrompter([{ confirm: true }]);
    await startFlow({ kind: 'instances', instances: [stopped] }, { prompter, source: azure() });
    const confirm = confirmOf(prompter);
    assert.match(confirm.detail, /Compute billing resumes/);
    assert.doesNotMatch(confirm.detail, /capacity/);
  });

  void test('a hibernated VM: the confirmation says it resumes and names it', async () => {
    const prompter = new QueuePrompter([{ confirm: true }]);
    const result = await startFlow({ kind: 'instances', instances: [hibernated] }, { prompter, source: azure() });
    assert.ok(result.outcome === 'plan');
    const confirm = confirmOf(prompter);
    assert.match(confirm.detail, new RegExp(`Hibernated VMs resume: the memory saved on the OS disk is restored[^\n]*\\(${hibernated.name}\\)`));
    assert.match(confirm.detail, /does not guarantee capacity/);
  });

  void test('running and changing instances are left out and named; none left → nothing is asked or sent', async () => {
    const prompter = new QueuePrompter([{ confirm: true }]);
    const result = await startFlow({ kind: 'instances', instances: [running, stopped, starting] }, { prompter, source: azure() });
    assert.ok(result.outcome === 'plan');
    assert.deepEqual(result.plan.targets.map((t) => t.label), ['vmss-web/1']);
    assert.match(confirmOf(prompter).detail, /Left out \(their state does not allow it\): vmss-web\/0 \(cannot be started while Running\), vmss-web\/3 \(cannot be started while Starting…\)/);

    const none = new QueuePrompter([]);
    const nothing = await startFlow({ kind: 'instances', instances: [running, starting] }, { prompter: none, source: azure() });
    assert.equal(nothing.outcome, 'nothingToDo');
    assert.equal(none.asked.length, 0);
  });

  void test('a whole scale set: re-read, only its stopped / deallocated instances, the confirmation says so', async () => {
    const fleet = azure();
    const prompter = new QueuePrompter([{ confirm: true }]);
    const result = await startFlow({ kind: 'scaleSet', scaleSet: web }, { prompter, source: fleet });
    assert.ok(result.outcome === 'plan');
    assert.deepEqual(result.plan.targets.map((t) => t.label), ['vmss-web/1', 'vmss-web/2']);
    assert.equal(confirmOf(prompter).message, 'Start 2 instances of scale set vmss-web?');
    assert.deepEqual(fleet.instanceReads, [{ id: web.id, fresh: true }]);
  });

  void test('the palette offers only instances that can start', async () => {
    const prompter = new QueuePrompter([{ pick: 'vmss-api' }, { pickMany: [hibernated.name] }, { confirm: true }]);
    const result = await startFlow({ kind: 'none' }, { prompter, source: azure() });
    assert.ok(result.outcome === 'plan');
    const offered = prompter.asked.find((a) => a.kind === 'pickMany');
    assert.ok(offered?.kind === 'pickMany');
    assert.deepEqual(offered.items.map((i) => i.label), [hibernated.name]);
  });

  void test('declining the confirmation sends nothing', async () => {
    const result = await startFlow({ kind: 'instances', instances: [stopped] }, { prompter: new QueuePrompter([{ confirm: false }]), source: azure() });
    assert.equal(result.outcome, 'canceled');
  });
});

void describe('Azure Restart flow', () => {
  void test('running instances only; the confirmation says the work is interrupted and billing stays', async () => {
    const prompter = new QueuePrompter([{ confirm: true }]);
    const result = await restartFlow({ kind: 'instances', instances: [running, stopped, flexRunning] }, { prompter, source: azure() });
    assert.ok(result.outcome === 'plan');
    assert.equal(result.plan.kind, 'azure.restart');
    assert.deepEqual(result.plan.options, {});
    assert.deepEqual(result.plan.targets.map((t) => t.id), [running.id, flexRunning.id]);
    const confirm = confirmOf(prompter);
    assert.equal(confirm.message, 'Restart 2 instances?');
    assert.match(confirm.detail, /is interrupted until they are running again/);
    assert.match(confirm.detail, /billing does not change/);
    assert.match(confirm.detail, /vmss-web\/1 \(cannot be restarted while Stopped\)/);
    assert.equal(confirm.confirmLabel, 'Restart');
  });

  void test('Restart on a stopped VM is refused before any question', async () => {
    const prompter = new QueuePrompter([]);
    const result = await restartFlow({ kind: 'instances', instances: [stopped, deallocated] }, { prompter, source: azure() });
    assert.ok(result.outcome === 'nothingToDo');
    assert.match(result.message, /cannot be restarted while Stopped/);
    assert.equal(prompter.asked.length, 0);
  });
});

const bj = (id: string, status: EcsInstance['status'], more: Partial<EcsInstance> = {}): EcsInstance => ({ ...ecs(id, status), ...more });
const keepStopped = bj('i-abc01', 'STOPPED');
const economical = bj('i-abc02', 'STOPPED', { stoppedMode: 'StopCharging' });
const ecsRunning = bj('i-abc03', 'RUNNING');
const bareMetal = bj('i-abc04', 'RUNNING', { instanceTypeId: 'ecs.ebmg2t.32xlarge', name: 'metal-04' });

function volc(): MemoryVolcengineFleet {
  return new MemoryVolcengineFleet({ 'cn-beijing': [keepStopped, economical, ecsRunning, bareMetal] });
}

let tokens = 0;
const newClientToken = (): string => `token-${++tokens}`;

void describe('Volcengine Start flow', () => {
  void test('a normal-stopped instance: starting is the default; billing resumes; a fresh ClientToken', async () => {
    const prompter = new QueuePrompter([{ pick: 'Start the instances' }, { confirm: true }]);
    const result = await startInstanceFlow({ kind: 'instances', instances: [keepStopped] }, { prompter, source: volc(), newClientToken });
    assert.ok(result.outcome === 'plan');
    assert.equal(result.plan.kind, 'volcengine.startInstance');
    assert.equal(result.plan.options.dryRun, false);
    assert.match(result.plan.options.clientToken, /^token-\d+$/);
    assert.deepEqual(result.plan.targets, [{ id: 'i-abc01', label: 'web-01 (i-abc01)', scope: 'cn-beijing' }]);
    const pick = prompter.asked[0];
    assert.ok(pick?.kind === 'pickOne');
    assert.equal(pick.items[0]?.label, 'Start the instances');
    assert.equal(pick.items[0]?.description, 'default');
    const confirm = confirmOf(prompter);
    assert.equal(confirm.message, 'Start web-01 (i-abc01)?');
    assert.match(confirm.detail, /billed for compute again/);
    assert.doesNotMatch(confirm.detail, /out of stock/);
  });

  void test('an economical-stopped instance: the stock check comes first, recommended; the confirmation warns of stock', async () => {
    const prompter = new QueuePrompter([{ pick: 'Check only (DryRun)' }, { confirm: true }]);
    const result = await startInstanceFlow({ kind: 'instances', instances: [economical, keepStopped] }, { prompter, source: volc(), newClientToken });
    assert.ok(result.outcome === 'plan');
    assert.equal(result.plan.options.dryRun, true);
    const pick = prompter.asked[0];
    assert.ok(pick?.kind === 'pickOne');
    assert.equal(pick.items[0]?.label, 'Check only (DryRun)');
    assert.equal(pick.items[0]?.description, 'recommended');
    assert.match(pick.items[0]?.detail ?? '', /stock/);
    const confirm = confirmOf(prompter);
    assert.equal(confirm.message, 'Check whether 2 instances can be started? Nothing will be started.');
    assert.match(confirm.detail, /re-creates the vCPU and memory of web-02 \(i-abc02\); if the region is out of stock, the start fails/);
    assert.equal(confirm.confirmLabel, 'Check');
  });

  void test('running instances are left out; only stopped ones can start', async () => {
    const prompter = new QueuePrompter([{ pick: 'Start the instances' }, { confirm: true }]);
    const result = await startInstanceFlow({ kind: 'instances', instances: [keepStopped, ecsRunning] }, { prompter, source: volc(), newClientToken });
    assert.ok(result.outcome === 'plan');
    assert.deepEqual(result.plan.targets.map((t) => t.id), ['i-abc01']);
    assert.match(confirmOf(prompter).detail, /Left out \(not stopped\): web-03 \(i-abc03\) \(Running\)/);
    const nothing = await startInstanceFlow({ kind: 'instances', instances: [ecsRunning] }, { prompter: new QueuePrompter([]), source: volc(), newClientToken });
    assert.ok(nothing.outcome === 'nothingToDo');
    assert.match(nothing.message, /Only stopped instances can be started/);
  });

  void test('the palette lists only stopped instances', async () => {
    const prompter = new QueuePrompter([{ pickMany: ['web-01'] }, { pick: 'Start the instances' }, { confirm: true }]);
    const result = await startInstanceFlow({ kind: 'none' }, { prompter, source: volc(), newClientToken });
    assert.ok(result.outcome === 'plan');
    const offered = prompter.asked[0];
    assert.ok(offered?.kind === 'pickMany');
    assert.deepEqual(offered.items.map((i) => i.label), ['web-01', 'web-02']);
  });
});

void describe('Volcengine Reboot flow', () => {
  void test('force stop: the confirmation says unflushed data is lost and names the bare-metal instance', async () => {
    const prompter = new QueuePrompter([{ pick: 'Force stop' }, { confirm: true }]);
    const result = await rebootInstanceFlow({ kind: 'instances', instances: [ecsRunning, bareMetal, keepStopped] }, { prompter, source: volc(), newClientToken });
    assert.ok(result.outcome === 'plan');
    assert.equal(result.plan.kind, 'volcengine.rebootInstance');
    assert.equal(result.plan.options.forceStop, true);
    assert.deepEqual(result.plan.targets.map((t) => t.id), ['i-abc03', 'i-abc04']);
    const pick = prompter.asked[0];
    assert.ok(pick?.kind === 'pickOne');
    assert.equal(pick.items[0]?.label, 'Normal shutdown');
    assert.match(pick.items.find((i) => i.label === 'Force stop')?.detail ?? '', /data not yet written to disk is lost/);
    const confirm = confirmOf(prompter);
    assert.equal(confirm.message, 'Reboot 2 instances?');
    assert.match(confirm.detail, /Force stop: data not yet written to disk is lost/);
    assert.match(confirm.detail, /Bare metal: metal-04 \(i-abc04\) is always force-stopped[^\n]*advises rebooting bare-metal instances from its console/);
    assert.match(confirm.detail, /Left out \(not running\): web-01 \(i-abc01\) \(Stopped\)/);
    assert.equal(confirm.confirmLabel, 'Reboot');
  });

  void test('normal shutdown is the default; the bare-metal advice is still given', async () => {
    const prompter = new QueuePrompter([{ pick: 'Normal shutdown' }, { confirm: true }]);
    const result = await rebootInstanceFlow({ kind: 'instances', instances: [ecsRunning] }, { prompter, source: volc(), newClientToken });
    assert.ok(result.outcome === 'plan');
    assert.equal(result.plan.options.forceStop, false);
    const confirm = confirmOf(prompter);
    assert.equal(confirm.message, 'Reboot web-03 (i-abc03)?');
    assert.match(confirm.detail, /operating system shuts down first/);
    assert.match(confirm.detail, /Bare-metal instances are always force-stopped; Volcengine advises rebooting them from its console/);
  });

  void test('Reboot on a stopped instance is refused before any question', async () => {
    const prompter = new QueuePrompter([]);
    const result = await rebootInstanceFlow({ kind: 'instances', instances: [keepStopped, economical] }, { prompter, source: volc(), newClientToken });
    assert.ok(result.outcome === 'nothingToDo');
    assert.match(result.message, /Only running instances can be rebooted/);
    assert.equal(prompter.asked.length, 0);
  });
});
