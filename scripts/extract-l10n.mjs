// Extracts every l10n.t('literal', …) message under src/ into l10n/bundle.l10n.json (English).
// `--check` exits non-zero when the bundle is out of date or a call does not pass a plain string literal.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

function sourceFiles(dir, out = []) {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) sourceFiles(p, out);
    else if (name.endsWith('.ts')) out.push(p);
  }
  return out;
}

const ESCAPES = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '`': '`', '0': '\0' };

/** Every l10n.t call in the text: its message, or a problem when the first argument is not a plain literal. */
export function extractCalls(text) {
  const calls = [];
  const pattern = /\bl10n\.t\(\s*/g;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    let i = m.index + m[0].length;
    const quote = text[i];
    const line = text.slice(0, m.index).split('\n').length;
    if (quote !== "'" && quote !== '"') {
      calls.push({ line, problem: quote === '`' ? 'template literal' : 'not a string literal' });
      continue;
    }
    let message = '';
    for (i++; i < text.length && text[i] !== quote; i++) {
      if (text[i] === '\\') {
        const next = text[++i];
        if (next === 'u') { message += String.fromCharCode(parseInt(text.slice(i + 1, i + 5), 16)); i += 4; }
        else message += ESCAPES[next] ?? next;
      } else message += text[i];
    }
    const after = text.slice(i + 1).match(/^\s*([,)+])/);
    if (after && after[1] === '+') { calls.push({ line, problem: 'concatenated string' }); continue; }
    calls.push({ line, message });
  }
  return calls;
}

export function extractMessages(srcDir = join(root, 'src')) {
  const messages = new Map();
  const problems = [];
  for (const file of sourceFiles(srcDir)) {
    for (const call of extractCalls(readFileSync(file, 'utf8'))) {
      const where = `${relative(root, file)}:${call.line}`;
      if (call.problem) problems.push(`${where}: ${call.problem}`);
      else messages.set(call.message, call.message);
    }
  }
  return { messages: Object.fromEntries([...messages.entries()].sort(([a], [b]) => a.localeCompare(b))), problems };
}

if (process.argv[1] && new URL(import.meta.url).pathname === process.argv[1]) {
  const { messages, problems } = extractMessages();
  for (const p of problems) console.error(p);
  const target = join(root, 'l10n', 'bundle.l10n.json');
  const text = `${JSON.stringify(messages, null, 2)}\n`;
  if (process.argv.includes('--check')) {
    const current = readFileSync(target, 'utf8');
    if (current !== text || problems.length > 0) {
      console.error('l10n/bundle.l10n.json is out of date: run node scripts/extract-l10n.mjs');
      process.exit(1);
    }
  } else {
    writeFileSync(target, text);
    console.log(`${Object.keys(messages).length} messages written to ${relative(root, target)}`);
    if (problems.length > 0) process.exit(1);
  }
}
