/**
 * The naive baselines the product is compared with: what a straightforward script does.
 * Azure over raw HTTPS (one keep-alive socket): pages one after another, then one instance-view
 * request per VM for its power state, and one action request per VM, polled one by one.
 * Volcengine through the SDK's own Service: regions and pages in sequence, one StopInstance
 * per instance.
 */
import { Agent, request } from 'node:https';
import { Service } from '@volcengine/openapi';

const ARM_API = '2024-07-01';
const SUBSCRIPTIONS_API = '2022-12-01';

export interface ArmAnswer { status: number; headers: Record<string, string | string[] | undefined>; body: unknown }

export class RawArm {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 1 });
  requests = 0;

  constructor(private readonly base: string, private readonly token: string) {}

  send(method: 'GET' | 'POST', pathOrUrl: string, body?: unknown): Promise<ArmAnswer> {
    const url = new URL(pathOrUrl, this.base);
    const payload = body === undefined ? (method === 'POST' ? Buffer.alloc(0) : undefined) : Buffer.from(JSON.stringify(body));
    this.requests++;
    return new Promise((resolve, reject) => {
      const req = request(url, {
        method, agent: this.agent,
        headers: {
          authorization: `Bearer ${this.token}`,
          ...(payload ? { 'content-type': 'application/json', 'content-length': String(payload.length) } : {}),
        },
      }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown;
          try {
            parsed = text ? JSON.parse(text) as unknown : undefined;
          } catch {
            parsed = text;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: parsed });
        });
      });
      req.on('error', reject);
      req.end(payload);
    });
  }

  /** Every page of a list, one after another. */
  async list(path: string): Promise<Record<string, unknown>[]> {
    const out: Record<string, unknown>[] = [];
    let next: string | undefined = path;
    while (next) {
      const r = await this.send('GET', next);
      if (r.status !== 200) throw new Error(`GET ${next}: HTTP ${r.status}`);
      const page = r.body as { value?: Record<string, unknown>[]; nextLink?: string };
      out.push(...(page.value ?? []));
      next = page.nextLink;
    }
    return out;
  }

  dispose(): void {
    this.agent.destroy();
  }
}

/** A bearer token from the emulator's managed-identity endpoint (as App Service provides one). */
export function fetchToken(msiEndpoint: string, secret: string, resource: string): Promise<{ token: string; expiresOn: number }> {
  const body = Buffer.from(new URLSearchParams({ resource }).toString());
  return new Promise((resolve, reject) => {
    const req = request(new URL(msiEndpoint), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(body.length), metadata: 'true', 'x-identity-header': secret },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const j = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { access_token?: string; expires_on?: string };
        if (!j.access_token) {
          reject(new Error(`managed identity answered HTTP ${String(res.statusCode)}`));
          return;
        }
        resolve({ token: j.access_token, expiresOn: Number(j.expires_on) * 1000 });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

function powerOf(view: unknown): string {
  const statuses = (view as { statuses?: { code?: string }[] } | undefined)?.statuses ?? [];
  return statuses.find((s) => s.code?.startsWith('PowerState/'))?.code?.slice('PowerState/'.length) ?? 'unknown';
}

export interface NaiveVm { id: string; powerState: string }

/** Subscriptions → scale sets → VM pages → one instance view per VM, everything in sequence. */
export async function naiveListAzure(arm: RawArm, onlySubscriptions?: number): Promise<NaiveVm[]> {
  const subs = await arm.list(`/subscriptions?api-version=${SUBSCRIPTIONS_API}`);
  const vms: NaiveVm[] = [];
  for (const sub of subs.slice(0, onlySubscriptions ?? subs.length)) {
    const subId = String(sub.subscriptionId);
    const sets = await arm.list(`/subscriptions/${subId}/providers/Microsoft.Compute/virtualMachineScaleSets?api-version=${ARM_API}`);
    for (const ss of sets) {
      const id = String(ss.id);
      const flexible = /flexible/i.test(String((ss.properties as { orchestrationMode?: string } | undefined)?.orchestrationMode));
      const rg = id.split('/')[4] ?? '';
      const list = flexible
        ? await arm.list(`/subscriptions/${subId}/resourceGroups/${rg}/providers/Microsoft.Compute/virtualMachines?api-version=${ARM_API}&$filter=${encodeURIComponent(`'virtualMachineScaleSet/id' eq '${id}'`)}`)
        : await arm.list(`${id}/virtualMachines?api-version=${ARM_API}`);
      for (const vm of list) {
        const vmId = String(vm.id);
        const view = await arm.send('GET', `${vmId}/instanceView?api-version=${ARM_API}`);
        if (view.status !== 200) throw new Error(`instance view of ${vmId}: HTTP ${view.status}`);
        vms.push({ id: vmId, powerState: powerOf(view.body) });
      }
    }
  }
  return vms;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** One deallocate per VM (its own resource path), sent in sequence, then each polled to the end. */
export async function naiveDeallocate(arm: RawArm, vmIds: readonly string[]): Promise<{ actions: number; polls: number }> {
  const statusUrls: string[] = [];
  for (const id of vmIds) {
    const r = await arm.send('POST', `${id}/deallocate?api-version=${ARM_API}`);
    if (r.status !== 202 && r.status !== 200) throw new Error(`deallocate ${id}: HTTP ${r.status} ${JSON.stringify(r.body)}`);
    const url = r.headers['azure-asyncoperation'];
    if (typeof url === 'string') statusUrls.push(url);
  }
  let polls = 0;
  for (const url of statusUrls) {
    for (;;) {
      const r = await arm.send('GET', url);
      polls++;
      const status = (r.body as { status?: string } | undefined)?.status;
      if (status && status !== 'InProgress') break;
      const wait = Number(r.headers['retry-after'] ?? 1);
      await sleep(Math.max(0, wait) * 1000);
    }
  }
  return { actions: vmIds.length, polls };
}

type Query = Record<string, string | number>;

export class RawEcs {
  private readonly services = new Map<string, Service>();
  requests = 0;

  constructor(private readonly endpoint: string, private readonly ak: string, private readonly sk: string) {}

  async call(region: string, action: string, query: Query): Promise<Record<string, unknown>> {
    let svc = this.services.get(region);
    if (!svc) {
      const u = new URL(this.endpoint);
      svc = new Service({ serviceName: 'ecs', defaultVersion: '2020-04-01', region, host: u.host, protocol: u.protocol, accessKeyId: this.ak, secretKey: this.sk });
      this.services.set(region, svc);
    }
    this.requests++;
    const api = svc.createAPI<Query, Record<string, unknown>>(action, { method: 'GET' });
    const answer = await api(query, { Action: action, Version: '2020-04-01' });
    const code = answer.ResponseMetadata.Error?.Code;
    if (code) throw new Error(`${action}: ${code}`);
    return answer.Result ?? {};
  }

  async describeAll(region: string, extra: Query = {}): Promise<{ InstanceId?: string; Status?: string }[]> {
    const out: { InstanceId?: string; Status?: string }[] = [];
    let token = '';
    do {
      const r = await this.call(region, 'DescribeInstances', { MaxResults: 100, ...extra, ...(token ? { NextToken: token } : {}) });
      out.push(...((r.Instances as { InstanceId?: string; Status?: string }[] | undefined) ?? []));
      token = typeof r.NextToken === 'string' ? r.NextToken : '';
    } while (token);
    return out;
  }
}

/** DescribeRegions, then each region's pages, one request at a time. */
export async function naiveListEcs(ecs: RawEcs): Promise<number> {
  const r = await ecs.call('cn-beijing', 'DescribeRegions', { MaxResults: 20 });
  const regions = ((r.Regions as { RegionId?: string }[] | undefined) ?? []).map((x) => x.RegionId ?? '').filter(Boolean);
  let n = 0;
  for (const region of regions) n += (await ecs.describeAll(region)).length;
  return n;
}

/** One StopInstance per instance, in sequence, then DescribeInstances (by id, 100 a page) until all are STOPPED. */
export async function naiveStopEcs(ecs: RawEcs, region: string, ids: readonly string[], pollMs: number): Promise<{ stops: number; polls: number }> {
  let k = 0;
  for (const id of ids) await ecs.call(region, 'StopInstance', { InstanceId: id, ForceStop: 'false', ClientToken: `bench-naive-${process.pid}-${k++}` });
  let polls = 0;
  for (;;) {
    let stopped = 0;
    for (let i = 0; i < ids.length; i += 100) {
      const q: Query = {};
      ids.slice(i, i + 100).forEach((id, j) => { q[`InstanceIds.${j + 1}`] = id; });
      const got = await ecs.describeAll(region, q);
      polls++;
      stopped += got.filter((x) => x.Status === 'STOPPED').length;
    }
    if (stopped === ids.length) return { stops: ids.length, polls };
    await sleep(pollMs);
  }
}
