/**
 * Every tenant through the Azure CLI: the real AzureCliCredential runs the emulator's stand-in
 * `az` with `--tenant` for each tenant (the emulator's request log records which tenant each
 * token was asked for), each subscription is listed and acted on with its own tenant's token, a
 * tenant that needs an interactive sign-in is reported without hiding the others, and a claims
 * challenge on an action ends with the exact `az login --claims-challenge … --tenant …` line.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { MULTI_TENANT, multiTenantFleet, startEmulator, type Emulator, type RecordedRequest } from '../../emulator/src/index';
import { MFA_CLAIMS } from '../../emulator/src/azure/tenants';
import { createAzureCredential, createAzureFleetClient, createAzureProvider, resolveAzureEndpoint, type AzureFleetClient } from '../../src/cloud/azure/index';
import { InMemoryJournal, OperationEngine } from '../../src/fleet/index';
import type { OperationTarget } from '../../src/fleet/model';

const { tenants, subscriptions } = MULTI_TENANT;
let emu: Emulator;
let client: AzureFleetClient;
let engine: OperationEngine;
let scope: string;

before(async () => {
  emu = await startEmulator({ fleet: multiTenantFleet(), transitionMs: 100, retryAfterSeconds: 0 });
  Object.assign(process.env, emu.env());
  const resolved = resolveAzureEndpoint({ cloud: 'Custom', resourceManagerEndpoint: emu.armUrl });
  scope = resolved.scope;
  client = createAzureFleetClient({ endpoint: resolved.endpoint, scope, credential: await createAzureCredential('azureCli'), tenants: 'account', pollIntervalMs: 50 });
  engine = new OperationEngine({ providers: [createAzureProvider(client)], journal: new InMemoryJournal() });
});

after(async () => {
  engine.dispose();
  await emu.stop();
});

/** The tenant each token request of the stand-in az named (the path of the emulated token endpoint). */
function tokenTenants(since = 0): string[] {
  return emu.requests.where({ service: 'login', operation: 'token' }).filter((r) => r.seq > since).map((r) => r.path.split('/')[1] ?? '');
}

function lastSeq(): number {
  return emu.requests.all().at(-1)?.seq ?? 0;
}

function armSince(seq: number): RecordedRequest[] {
  return emu.requests.where({ service: 'arm' }).filter((r) => r.seq > seq);
}

async function target(subscriptionId: string, instanceId: string): Promise<OperationTarget> {
  const [scaleSet] = await client.listScaleSets(subscriptionId);
  if (!scaleSet) throw new Error(`no scale set in ${subscriptionId}`);
  const instance = (await client.listInstances(scaleSet)).find((i) => i.instanceId === instanceId);
  if (!instance) throw new Error(`no instance ${instanceId}`);
  return { id: instance.id, label: instance.name, scope: scaleSet.id };
}

void describe('Azure CLI across tenants', () => {
  void test('each tenant is listed with a token asked for with --tenant; the tenant that needs MFA is reported, the others list', async () => {
    const seq = lastSeq();
    const directory = await client.listDirectory();
    assert.deepEqual(directory.tenants.map((t) => [t.tenant.displayName, t.status]), [
      ['Contoso', 'listed'], ['Fabrikam', 'listed'], ['Northwind Traders', 'signInRequired'],
    ]);
    assert.equal(directory.tenants[2]?.error?.code, 'AzureCliNotSignedIn');
    assert.deepEqual(directory.subscriptions.map((s) => [s.displayName, s.accessTenantId]), [
      ['Contoso Production', tenants.contoso],
      ['Woodgrove Bank (delegated)', tenants.contoso],
      ['Fabrikam Retail', tenants.fabrikam],
    ]);
    assert.deepEqual(tokenTenants(seq).sort(), [tenants.contoso, tenants.fabrikam, tenants.northwind].sort(), 'one az --tenant per tenant');
    const listings = armSince(seq).filter((r) => r.operation === 'listSubscriptions');
    assert.equal(listings.length, 2, 'the tenant without a token sends nothing');
    assert.ok(armSince(seq).every((r) => r.status < 400), 'no request with a token of the wrong tenant');
  });

  void test("every subscription's scale sets and instances are read with its tenant's token, and tokens are reused per tenant", async () => {
    const seq = lastSeq();
    const lists = await client.listScaleSetsOf([subscriptions.contosoProduction, subscriptions.fabrikamRetail, subscriptions.woodgroveDelegated]);
    assert.deepEqual(lists.map((l) => [l.items?.map((s) => s.name), l.error?.code]), [[['vmss-web'], undefined], [['vmss-shop'], undefined], [['vmss-bank'], undefined]]);
    assert.ok(armSince(seq).every((r) => r.status === 200), JSON.stringify(armSince(seq).map((r) => [r.path, r.status])));
    assert.deepEqual(tokenTenants(seq), [], 'the tokens of the listing serve these requests (cached per tenant)');
  });

  void test("a power off in a guest tenant goes out with that tenant's token and is accepted once", async () => {
    const seq = lastSeq();
    const t = await target(subscriptions.fabrikamRetail, '0');
    const record = await engine.start({ kind: 'azure.powerOff', targets: [t], options: { skipShutdown: false } }).done;
    assert.equal(record.status, 'succeeded', JSON.stringify(record.error));
    const posts = armSince(seq).filter((r) => r.method === 'POST');
    assert.deepEqual(posts.map((r) => [r.operation, r.status]), [['powerOff', 202]]);
    assert.deepEqual(emu.azureEffects().map((e) => e.action), ['powerOff']);
  });

  void test('a claims challenge on an action names the exact az login line AzureCliCredential gives, and nothing is sent twice', async () => {
    const seq = lastSeq();
    const t = await target(subscriptions.contosoProduction, '0');
    const record = await engine.start({ kind: 'azure.powerOff', targets: [t], options: { skipShutdown: false } }).done;
    assert.equal(record.status, 'failed');
    const claims = Buffer.from(MFA_CLAIMS, 'utf8').toString('base64');
    const line = `az login --claims-challenge ${claims} --scope ${scope} --tenant ${tenants.contoso}`;
    assert.ok(record.error?.message.includes(line), `${record.error?.message ?? ''}\n should name: ${line}`);
    assert.equal(record.error?.category, 'authentication');
    const posts = armSince(seq).filter((r) => r.method === 'POST');
    assert.deepEqual(posts.map((r) => r.status), [401], 'the refused request is not sent again without a new sign-in');
    assert.equal(emu.azureEffects().filter((e) => e.action === 'powerOff').length, 1, 'only the earlier power off took effect');
  });
});
