/** Checks a fleet file before the emulator serves it, so a typo fails with a message naming the field. */
import { MAINTENANCE_PROFILES } from '../azure/maintenance';
import type { FleetFile } from '../core/types';

const POWER = ['running', 'stopped', 'deallocated', 'starting', 'stopping', 'deallocating'];
const SUB_STATES = ['Enabled', 'Warned', 'PastDue', 'Disabled', 'Deleted'];
// computeRPCommon.json MaintenanceOperationResultCodeTypes (a closed enum).
const RESULT_CODES = ['None', 'RetryLater', 'MaintenanceAborted', 'MaintenanceCompleted'];
const ECS_STATUS = ['CREATING', 'RUNNING', 'STOPPING', 'STOPPED', 'REBOOTING', 'STARTING', 'REBUILDING', 'RESIZING', 'ERROR', 'DELETING'];

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export function validateFleet(input: unknown): FleetFile {
  const problems: string[] = [];
  const str = (o: Obj, key: string, at: string, allowed?: string[]): string => {
    const v = o[key];
    if (typeof v !== 'string' || v === '') problems.push(`${at}.${key} must be a non-empty string`);
    else if (allowed && !allowed.includes(v)) problems.push(`${at}.${key} is '${v}', expected one of ${allowed.join(', ')}`);
    return typeof v === 'string' ? v : '';
  };
  const arr = (o: Obj, key: string, at: string): unknown[] => {
    const v = o[key];
    if (!Array.isArray(v)) { problems.push(`${at}.${key} must be an array`); return []; }
    return v;
  };
  const unique = (seen: Set<string>, id: string, at: string) => {
    const k = id.toLowerCase();
    if (seen.has(k)) problems.push(`${at}: duplicate '${id}'`);
    seen.add(k);
  };

  const maintenance = (v: unknown, at: string): void => {
    if (v === undefined) return;
    if (typeof v === 'string') {
      if (!(MAINTENANCE_PROFILES as readonly string[]).includes(v)) problems.push(`${at} is '${v}', expected an object or one of ${MAINTENANCE_PROFILES.join(', ')}`);
      return;
    }
    if (!isObj(v)) { problems.push(`${at} must be an object or a profile name`); return; }
    if (v.isCustomerInitiatedMaintenanceAllowed !== undefined && typeof v.isCustomerInitiatedMaintenanceAllowed !== 'boolean') problems.push(`${at}.isCustomerInitiatedMaintenanceAllowed must be a boolean`);
    for (const k of ['preMaintenanceWindowStartTime', 'preMaintenanceWindowEndTime', 'maintenanceWindowStartTime', 'maintenanceWindowEndTime']) {
      const t = v[k];
      if (t !== undefined && (typeof t !== 'string' || !Number.isFinite(Date.parse(t)))) problems.push(`${at}.${k} must be an ISO 8601 date-time`);
    }
    const code = v.lastOperationResultCode;
    if (code !== undefined && (typeof code !== 'string' || !RESULT_CODES.includes(code))) problems.push(`${at}.lastOperationResultCode is ${JSON.stringify(code)}, expected one of ${RESULT_CODES.join(', ')}`);
  };

  if (!isObj(input)) throw new Error('Fleet file: the top level must be an object with "azure" and "volcengine"');
  const azure = input.azure;
  if (!isObj(azure)) problems.push('azure must be an object');
  else {
    str(azure, 'tenantId', 'azure');
    if (azure.tenants !== undefined) {
      const tenantIds = new Set<string>();
      arr(azure, 'tenants', 'azure').forEach((tenant, i) => {
        const at = `azure.tenants[${i}]`;
        if (!isObj(tenant)) { problems.push(`${at} must be an object`); return; }
        unique(tenantIds, str(tenant, 'tenantId', at), `${at}.tenantId`);
        str(tenant, 'displayName', at);
        str(tenant, 'defaultDomain', at);
        if (tenant.signIn !== undefined) str(tenant, 'signIn', at, ['password', 'mfa']);
      });
      if (typeof azure.tenantId === 'string' && !tenantIds.has(azure.tenantId.toLowerCase())) problems.push(`azure.tenants must include the home tenant azure.tenantId '${azure.tenantId}'`);
    }
    const subIds = new Set<string>();
    arr(azure, 'subscriptions', 'azure').forEach((sub, i) => {
      const at = `azure.subscriptions[${i}]`;
      if (!isObj(sub)) { problems.push(`${at} must be an object`); return; }
      unique(subIds, str(sub, 'subscriptionId', at), `${at}.subscriptionId`);
      str(sub, 'displayName', at);
      str(sub, 'state', at, SUB_STATES);
      if (sub.tenantId !== undefined) str(sub, 'tenantId', at);
      if (sub.managedByTenants !== undefined && (!Array.isArray(sub.managedByTenants) || sub.managedByTenants.some((t) => typeof t !== 'string' || t === ''))) {
        problems.push(`${at}.managedByTenants must be an array of tenant ids`);
      }
      const rgNames = new Set<string>();
      arr(sub, 'resourceGroups', at).forEach((rg, j) => {
        const rat = `${at}.resourceGroups[${j}]`;
        if (!isObj(rg)) { problems.push(`${rat} must be an object`); return; }
        unique(rgNames, str(rg, 'name', rat), `${rat}.name`);
        str(rg, 'location', rat);
        const setNames = new Set<string>();
        arr(rg, 'scaleSets', rat).forEach((ss, k) => {
          const sat = `${rat}.scaleSets[${k}]`;
          if (!isObj(ss)) { problems.push(`${sat} must be an object`); return; }
          unique(setNames, str(ss, 'name', sat), `${sat}.name`);
          const mode = str(ss, 'orchestrationMode', sat, ['Uniform', 'Flexible']);
          if (!isObj(ss.sku) || typeof ss.sku.name !== 'string') problems.push(`${sat}.sku.name must be a string`);
          const ids = new Set<string>();
          arr(ss, 'instances', sat).forEach((inst, n) => {
            const iat = `${sat}.instances[${n}]`;
            if (!isObj(inst)) { problems.push(`${iat} must be an object`); return; }
            const id = str(inst, 'instanceId', iat);
            if (mode === 'Uniform' && id && !/^\d+$/.test(id)) problems.push(`${iat}.instanceId '${id}': Uniform instance ids are decimal numbers`);
            unique(ids, id, `${iat}.instanceId`);
            str(inst, 'powerState', iat, POWER);
            maintenance(inst.maintenance, `${iat}.maintenance`);
          });
        });
      });
    });
  }
  const volc = input.volcengine;
  if (!isObj(volc)) problems.push('volcengine must be an object');
  else {
    const instanceIds = new Set<string>();
    arr(volc, 'regions', 'volcengine').forEach((region, i) => {
      const at = `volcengine.regions[${i}]`;
      if (!isObj(region)) { problems.push(`${at} must be an object`); return; }
      str(region, 'regionId', at);
      arr(region, 'zones', at).forEach((zone, j) => {
        const zat = `${at}.zones[${j}]`;
        if (!isObj(zone)) { problems.push(`${zat} must be an object`); return; }
        str(zone, 'zoneId', zat);
        arr(zone, 'instances', zat).forEach((inst, k) => {
          const iat = `${zat}.instances[${k}]`;
          if (!isObj(inst)) { problems.push(`${iat} must be an object`); return; }
          unique(instanceIds, str(inst, 'instanceId', iat), `${iat}.instanceId`);
          str(inst, 'instanceName', iat);
          str(inst, 'status', iat, ECS_STATUS);
          str(inst, 'instanceTypeId', iat);
          str(inst, 'instanceChargeType', iat, ['PostPaid', 'PrePaid']);
        });
      });
    });
  }
  if (problems.length > 0) {
    const shown = problems.slice(0, 10).join('\n  ');
    throw new Error(`Fleet file is not valid:\n  ${shown}${problems.length > 10 ? `\n  … and ${problems.length - 10} more` : ''}`);
  }
  return input as unknown as FleetFile;
}
