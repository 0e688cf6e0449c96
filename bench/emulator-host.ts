/**
 * Runs the emulator in its own process for the benchmarks, so its JSON work does not share an
 * event loop with the client being measured (as a real ARM would not). Reads its options from
 * the JSON file named on the command line, prints one JSON line describing how to reach it,
 * and stops on SIGTERM / SIGINT or when its parent closes stdin.
 */
import { readFileSync } from 'node:fs';
import { startEmulator, type EmulatorOptions } from '../emulator/src/index';

export interface HostInfo {
  armUrl: string;
  volcUrl: string;
  caPath: string;
  env: Record<string, string>;
  volcengine: { accessKeyId: string; secretKey: string };
  msi: { endpoint: string; secret: string; tenantId: string };
  pageSize: number;
}

async function main(): Promise<void> {
  const file = process.argv[2];
  if (!file) throw new Error('usage: emulator-host <options.json>');
  const opts = JSON.parse(readFileSync(file, 'utf8')) as EmulatorOptions;
  const emu = await startEmulator(opts);
  const info: HostInfo = {
    armUrl: emu.armUrl,
    volcUrl: emu.volcUrl,
    caPath: emu.caPath,
    env: emu.env(),
    volcengine: emu.credentials.volcengine,
    msi: { endpoint: emu.credentials.azure.msiEndpoint, secret: emu.credentials.azure.msiSecret, tenantId: emu.credentials.azure.tenantId },
    pageSize: emu.pageSize,
  };
  process.stdout.write(`${JSON.stringify(info)}\n`);
  const stop = (): void => {
    void emu.stop().then(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.stdin.on('end', stop);
  process.stdin.resume();
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  process.exit(1);
});
