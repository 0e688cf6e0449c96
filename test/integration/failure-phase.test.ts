/**
 * Which way a failure went, through the real SDK against the emulator: a deallocation Azure
 * accepted (202) that then ends Failed is marked accepted on its target and worded "accepted …
 * then failed"; a power off Azure refuses (409) is not, and reads as a refusal.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Emulator, SAMPLE_SUBSCRIPTIONS, startEmulator } from '../../emulator/src/index';
import { createAzureCredential, createAzureFleetClient, createAzureProvider, resolveAzureEndpoint, type AzureFleetClient } from '../../src/cloud/azure/index';
import { InMemoryJournal, OperationEngine } from '../../src/fleet/index';
import type { OperationTarget } from '../../src/fleet/model';
import { describeCloudError } from '../../src/ui/errorMessages';
import { phaseOfResult } from '../../src/ui/failureWording';

let emu: Emulator;
let client: AzureFleetClient;
let engine: OperationEngine;

before(async () => {
  emu = await startEmulator({ transitionMs: 200, retryAfterSeconds: 0 });
  Object.assign(process.env, emu.env());
  const { endpoint, scope } = resolveAzureEndpoint({ cloud: 'Custom', resourceManagerEndpoint: emu.armUrl });
  client = createAzureFleetClient({ endpoint, scope, credential: await createAzureCredential('azureCli'), pollIntervalMs: 50 });
  engine = new OperationEngine({ providers: [createAzureProvider(client)], journal: new InMemoryJournal() });
});

after(async () => {
  engine.dispose();
  await emu.stop();
});

async function target(instanceId: string): Promise<OperationTarget> {
  const set = (await client.listScaleSets(SAMPLE_SUBSCRIPTIONS.devTest)).find((s) => s.name === 'vmss-dev');
  assert.ok(set);
  const vm = (await client.listInstances(set)).find((i) => i.instanceId === instanceId);
  assert.ok(vm);
  return { id: vm.id, label: `vmss-dev/${instanceId}`, scope: set.id };
}

void describe('failures by phase', () => {
  void test('accepted (202), then Failed with InternalExecutionError: the target is marked accepted and the words say so', async () => {
    emu.inject({ kind: 'lroFail', service: 'arm', route: /vmss-dev\/deallocate$/, code: 'InternalExecutionError', message: 'An internal execution error occurred. Please retry later.' });
    const t = await target('0');
    const record = await engine.start({ kind: 'azure.deallocate', targets: [t], options: { hibernate: false } }).done;
    assert.equal(record.status, 'failed');
    const result = record.results[t.id];
    assert.ok(result);
    assert.equal(result.accepted, true);
    assert.equal(result.code, 'InternalExecutionError');
    assert.equal(phaseOfResult(result), 'failedAfterAccepted');
    assert.ok(record.events.some((e) => e.type === 'accepted' && e.httpStatus === 202), 'Azure accepted the request');
    assert.ok(record.error);
    const { message } = describeCloudError(record.kind, record.error, t.label, phaseOfResult(result));
    assert.match(message, /^Azure accepted the request to deallocate vmss-dev\/0, but it then failed: InternalExecutionError/);
  });

  void test('refused (409) before anything started: not accepted, worded as a refusal', async () => {
    const t = await target('3'); // deallocated in the sample fleet: powerOff is refused
    const record = await engine.start({ kind: 'azure.powerOff', targets: [t], options: { skipShutdown: false } }).done;
    assert.equal(record.status, 'failed');
    const result = record.results[t.id];
    assert.ok(result);
    assert.equal(result.accepted, undefined);
    assert.equal(phaseOfResult(result), 'refused');
    assert.ok(record.error);
    assert.match(describeCloudError(record.kind, record.error, t.label, phaseOfResult(result)).message, /^Azure refused to power off vmss-dev\/3: OperationNotAllowed/);
  });
});
