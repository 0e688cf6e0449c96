/**
 * Tenants in the UI: the node of a tenant that needs sign-in (its look, its Sign In menu), the
 * subscription tooltip naming the tenant, and Select Subscriptions grouped by tenant.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { AzureDirectory, TenantListing } from '../../src/cloud/azure/index';
import { subscriptionPickItems } from '../../src/ui/commands/azureSelectSubscriptions';
import { subscriptionPresentation } from '../../src/ui/tree/azurePresentation';
import { TenantNode, tenantNodesOf, tenantNodesRead, tenantPresentation } from '../../src/ui/tree/tenantNodes';

const contoso = { tenantId: 'c0', displayName: 'Contoso', defaultDomain: 'contoso.onmicrosoft.com' };
const fabrikam = { tenantId: 'f0', displayName: 'Fabrikam', defaultDomain: 'fabrikam.onmicrosoft.com' };
const northwind = { tenantId: 'n0', displayName: 'Northwind Traders', defaultDomain: 'northwind.onmicrosoft.com' };
const signInRequired: TenantListing = {
  tenant: northwind, status: 'signInRequired',
  error: { cloud: 'azure', code: 'AuthenticationRequiredError', message: 'VS Code has no session for tenant n0 that can be used without signing in.', category: 'authentication' },
};

/** The `when` clause package.json gives a view/item/context menu entry of this command. */
function menuWhen(command: string, group: string): string {
  const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { contributes: { menus: Record<string, Array<{ command: string; when?: string; group?: string }>> } };
  const entry = pkg.contributes.menus['view/item/context']?.find((m) => m.command === command && m.group === group);
  assert.ok(entry?.when, `no ${group} menu entry for ${command}`);
  return entry.when;
}

function matchesViewItem(when: string, contextValue: string): boolean {
  const re = /viewItem =~ \/(.+?)\/(?:\s|$)/.exec(when)?.[1];
  assert.ok(re, when);
  return new RegExp(re).test(contextValue);
}

void describe('tenant nodes', () => {
  void test('a tenant that needs sign-in reads "Contoso (domain)  sign in required" and offers Sign In inline and in its menu', () => {
    const look = tenantPresentation(signInRequired);
    assert.equal(look.label, 'Northwind Traders (northwind.onmicrosoft.com)');
    assert.equal(look.description, 'sign in required');
    assert.match(look.tooltip, /^Northwind Traders \(northwind\.onmicrosoft\.com\): sign in required\nTenant ID: n0\n/);
    assert.match(look.tooltip, /AuthenticationRequiredError/);
    for (const group of ['inline', '1_auth@1']) assert.ok(matchesViewItem(menuWhen('fleetPower.azure.signInToTenant', group), look.contextValue));
    const failed = tenantPresentation({ tenant: fabrikam, status: 'failed', error: { cloud: 'azure', code: 'InternalServerError', message: 'boom', category: 'server' } });
    assert.equal(failed.description, 'could not list its subscriptions');
    assert.ok(!matchesViewItem(menuWhen('fleetPower.azure.signInToTenant', 'inline'), failed.contextValue), 'Sign In is offered only where signing in helps');
  });

  void test('only tenants that were not listed get a node, and a node keeps its identity across listings', () => {
    const first = tenantNodesOf([{ tenant: contoso, status: 'listed' }, signInRequired]);
    assert.deepEqual(first.map((n) => n.id), ['/tenants/n0']);
    const again = tenantNodesOf([{ tenant: contoso, status: 'listed' }, { ...signInRequired }], first);
    assert.equal(again[0], first[0]);
    assert.ok(again[0] instanceof TenantNode);
    assert.deepEqual(tenantNodesOf([{ tenant: northwind, status: 'listed' }], again), [], 'signed in: the node goes away');
  });
});

void describe('tenant problems in the output', () => {
  void test('written once when they start: a warning for a sign-in, an error for a failure; not again on the next refresh', () => {
    const lines: string[] = [];
    const output = { log: (level: string, text: string) => { lines.push(`${level}: ${text}`); }, cloudError: (context: string) => { lines.push(`error: ${context}`); } };
    const failed: TenantListing = { tenant: fabrikam, status: 'failed', error: { cloud: 'azure', code: 'InternalServerError', message: 'boom', category: 'server' } };
    const first = tenantNodesRead([{ tenant: contoso, status: 'listed' }, failed, signInRequired], [], output);
    assert.equal(lines[0], 'error: Azure: the subscriptions of tenant Fabrikam (fabrikam.onmicrosoft.com) could not be listed.');
    assert.equal(lines[1], 'warn: Azure: tenant Northwind Traders (northwind.onmicrosoft.com) needs an interactive sign-in; its subscriptions are not shown until you sign in to it.');
    assert.ok(lines.slice(2).every((l) => l.startsWith('warn: ')) && lines.some((l) => l.includes('AuthenticationRequiredError')));
    const count = lines.length;
    tenantNodesRead([{ tenant: contoso, status: 'listed' }, failed, signInRequired], first, output);
    assert.equal(lines.length, count);
  });
});

void describe('tenants of subscriptions', () => {
  void test('the tooltip names the home tenant, and a Lighthouse delegation the tenant it is managed through', () => {
    const home = subscriptionPresentation({ subscriptionId: 's1', displayName: 'Fabrikam Retail', state: 'Enabled', tenantId: 'f0', tenantName: 'Fabrikam', accessTenantId: 'f0' });
    assert.match(home.tooltip, /\nTenant: Fabrikam \(f0\)(\n|$)/);
    assert.doesNotMatch(home.tooltip, /Lighthouse/);
    const delegated = subscriptionPresentation({ subscriptionId: 's2', displayName: 'Woodgrove', state: 'Enabled', tenantId: 'w0', accessTenantId: 'c0' });
    assert.match(delegated.tooltip, /\nTenant: w0\nManaged through your tenant c0 \(Azure Lighthouse\)/);
  });

  void test('Select Subscriptions groups the subscriptions under their tenants, in the order Azure listed the tenants', () => {
    const directory: AzureDirectory = {
      tenants: [{ tenant: contoso, status: 'listed' }, { tenant: fabrikam, status: 'listed' }, signInRequired],
      subscriptions: [
        { subscriptionId: 'f-1', displayName: 'Fabrikam Retail', state: 'Enabled', tenantId: 'f0', accessTenantId: 'f0' },
        { subscriptionId: 'c-1', displayName: 'Contoso Production', state: 'Enabled', tenantId: 'c0', accessTenantId: 'c0' },
        { subscriptionId: 'w-1', displayName: 'Woodgrove Bank', state: 'Disabled', tenantId: 'w0', accessTenantId: 'c0' },
      ],
    };
    const items = subscriptionPickItems(directory, ['c-1']);
    assert.deepEqual(items.map((i) => [i.group, i.label, i.picked]), [
      ['Contoso (contoso.onmicrosoft.com)', 'Contoso Production', true],
      ['Contoso (contoso.onmicrosoft.com)', 'Woodgrove Bank', false],
      ['Fabrikam (fabrikam.onmicrosoft.com)', 'Fabrikam Retail', false],
    ]);
    assert.equal(items[1]?.description, 'Disabled · w-1');
    assert.equal(items[1]?.detail, 'Delegated from tenant w0 (Azure Lighthouse)');
  });
});
