/** Shared set-up for the Azure tests: real SDK clients through the stand-in az, and raw HTTPS. */
import { request } from 'node:https';
import { AzureCliCredential } from '@azure/identity';
import { ComputeManagementClient } from '@azure/arm-compute';
import { SubscriptionClient } from '@azure/arm-resources-subscriptions';
import type { Emulator } from '../src/index';

export const SCOPES = ['https://management.azure.com/.default'];

/** Puts emulator/bin first on PATH and the variables it reads into this process, as a user's shell would. */
export function useEmulatorEnvironment(emu: Emulator): void {
  Object.assign(process.env, emu.env());
}

export function computeClient(emu: Emulator, subscriptionId: string): ComputeManagementClient {
  return new ComputeManagementClient(new AzureCliCredential(), subscriptionId, {
    endpoint: emu.armUrl,
    credentials: { scopes: SCOPES },
    retryOptions: { maxRetries: 0 },
  });
}

export function subscriptionClient(emu: Emulator): SubscriptionClient {
  return new SubscriptionClient(new AzureCliCredential(), { endpoint: emu.armUrl, credentials: { scopes: SCOPES }, retryOptions: { maxRetries: 0 } });
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: unknown;
}

export function raw(url: string, o: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: o.method ?? 'GET', headers: o.headers ?? {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try { json = text ? JSON.parse(text) as unknown : undefined; } catch { json = undefined; }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
    });
    req.on('error', reject);
    req.end(o.body);
  });
}

/** A token straight from the managed-identity endpoint. */
export async function msiToken(emu: Emulator, resource = 'https://management.azure.com/'): Promise<string> {
  const r = await raw(emu.credentials.azure.msiEndpoint, {
    method: 'POST',
    headers: { Metadata: 'true', 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ resource }).toString(),
  });
  const token = (r.json as { access_token?: string } | undefined)?.access_token;
  if (r.status !== 200 || !token) throw new Error(`MSI endpoint answered ${r.status}: ${r.text}`);
  return token;
}

export function errorOf(r: RawResponse): { code?: string; message?: string } {
  return ((r.json as { error?: { code?: string; message?: string } } | undefined)?.error) ?? {};
}

/** The thrown error's status code and ARM error code (RestError shape). */
export async function rejection(p: PromiseLike<unknown>): Promise<{ statusCode?: number; code?: string; message: string }> {
  try {
    await p;
  } catch (e) {
    const err = e as { statusCode?: number; code?: string; message?: string };
    return { statusCode: err.statusCode, code: err.code, message: err.message ?? String(e) };
  }
  throw new Error('expected the call to fail, it succeeded');
}

export async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}
