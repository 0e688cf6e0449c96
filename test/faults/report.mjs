// `npm run test:reliability`: runs the fault suite, the bad-input corpus and the security checks,
// then prints the table built from what each scenario recorded (test-results/reliability/*.jsonl).
// Exits non-zero when a test failed, a scenario did not survive, or a duplicate or leak was seen.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { reliabilityTable, TABLE_LEGEND } from './support/table.mjs';

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

const { table, total } = reliabilityTable(records);

console.log('\nReliability: what the suite tried and what it observed\n');
console.log(table);
console.log(`\n${TABLE_LEGEND}`);
mkdirSync(resultsDir, { recursive: true });
writeFileSync(join(resultsDir, 'table.md'), `${table}\n\n${TABLE_LEGEND}\n`);
writeFileSync(join(repo, 'test-results', 'reliability', 'latest-table.md'), `${table}\n\n${TABLE_LEGEND}\n`);

const problems = [];
if (records.length === 0) problems.push('no scenario recorded anything');
if (total.survived !== total.tried) problems.push(`${total.tried - total.survived} scenario(s) did not survive`);
if (total.duplicates !== 0) problems.push(`${total.duplicates} duplicate effect(s)`);
if (total.leaked !== 0) problems.push(`${total.leaked} leaked secret(s)`);
// A scenario that sent requests to a cloud but scanned for no canary had a secret in play it did not check.
const unscanned = records.filter((r) => (r.requests ?? 0) > 0 && r.secretsLeaked === null);
if (unscanned.length > 0) problems.push(`${unscanned.length} scenario(s) sent requests without a canary scan: ${unscanned.map((r) => r.scenario).join('; ')}`);
for (const p of problems) console.error(`reliability: ${p}`);
process.exit(run.status !== 0 ? (run.status ?? 1) : problems.length > 0 ? 1 : 0);
