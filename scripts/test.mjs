// `npm test`: every check the project has, in order, stopping at the first failure.
//
//   node scripts/test.mjs                 all stages
//   node scripts/test.mjs unit e2e        only the named stages (in the usual order)
//
// Each stage streams its own output. The last line is "N passed, N failed" summed over the
// Node test runner summaries of the stages that ran; a stage that fails without a test
// summary (lint, type-check, a crash) counts as one failure, so a red run never reads "0 failed".
import { spawn } from 'node:child_process';

const stages = [
  { name: 'lint', script: 'lint', tests: false },
  { name: 'typecheck', script: 'typecheck', tests: false },
  { name: 'unit', script: 'test:unit', tests: true },
  { name: 'emulator', script: 'test:emulator', tests: true },
  { name: 'integration', script: 'test:integration', tests: true },
  { name: 'reliability', script: 'test:reliability', tests: true },
  { name: 'e2e', script: 'test:e2e', tests: true },
];

const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !stages.some((s) => s.name === w));
if (unknown.length > 0) {
  console.error(`Unknown stage(s): ${unknown.join(', ')}. Stages: ${stages.map((s) => s.name).join(', ')}`);
  process.exit(2);
}
const selected = wanted.length > 0 ? stages.filter((s) => wanted.includes(s.name)) : stages;

/** Sums the closing summaries of Node's test runner (spec: "ℹ pass 3", TAP: "# pass 3"). */
export function parseSummary(text) {
  const count = (key) => {
    let total = 0;
    let found = false;
    for (const m of text.matchAll(new RegExp(`^\\s*(?:ℹ|#) ${key} (\\d+)\\s*$`, 'gm'))) {
      total += Number(m[1]);
      found = true;
    }
    return found ? total : undefined;
  };
  const pass = count('pass');
  const fail = count('fail');
  if (pass === undefined && fail === undefined) return undefined;
  return { pass: pass ?? 0, fail: (fail ?? 0) + (count('cancelled') ?? 0), skipped: (count('skipped') ?? 0) + (count('todo') ?? 0) };
}

function run(stage) {
  return new Promise((done) => {
    const started = Date.now();
    let captured = '';
    const child = spawn('npm', ['run', '--silent', stage.script], { stdio: ['inherit', 'pipe', 'pipe'], env: process.env });
    child.stdout.on('data', (d) => {
      process.stdout.write(d);
      captured += d.toString();
    });
    child.stderr.on('data', (d) => {
      process.stderr.write(d);
      captured += d.toString();
    });
    child.on('close', (code, signal) => done({ code: code ?? (signal ? 1 : 0), captured, seconds: (Date.now() - started) / 1000 }));
  });
}

const results = [];
let passed = 0;
let failed = 0;
let skipped = 0;
let stoppedAt;

for (const stage of selected) {
  console.log(`\n━━━ ${stage.name} (npm run ${stage.script}) ━━━`);
  const r = await run(stage);
  const summary = stage.tests ? parseSummary(r.captured) : undefined;
  let ok = r.code === 0;
  let note = '';
  if (summary) {
    passed += summary.pass;
    failed += summary.fail;
    skipped += summary.skipped;
    note = `${summary.pass} passed, ${summary.fail} failed${summary.skipped ? `, ${summary.skipped} skipped` : ''}`;
    if (ok && summary.pass === 0) {
      ok = false;
      note += ' — no test ran';
      failed += 1;
    }
    if (!ok && summary.fail === 0 && summary.pass > 0) failed += 1; // exited non-zero for another reason
  } else if (stage.tests) {
    ok = false;
    note = r.code === 0 ? 'no test summary found' : `exit ${r.code}, no test summary`;
    failed += 1;
  } else {
    note = ok ? 'clean' : `exit ${r.code}`;
    if (!ok) failed += 1;
  }
  results.push({ stage: stage.name, ok, note, seconds: r.seconds });
  if (!ok) {
    stoppedAt = stage.name;
    break;
  }
}

console.log('\n━━━ summary ━━━');
for (const r of results) {
  console.log(`${r.ok ? 'ok  ' : 'FAIL'}  ${r.stage.padEnd(12)} ${r.seconds.toFixed(1).padStart(6)} s  ${r.note}`);
}
for (const s of selected.slice(results.length)) console.log(`--    ${s.name.padEnd(12)}          not run (stopped at ${stoppedAt})`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(stoppedAt ? 1 : 0);
