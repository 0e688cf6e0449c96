/**
 * Maintenance end to end through the real SDKs against the emulator: the listings the tree
 * already makes carry maintenanceRedeployStatus for Uniform and Flexible instances with no
 * per-VM request; the Perform Maintenance flow over a whole scale set sends exactly the eligible
 * instances, after which their status is gone; a status that changed after the read is refused by
 * Azure and worded as "not eligible now".
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator, SAMPLE_SUBSCRIPTIONS, type Emulator } from '../../emulator/src/index';
import {
  createAzureCredential, createAzureFleetClient, createAzureProvider, resolveAzureEndpoint, type AzureFleetClient,
} from '../../src/cloud/azure/index';
import { InMemoryJournal, OperationEngine } from '../../src/fleet/index';
import type { ScaleSet, ScaleSetInstance } from '../../src/fleet/model';
import { describeCloudError } from '../../src/ui/errorMessages';
import { performMaintenanceFlow } from '../../src/ui/flows/azureMaintenance';
import type { AzureFleetSource } from '../../src/ui/flows/types';
import { QueuePrompter } from '../../src/ui/prompts/queuePrompter';
import { maintenanceMarker } from '../../src/ui/tree/maintenance';

let emu: Emulator;
let client: AzureFleetClient;
let engine: OperationEngine;
const scaleSets = new Map<string, ScaleSet>();

before(async () => {
  // Page size 10: vmss-web's 24 instances come in three pages, so the status must survive paging.
  emu = await startEmulator({ transitionMs: 200, retryAfterSeconds: 0, pageSize: 10 });
  Object.assign(process.env, emu.env());
  const credential = await createAzureCredential('azureCli');
  const { endpoint, scope } = resolveAzureEndpoint({ cloud: 'Custom', resourceManagerEndpoint: emu.armUrl });
  client = createAzureFleetClient({ endpoint, scope, credential, pollIntervalMs: 50 });
  engine = new OperationEngine({ providers: [createAzureProvider(client)], journal: new InMemoryJournal() });
  for (const s of await client.listScaleSets(SAMPLE_SUBSCRIPTIONS.production)) scaleSets.set(s.name, s);
});

after(async () => {
  engine.dispose();
  await emu.stop();
});

function ss(name: string): ScaleSet {
  const s = scaleSets.get(name);
  assert.ok(s, name);
  return s;
}

/** What the tree gives the flows, over the real client (a fresh listing each time). */
const source: AzureFleetSource = {
  subscriptions: () => client.listSubscriptions(),
  scaleSets: (subscriptionId) => client.listScaleSets(subscriptionId),
  instances: (ref) => client.listInstances(ref),
  scaleSet: (ref) => client.knownScaleSet(ref.id),
};

const withStatus = (instances: ScaleSetInstance[]) => instances.filter((i) => i.maintenance !== undefined).map((i) => i.instanceId);

void describe('maintenance status in the listing', () => {
  void test('Uniform and Flexible listings carry it; the tree makes no per-VM request for it', async () => {
    emu.requests.clear();
    const web = await client.listInstances(ss('vmss-web'));
    const api = await client.listInstances(ss('vmss-api'));
    const reads = emu.requests.where({ service: 'arm', method: 'GET' });
    assert.deepEqual([...new Set(reads.map((r) => r.operation))].sort(), ['listVMs', 'listVirtualMachines'], reads.map((r) => `${r.operation} ${r.path}`).join('\n'));
    assert.equal(reads.filter((r) => r.operation === 'listVMs').length, 3, 'three pages, one request each');
    assert.equal(reads.filter((r) => r.operation === 'listVirtualMachines').length, 1);
    assert.ok(reads.every((r) => /^instanceView$/i.test(r.query.$expand ?? '')), 'the instance view is expanded in the listing itself');

    assert.deepEqual(withStatus(web).sort(), ['2', '3', '8', '9']);
    const byId = (id: string) => web.find((i) => i.instanceId === id);
    assert.equal(byId('2')?.maintenance?.customerMayStart, true);
    assert.ok((byId('2')?.maintenance?.selfServiceWindow?.end ?? 0) > Date.now());
    assert.equal(byId('8')?.maintenance?.customerMayStart, false);
    assert.equal(byId('9')?.maintenance?.lastResult, 'MaintenanceCompleted');
    assert.deepEqual(withStatus(api), ['vmss-api_4f1c2a9e']);
    assert.equal(api.find((i) => i.maintenance)?.maintenance?.customerMayStart, true);

    const now = { now: Date.now() };
    assert.match(maintenanceMarker(byId('2')?.maintenance, now) ?? '', /^maintenance pending: you can start it until /);
    assert.match(maintenanceMarker(byId('8')?.maintenance, now) ?? '', /^Azure will start maintenance /);
    assert.equal(maintenanceMarker(byId('9')?.maintenance, now), 'maintenance completed');
  });
});

void describe('Perform Maintenance on a whole scale set', () => {
  void test('the request carries exactly the eligible, confirmed ids; afterwards their status is gone', async () => {
    const prompter = new QueuePrompter([{ confirm: true }]);
    const flow = await performMaintenanceFlow({ kind: 'scaleSet', scaleSet: ss('vmss-web') }, { prompter, source });
    assert.ok(flow.outcome === 'plan');
    const confirm = prompter.asked[0];
    assert.ok(confirm?.kind === 'confirm');
    assert.match(confirm.detail, /^Instances: vmss-web\/2, vmss-web\/3$/m);
    assert.match(confirm.detail, /Left out, nothing is sent for them: 22 instances \(no maintenance planned: 20; Azure does not offer self-service maintenance for it now: 2\)\./);

    emu.requests.clear();
    const record = await engine.start(flow.plan).done;
    assert.equal(record.status, 'succeeded', JSON.stringify(record.error));
    const posts = emu.requests.where({ service: 'arm', method: 'POST' });
    assert.equal(posts.length, 1);
    assert.match(posts[0]?.path ?? '', /\/virtualMachineScaleSets\/vmss-web\/performMaintenance$/i);
    assert.deepEqual(posts[0]?.body, { instanceIds: ['2', '3'] });

    const after = await client.listInstances(ss('vmss-web'));
    assert.deepEqual(withStatus(after).sort(), ['8', '9'], 'the maintained instances have no status any more; the others keep theirs');
    const again = await performMaintenanceFlow({ kind: 'scaleSet', scaleSet: ss('vmss-web') }, { prompter: new QueuePrompter([]), source });
    assert.ok(again.outcome === 'nothingToDo', 'none is eligible now: nothing asked, nothing sent');
  });

  void test('a status that changed after the read: Azure refuses, and the message says not eligible now', async () => {
    emu.control.azure.setMaintenanceEligible('vmss-web_5', true);
    const listed = await client.listInstances(ss('vmss-web'));
    const flow = await performMaintenanceFlow({ kind: 'instances', instances: listed.filter((i) => i.instanceId === '5') }, { prompter: new QueuePrompter([{ confirm: true }]), source });
    assert.ok(flow.outcome === 'plan');
    emu.control.azure.setMaintenance('vmss-web_5', 'scheduledOnly');
    const record = await engine.start(flow.plan).done;
    assert.equal(record.status, 'failed');
    assert.ok(record.error);
    assert.equal(record.error.code, 'OperationNotAllowed');
    const shown = describeCloudError('azure.performMaintenance', record.error, 'vmss-web/5');
    assert.match(shown.message, /not eligible for self-service maintenance now/);
  });
});
