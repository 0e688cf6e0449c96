import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { newClientToken as freshClientToken } from '../../src/fleet/clientToken';
import { stopInstanceFlow } from '../../src/ui/flows/volcengine';
import { QueuePrompter } from '../../src/ui/prompts/queuePrompter';
import { ecs, MemoryVolcengineFleet } from './ui-fixtures';

const running1 = ecs('i-abc01', 'RUNNING');
const running2 = ecs('i-abc02', 'RUNNING');
const stopped = ecs('i-abc03', 'STOPPED');
const starting = ecs('i-abc04', 'STARTING');

function source(): MemoryVolcengineFleet {
  return new MemoryVolcengineFleet({ 'cn-beijing': [running1, running2, stopped, starting], 'cn-shanghai': [ecs('i-sh001', 'STOPPED', 'cn-shanghai')] });
}

let tokens = 0;
const newClientToken = (): string => `token-${++tokens}`;

void describe('Volcengine Stop flow', () => {
  void test('defaults: KeepCharging, no force stop, a real stop; one fresh ClientToken', async () => {
    const prompter = new QueuePrompter([{ pick: 'Normal stop (KeepCharging)' }, { pick: 'Normal shutdown' }, { pick: 'Stop the instances' }, { confirm: true }]);
    const result = await stopInstanceFlow({ kind: 'instances', instances: [running1] }, { prompter, source: source(), newClientToken });
    assert.ok(result.outcome === 'plan');
    assert.equal(result.plan.kind, 'volcengine.stopInstance');
    assert.equal(result.plan.options.stoppedMode, 'KeepCharging');
    assert.equal(result.plan.options.forceStop, false);
    assert.equal(result.plan.options.dryRun, false);
    assert.match(result.plan.options.clientToken, /^token-\d+$/);
    assert.deepEqual(result.plan.targets, [{ id: 'i-abc01', label: 'web-01 (i-abc01)', scope: 'cn-beijing' }]);

    for (const index of [0, 1, 2]) {
      const pick = prompter.asked[index];
      assert.ok(pick?.kind === 'pickOne');
      assert.equal(pick.items[0]?.description, 'default', `the first item of pick ${index} is the default`);
    }
    const confirm = prompter.asked[3];
    assert.ok(confirm?.kind === 'confirm');
    assert.equal(confirm.message, 'Stop web-01 (i-abc01)?');
    assert.match(confirm.detail, /still billed/);
    assert.equal(confirm.confirmLabel, 'Stop');
  });

  void test('each pick spells out its consequence', async () => {
    const prompter = new QueuePrompter([{ pick: 'Economical stop (StopCharging)' }, { pick: 'Force stop' }, { pick: 'Stop the instances' }, { confirm: true }]);
    const result = await stopInstanceFlow({ kind: 'instances', instances: [running1, running2] }, { prompter, source: source(), newClientToken });
    assert.ok(result.outcome === 'plan');
    assert.equal(result.plan.options.stoppedMode, 'StopCharging');
    assert.equal(result.plan.options.forceStop, true);

    const mode = prompter.asked[0];
    assert.ok(mode?.kind === 'pickOne');
    const economical = mode.items.find((i) => i.label === 'Economical stop (StopCharging)');
    assert.match(economical?.detail ?? '', /vCPU and memory are released and not billed/);
    assert.match(economical?.detail ?? '', /disks, public IP and bandwidth are still billed/);
    assert.match(economical?.detail ?? '', /out of stock/);
    assert.match(economical?.detail ?? '', /Not every instance type/);
    const force = prompter.asked[1];
    assert.ok(force?.kind === 'pickOne');
    assert.match(force.items.find((i) => i.label === 'Force stop')?.detail ?? '', /data not yet written to disk is lost/);
    const confirm = prompter.asked[3];
    assert.ok(confirm?.kind === 'confirm');
    assert.equal(confirm.message, 'Stop 2 instances?');
    assert.match(confirm.detail, /Economical stop/);
    assert.match(confirm.detail, /Force stop: data not yet written to disk is lost/);
  });

  void test('check only (DryRun): the confirmation says nothing will be stopped', async () => {
    const prompter = new QueuePrompter([{ pick: 'Economical stop (StopCharging)' }, { pick: 'Normal shutdown' }, { pick: 'Check only (DryRun)' }, { confirm: true }]);
    const result = await stopInstanceFlow({ kind: 'instances', instances: [running1, running2] }, { prompter, source: source(), newClientToken });
    assert.ok(result.outcome === 'plan');
    assert.equal(result.plan.options.dryRun, true);
    const dryRun = prompter.asked[2];
    assert.ok(dryRun?.kind === 'pickOne');
    assert.match(dryRun.items.find((i) => i.label === 'Check only (DryRun)')?.detail ?? '', /changes nothing/);
    const confirm = prompter.asked[3];
    assert.ok(confirm?.kind === 'confirm');
    assert.match(confirm.message, /Nothing will be stopped/);
    assert.equal(confirm.confirmLabel, 'Check');
  });

  void test('only RUNNING instances are targets; the others are named as left out', async () => {
    const prompter = new QueuePrompter([{ pick: 'Normal stop (KeepCharging)' }, { pick: 'Normal shutdown' }, { pick: 'Stop the instances' }, { confirm: true }]);
    const result = await stopInstanceFlow({ kind: 'instances', instances: [running1, stopped, starting] }, { prompter, source: source(), newClientToken });
    assert.ok(result.outcome === 'plan');
    assert.deepEqual(result.plan.targets.map((t) => t.id), ['i-abc01']);
    const confirm = prompter.asked[3];
    assert.ok(confirm?.kind === 'confirm');
    assert.match(confirm.detail, /Left out \(not running\): web-03 \(i-abc03\) \(Stopped\), web-04 \(i-abc04\) \(Starting…\)/);
  });

  void test('no running instance selected: nothing sent, nothing asked', async () => {
    const prompter = new QueuePrompter([]);
    const result = await stopInstanceFlow({ kind: 'instances', instances: [stopped] }, { prompter, source: source(), newClientToken });
    assert.equal(result.outcome, 'nothingToDo');
    assert.equal(prompter.asked.length, 0);
  });

  void test('from the palette: region (localized name) → running instances only', async () => {
    const prompter = new QueuePrompter([{ pick: 'China North 2 (Beijing)' }, { pickMany: ['web-02'] }, { pick: 'Normal stop (KeepCharging)' }, { pick: 'Normal shutdown' }, { pick: 'Stop the instances' }, { confirm: true }]);
    const result = await stopInstanceFlow({ kind: 'none' }, { prompter, source: source(), newClientToken });
    assert.ok(result.outcome === 'plan');
    assert.deepEqual(result.plan.targets.map((t) => t.id), ['i-abc02']);
    const regions = prompter.asked[0];
    assert.ok(regions?.kind === 'pickOne');
    assert.deepEqual(regions.items.map((i) => i.label), ['China North 2 (Beijing)', 'China East 2 (Shanghai)']);
    const instances = prompter.asked[1];
    assert.ok(instances?.kind === 'pickMany');
    assert.deepEqual(instances.items.map((i) => i.label), ['web-01', 'web-02']);
  });

  void test('a region with no running instance says so and sends nothing', async () => {
    const prompter = new QueuePrompter([{ pick: 'China East 2 (Shanghai)' }]);
    const result = await stopInstanceFlow({ kind: 'none' }, { prompter, source: source(), newClientToken });
    assert.equal(result.outcome, 'nothingToDo');
  });

  void test('every user action gets a new ClientToken of at most 64 ASCII characters', async () => {
    const answers = (): ConstructorParameters<typeof QueuePrompter>[0] => [{ pick: 'Normal stop (KeepCharging)' }, { pick: 'Normal shutdown' }, { pick: 'Stop the instances' }, { confirm: true }];
    const first = await stopInstanceFlow({ kind: 'instances', instances: [running1] }, { prompter: new QueuePrompter(answers()), source: source() });
    const second = await stopInstanceFlow({ kind: 'instances', instances: [running1] }, { prompter: new QueuePrompter(answers()), source: source() });
    assert.ok(first.outcome === 'plan' && second.outcome === 'plan');
    assert.notEqual(first.plan.options.clientToken, second.plan.options.clientToken);
    for (const token of [first.plan.options.clientToken, second.plan.options.clientToken, freshClientToken()]) {
      assert.ok(token.length > 0 && token.length <= 64, token);
      assert.match(token, /^[\x21-\x7e]+$/);
    }
  });

  void test('declining the confirmation cancels and generates no token', async () => {
    let generated = 0;
    const prompter = new QueuePrompter([{ pick: 'Normal stop (KeepCharging)' }, { pick: 'Normal shutdown' }, { pick: 'Stop the instances' }, { confirm: false }]);
    const result = await stopInstanceFlow({ kind: 'instances', instances: [running1] }, { prompter, source: source(), newClientToken: () => `t${++generated}` });
    assert.equal(result.outcome, 'canceled');
    assert.equal(generated, 0);
  });
});
