/**
 * The LRO faults the reliability suite uses for completion reconciliation and the deadline,
 * over raw HTTPS on a hand-stepped clock: a Location URL that ends with 204, a status resource
 * whose status is not a string, an operation that never ends, an action answered 204 at once;
 * and the effect log every duplicate figure is measured from.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SAMPLE_SUBSCRIPTIONS, startEmulator, type Emulator } from '../src/index';
import { msiToken, raw } from './azure-support';

const PROD = SAMPLE_SUBSCRIPTIONS.production;
const SET = `/subscriptions/${PROD}/resourceGroups/rg-web-prod/providers/Microsoft.Compute/virtualMachineScaleSets/vmss-web`;
const API = 'api-version=2024-07-01';

void describe('ARM LRO faults', () => {
  let emu: Emulator;
  let now = Date.now();
  let token: string;
  const auth = () => ({ Authorization: `Bearer ${token}` });
  const powerOff = async (instance: string) => {
    const started = await raw(`${emu.armUrl}${SET}/virtualMachines/${instance}/powerOff?${API}`, { method: 'POST', headers: auth() });
    assert.equal(started.status, 202);
    return { asyncUrl: String(started.headers['azure-asyncoperation']), location: String(started.headers.location) };
  };

  before(async () => {
    emu = await startEmulator({ transitionMs: 10_000, retryAfterSeconds: 1, now: () => now });
    token = await msiToken(emu);
  });
  after(async () => {
    await emu.stop();
  });

  void test('lroNoContent: the status resource says Succeeded, the Location URL answers 204 with no body', async () => {
    emu.inject({ kind: 'lroNoContent', route: /virtualmachines\/15\/poweroff$/ });
    const { asyncUrl, location } = await powerOff('15');
    assert.equal((await raw(location, { headers: auth() })).status, 202, 'still running');
    now += 10_000;
    assert.equal(((await raw(asyncUrl, { headers: auth() })).json as { status: string }).status, 'Succeeded');
    const end = await raw(location, { headers: auth() });
    assert.equal(end.status, 204);
    assert.equal(end.text, '');
    // The next operation is not affected.
    const next = await powerOff('16');
    now += 10_000;
    assert.equal((await raw(next.location, { headers: auth() })).status, 200);
  });

  void test('lroOddBody: once done, the status resource carries a status that is not a string', async () => {
    emu.inject({ kind: 'lroOddBody', route: /virtualmachines\/17\/poweroff$/ });
    const { asyncUrl } = await powerOff('17');
    assert.equal(((await raw(asyncUrl, { headers: auth() })).json as { status: unknown }).status, 'InProgress');
    now += 10_000;
    assert.deepEqual(((await raw(asyncUrl, { headers: auth() })).json as { status: unknown }).status, { code: 'Succeeded' });
  });

  void test('lroStuck: InProgress however long one waits, and the VM stays stopping', async () => {
    emu.inject({ kind: 'lroStuck', route: /virtualmachines\/18\/poweroff$/ });
    const { asyncUrl, location } = await powerOff('18');
    now += 24 * 3600_000;
    assert.equal(((await raw(asyncUrl, { headers: auth() })).json as { status: string }).status, 'InProgress');
    assert.equal((await raw(location, { headers: auth() })).status, 202);
    const vm = emu.state().azure.subscriptions[0]?.resourceGroups[0]?.scaleSets[0]?.instances.find((i) => i.instanceId === '18');
    assert.equal(vm?.powerState, 'stopping');
  });

  void test('actionNoContent: the action is carried out at once and answered 204 with no body and no Location', async () => {
    emu.inject({ kind: 'actionNoContent', route: /virtualmachines\/21\/poweroff$/ });
    const effects = emu.azureEffects().length;
    const answer = await raw(`${emu.armUrl}${SET}/virtualMachines/21/powerOff?${API}`, { method: 'POST', headers: auth() });
    assert.equal(answer.status, 204);
    assert.equal(answer.text, '');
    assert.equal(answer.headers.location, undefined);
    assert.equal(answer.headers['azure-asyncoperation'], undefined);
    const vm = emu.state().azure.subscriptions[0]?.resourceGroups[0]?.scaleSets[0]?.instances.find((i) => i.instanceId === '21');
    assert.equal(vm?.powerState, 'stopped', 'already done, with no time passing');
    assert.equal(emu.azureEffects().length, effects + 1, 'one effect');
    // Only the next action: the one after it is asynchronous again.
    assert.equal((await raw(`${emu.armUrl}${SET}/virtualMachines/23/powerOff?${API}`, { method: 'POST', headers: auth() })).status, 202);
  });

  void test('the effect log has one entry per VM per accepted action, refusals none', async () => {
    const before = emu.azureEffects().length;
    const body = JSON.stringify({ instanceIds: ['19', '20'] });
    const accepted = await raw(`${emu.armUrl}${SET}/deallocate?${API}`, { method: 'POST', headers: { ...auth(), 'Content-Type': 'application/json' }, body });
    assert.equal(accepted.status, 202);
    const refused = await raw(`${emu.armUrl}${SET}/deallocate?${API}`, { method: 'POST', headers: { ...auth(), 'Content-Type': 'application/json' }, body: JSON.stringify({ instanceIds: ['99'] }) });
    assert.equal(refused.status, 400);
    const logged = emu.azureEffects().slice(before);
    assert.deepEqual(logged.map((e) => [e.action, e.vmId.split('/').at(-1)]), [['deallocate', '19'], ['deallocate', '20']]);
    assert.equal(emu.azureEffects(`${SET}/virtualMachines/19`).at(-1)?.action, 'deallocate', 'filtered by VM');
  });
});
