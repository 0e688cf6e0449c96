/**
 * Heap of a fresh process listing 10,000 VMs through the Azure fleet client (run by bench/run.ts
 * with --expose-gc): heapUsed after GC once the SDK is loaded and the client made, and again
 * after the listing with its results still held — what the extension host keeps for a full tree.
 */
import { createAzureFleetClient } from '../src/cloud/azure/index';
import { CachedMsiCredential } from './credential';

async function main(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  const env = (k: string): string => {
    const v = process.env[k];
    if (!v) throw new Error(`${k} is not set`);
    return v;
  };
  const credential = new CachedMsiCredential(env('FLEET_BENCH_MSI'), env('FLEET_BENCH_MSI_SECRET'));
  const scope = env('FLEET_BENCH_SCOPE');
  const client = createAzureFleetClient({ endpoint: env('FLEET_BENCH_ARM'), scope, credential, maxConcurrency: Number(env('FLEET_BENCH_BOUND')) });
  await Promise.all([import('@azure/arm-compute'), import('@azure/arm-resources-subscriptions'), credential.getToken(scope)]);
  gc();
  const before = process.memoryUsage().heapUsed;
  const subs = await client.listSubscriptions();
  const sets = (await client.listScaleSetsOf(subs.map((s) => s.subscriptionId))).flatMap((s) => s.items ?? []);
  const lists = await client.listInstancesOf(sets);
  gc();
  const mem = process.memoryUsage();
  const vms = lists.reduce((n, l) => n + (l.items?.length ?? 0), 0);
  const mb = (n: number): number => n / 1024 / 1024;
  process.stdout.write(`${JSON.stringify({ vms, beforeMb: mb(before), afterMb: mb(mem.heapUsed), deltaMb: mb(mem.heapUsed - before), rssMb: mb(mem.rss) })}\n`);
  // Keep the results alive until after the reading.
  if (lists.length < 0) console.log(lists);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  process.exit(1);
});
