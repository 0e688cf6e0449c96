// `npm run test:reliability`: runs the fault suite, the bad-input corpus and the security checks,
// then prints the table built from what each scenario recorded (test-results/reliability/*.jsonl).
// Exits non-zero when a test failed, a scenario did not survive, or a duplicate or leak was seen.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const runId = `run-${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}`;
const resultsDir = join(repo, 'test-results', 'reliability', runId);
const suites = ['test/faults', 'test/bad-input', 'test/security'];

rmSync(resultsDir, { recursive: true, force: true });
const run = spawnSync(process.execPath, [join(repo, 'scripts', 'run-node-tests.mjs'), ...suites], {
  cwd: repo, stdio: 'inherit', env: { ...process.env, FLEET_RELIABILITY_RUN: runId },
});

const records = existsSync(resultsDir)
  ? readdirSync(resultsDir).filter((f) => f.endsWith('.jsonl')).sort()
    .flatMap((f) => readFileSync(join(resultsDir, f), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)))
  : [];

const rows = new Map();
for (const r of records) {
  const key = r.fault;
  const row = rows.get(key) ?? { fault: key, clouds: new Set(), tried: 0, survived: 0, requests: 0, duplicates: 0, leaked: 0 };
  row.clouds.add(r.cloud);
  row.tried += 1;
  row.survived += r.survived ? 1 : 0;
  row.requests += r.requests;
  row.duplicates += r.duplicates;
  row.leaked += r.secretsLeaked;
  rows.set(key, row);
}

const header = ['Fault', 'Clouds', 'Scenarios tried', 'Survived', 'Requests sent', 'Duplicates', 'Secrets leaked'];
const body = [...rows.values()].map((r) => [
  r.fault, [...r.clouds].sort().join(', '), String(r.tried), String(r.survived), String(r.requests), String(r.duplicates), String(r.leaked),
]);
const total = [...rows.values()].reduce((t, r) => ({
  tried: t.tried + r.tried, survived: t.survived + r.survived, requests: t.requests + r.requests, duplicates: t.duplicates + r.duplicates, leaked: t.leaked + r.leaked,
}), { tried: 0, survived: 0, requests: 0, duplicates: 0, leaked: 0 });
body.push(['**Total**', '', String(total.tried), String(total.survived), String(total.requests), String(total.duplicates), String(total.leaked)]);

const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
const line = (cells) => `| ${cells.map((c, i) => (i >= 2 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join(' | ')} |`;
const table = [line(header), `|${widths.map((w, i) => (i >= 2 ? `${'-'.repeat(w + 1)}:` : `${'-'.repeat(w + 2)}`)).join('|')}|`, ...body.map(line)].join('\n');

console.log('\nReliability: what the suite tried and what it observed\n');
console.log(table);
mkdirSync(resultsDir, { recursive: true });
writeFileSync(join(resultsDir, 'table.md'), `${table}\n`);
writeFileSync(join(repo, 'test-results', 'reliability', 'latest-table.md'), `${table}\n`);

const problems = [];
if (records.length === 0) problems.push('no scenario recorded anything');
if (total.survived !== total.tried) problems.push(`${total.tried - total.survived} scenario(s) did not survive`);
if (total.duplicates !== 0) problems.push(`${total.duplicates} duplicate effect(s)`);
if (total.leaked !== 0) problems.push(`${total.leaked} leaked secret(s)`);
for (const p of problems) console.error(`reliability: ${p}`);
process.exit(run.status !== 0 ? (run.status ?? 1) : problems.length > 0 ? 1 : 0);
