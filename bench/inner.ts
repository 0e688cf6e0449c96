/**
 * How a bench script runs: Node reads NODE_EXTRA_CA_CERTS only at start-up, and the heap
 * readings need --expose-gc, so the script makes the emulator's certificates and runs itself
 * again in a child with both; the child runs `main`.
 */
import { spawnSync } from 'node:child_process';
import { ensureCertificates } from '../emulator/src/index';

/** `script` is the bench file itself, run again from `repo` (where tsx resolves). */
export function runBench(repo: string, script: string, main: () => Promise<void>): void {
  if (process.env.FLEET_BENCH_INNER === '1') {
    main().catch((e: unknown) => {
      process.stderr.write(`${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
      process.exit(1);
    });
    return;
  }
  const certs = ensureCertificates();
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', script, ...process.argv.slice(2)], {
    cwd: repo, stdio: 'inherit', env: { ...process.env, NODE_EXTRA_CA_CERTS: certs.caPath, FLEET_BENCH_INNER: '1' },
  });
  process.exit(r.status ?? 1);
}
