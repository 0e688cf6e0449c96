/**
 * The menus offer Start, Restart and Reboot only where the state allows them: each command's
 * `viewItem` clause in package.json, tested against the contextValue the trees produce for every
 * state (and for a node with an operation in flight). The nodes of an operation in flight say
 * what is happening (Starting…, Restarting…, Rebooting…).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { CommandIds } from '../../src/ui/commands/ids';
import { AZURE_POWER_STATES, instancePresentation, scaleSetPresentation } from '../../src/ui/tree/azurePresentation';
import { ECS_STATUSES, ecsInstancePresentation } from '../../src/ui/tree/volcenginePresentation';
import { ecs, instance, scaleSet } from './ui-fixtures';

interface MenuItem { command: string; when?: string }
const manifest = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'package.json'), 'utf8')) as { contributes: { menus: Record<string, MenuItem[]> } };

/** The one `viewItem =~ /…/` of a command's context-menu entry, and the view it is shown in. */
function menuFor(command: string): { view: string; viewItem: RegExp } {
  const item = manifest.contributes.menus['view/item/context']?.find((m) => m.command === command);
  const view = /view == ([\w.]+)/.exec(item?.when ?? '')?.[1];
  const pattern = /viewItem =~ \/(.+?)\/(?=\s|$|\))/.exec(item?.when ?? '')?.[1];
  assert.ok(view && pattern, `${command} has a context-menu entry gated on its view and node`);
  return { view, viewItem: new RegExp(pattern) };
}

void describe('Azure Start and Restart menus', () => {
  const start = menuFor(CommandIds.azureStart);
  const restart = menuFor(CommandIds.azureRestart);
  const sets = [scaleSet('vmss-web', 'Uniform'), scaleSet('vmss-api', 'Flexible', true)];

  void test('in the Azure view only', () => {
    assert.equal(start.view, 'fleetPower.azure');
    assert.equal(restart.view, 'fleetPower.azure');
  });

  void test('Start only on stopped, deallocated and hibernated VMs; Restart only on running ones; never Start on a running VM', () => {
    for (const set of sets) {
      for (const state of AZURE_POWER_STATES) {
        const value = instancePresentation(instance(set, 1, state)).contextValue;
        assert.equal(start.viewItem.test(value), ['stopped', 'deallocated', 'hibernated'].includes(state), `Start on a ${set.orchestrationMode} VM ${state}`);
        assert.equal(restart.viewItem.test(value), state === 'running', `Restart on a ${set.orchestrationMode} VM ${state}`);
      }
    }
  });

  void test('neither while an operation on the node is in flight; the node says Starting… / Restarting…', () => {
    const set = sets[0];
    assert.ok(set);
    const starting = instancePresentation(instance(set, 1, 'deallocated'), 'azure.start');
    const restarting = instancePresentation(instance(set, 1, 'running'), 'azure.restart');
    for (const p of [starting, restarting]) {
      assert.ok(!start.viewItem.test(p.contextValue) && !restart.viewItem.test(p.contextValue), p.contextValue);
      assert.equal(p.icon.id, 'loading~spin');
    }
    assert.equal(starting.description, '#1 · Starting…');
    assert.equal(restarting.description, '#1 · Restarting…');
  });

  void test('both on scale-set nodes (the flow then takes only the instances whose state allows it)', () => {
    for (const set of sets) {
      const value = scaleSetPresentation(set, undefined).contextValue;
      assert.ok(start.viewItem.test(value) && restart.viewItem.test(value), value);
    }
  });
});

void describe('Volcengine Start and Reboot menus', () => {
  const start = menuFor(CommandIds.volcengineStartInstance);
  const reboot = menuFor(CommandIds.volcengineRebootInstance);

  void test('Start only on STOPPED instances, Reboot only on RUNNING ones, in the Volcengine view', () => {
    assert.equal(start.view, 'fleetPower.volcengine');
    assert.equal(reboot.view, 'fleetPower.volcengine');
    for (const status of ECS_STATUSES) {
      const value = ecsInstancePresentation(ecs('i-1', status)).contextValue;
      assert.equal(start.viewItem.test(value), status === 'STOPPED', `Start on ${status}`);
      assert.equal(reboot.viewItem.test(value), status === 'RUNNING', `Reboot on ${status}`);
    }
  });

  void test('neither while an operation is in flight; the node says Starting… / Rebooting…', () => {
    const starting = ecsInstancePresentation(ecs('i-1', 'STOPPED'), 'volcengine.startInstance');
    const rebooting = ecsInstancePresentation(ecs('i-1', 'RUNNING'), 'volcengine.rebootInstance');
    for (const p of [starting, rebooting]) assert.ok(!start.viewItem.test(p.contextValue) && !reboot.viewItem.test(p.contextValue), p.contextValue);
    assert.match(starting.description ?? '', /^Starting…/);
    assert.match(rebooting.description ?? '', /^Rebooting…/);
  });
});
