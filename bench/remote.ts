/** The parent's handle on an emulator running in bench/emulator-host.ts: start, read its request log, stop. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { EmulatorOptions, RecordedRequest } from '../emulator/src/index';
import type { HostInfo } from './emulator-host';

export interface RemoteEmulator extends HostInfo {
  pid: number;
  /** ARM + Volcengine requests recorded so far (control calls excluded). */
  requests(filter?: { service?: 'arm' | 'volc' | 'msi'; operation?: string; method?: string }): Promise<RecordedRequest[]>;
  clearRequests(): Promise<void>;
  setPowerState(vmIdOrName: string, state: string): Promise<void>;
  setEcsStatus(instanceId: string, status: string): Promise<void>;
  /** Arms a fault (the control API's JSON form: `routeRegex` for a pattern). */
  inject(fault: Record<string, unknown>): Promise<void>;
  clearFaults(): Promise<void>;
  /** Every action the emulator carried out so far. */
  effects(): Promise<{ azure: Array<{ at: number; action: string; vmId: string }>; volcengine: Array<{ at: number; action: string; instanceId: string }> }>;
  stop(): Promise<void>;
}

export async function startRemoteEmulator(repo: string, opts: EmulatorOptions): Promise<RemoteEmulator> {
  const dir = mkdtempSync(join(tmpdir(), 'fleet-bench-'));
  const file = join(dir, 'options.json');
  writeFileSync(file, JSON.stringify(opts));
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', join(repo, 'bench', 'emulator-host.ts'), file], {
    cwd: repo, stdio: ['pipe', 'pipe', 'inherit'],
  });
  const info = await new Promise<HostInfo>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => {
      try {
        resolve(JSON.parse(line) as HostInfo);
      } catch (e) {
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    });
    child.once('exit', (code) => reject(new Error(`emulator host exited with ${String(code)}`)));
  });
  rmSync(dir, { recursive: true, force: true });
  const ca = readFileSync(info.caPath);

  const control = (method: string, path: string, body?: unknown): Promise<unknown> => new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const req = request(new URL(path, info.armUrl), {
      method, ca, headers: payload ? { 'content-type': 'application/json', 'content-length': String(payload.length) } : {},
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        if ((res.statusCode ?? 500) >= 300) {
          reject(new Error(`${method} ${path}: ${String(res.statusCode)} ${text}`));
          return;
        }
        resolve(text ? JSON.parse(text) as unknown : undefined);
      });
    });
    req.on('error', reject);
    req.end(payload);
  });

  return {
    ...info,
    pid: child.pid ?? 0,
    async requests(filter = {}) {
      const q = new URLSearchParams(Object.entries(filter).filter((e): e is [string, string] => typeof e[1] === 'string'));
      return await control('GET', `/_emulator/requests?${q.toString()}`) as RecordedRequest[];
    },
    async clearRequests() {
      await control('DELETE', '/_emulator/requests');
    },
    async setPowerState(vm, state) {
      await control('POST', '/_emulator/azure/power-state', { vm, state });
    },
    async setEcsStatus(instanceId, status) {
      await control('POST', '/_emulator/volcengine/status', { instanceId, status });
    },
    async inject(fault) {
      await control('POST', '/_emulator/faults', fault);
    },
    async clearFaults() {
      await control('DELETE', '/_emulator/faults');
    },
    async effects() {
      return await control('GET', '/_emulator/effects') as Awaited<ReturnType<RemoteEmulator['effects']>>;
    },
    stop() {
      return new Promise<void>((resolve) => {
        if (child.exitCode !== null) {
          resolve();
          return;
        }
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
    },
  };
}
