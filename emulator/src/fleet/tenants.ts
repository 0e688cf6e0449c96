/**
 * A fleet spread over several tenants, for the sign-in tests and journeys: the user's home
 * tenant (which enforces MFA for actions), a tenant the user is a guest in, a tenant whose
 * policy asks for MFA at sign-in (no silent token from a sign-in without MFA), and a
 * subscription of a fourth tenant delegated to the home tenant through Azure Lighthouse.
 * The sample fleet (sample.ts) stays single-tenant.
 */
import type { AzurePowerStateCode, FleetFile, FleetSubscription } from '../core/types';
import { defaultFleet, SAMPLE_TENANT_ID } from './sample';

export const MULTI_TENANT = {
  tenants: {
    contoso: SAMPLE_TENANT_ID,
    fabrikam: '5b1f0e2a-6c7d-4e8f-9a0b-1c2d3e4f5a6b',
    northwind: 'c4d5e6f7-0a1b-4c2d-8e3f-4a5b6c7d8e9f',
    /** Not one of the user's tenants: only its delegated subscription is visible, through Contoso. */
    woodgrove: 'e8f9a0b1-2c3d-4e5f-a6b7-c8d9e0f1a2b3',
  },
  subscriptions: {
    contosoProduction: '3f2b6c1e-8a4d-4f0b-9c7e-5d1a2b3c4e5f',
    fabrikamRetail: '7d6c5b4a-3e2f-4a1b-9c8d-7e6f5a4b3c2d',
    northwindAnalytics: '2e3f4a5b-6c7d-4e8f-a9b0-c1d2e3f4a5b6',
    woodgroveDelegated: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
  },
} as const;

function subscription(subscriptionId: string, displayName: string, tenantId: string, scaleSet: string, states: AzurePowerStateCode[], extra: Partial<FleetSubscription> = {}): FleetSubscription {
  return {
    subscriptionId, displayName, state: 'Enabled', tenantId, ...extra,
    resourceGroups: [{
      name: `rg-${scaleSet.replace(/^vmss-/, '')}`, location: 'eastus',
      scaleSets: [{
        name: scaleSet, orchestrationMode: 'Uniform', sku: { name: 'Standard_D2s_v5', tier: 'Standard' },
        instances: states.map((powerState, i) => ({ instanceId: String(i), powerState })),
      }],
    }],
  };
}

export function multiTenantFleet(): FleetFile {
  const { tenants, subscriptions } = MULTI_TENANT;
  return {
    azure: {
      tenantId: tenants.contoso,
      tenants: [
        { tenantId: tenants.contoso, displayName: 'Contoso', defaultDomain: 'contoso.onmicrosoft.com', tenantCategory: 'Home', mfaForActions: true },
        { tenantId: tenants.fabrikam, displayName: 'Fabrikam', defaultDomain: 'fabrikam.onmicrosoft.com', domains: ['fabrikam.onmicrosoft.com', 'fabrikam.com'], tenantCategory: 'ProjectedBy' },
        { tenantId: tenants.northwind, displayName: 'Northwind Traders', defaultDomain: 'northwind.onmicrosoft.com', tenantCategory: 'ProjectedBy', signIn: 'mfa' },
      ],
      subscriptions: [
        subscription(subscriptions.contosoProduction, 'Contoso Production', tenants.contoso, 'vmss-web', ['running', 'running', 'running', 'deallocated']),
        subscription(subscriptions.fabrikamRetail, 'Fabrikam Retail', tenants.fabrikam, 'vmss-shop', ['running', 'running', 'stopped']),
        subscription(subscriptions.northwindAnalytics, 'Northwind Analytics', tenants.northwind, 'vmss-etl', ['running', 'deallocated']),
        subscription(subscriptions.woodgroveDelegated, 'Woodgrove Bank (delegated)', tenants.woodgrove, 'vmss-bank', ['running', 'running'], { managedByTenants: [tenants.contoso] }),
      ],
    },
    volcengine: defaultFleet().volcengine,
  };
}
