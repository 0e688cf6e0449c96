// Measurement harness, not a test: loads the real bundle (dist/extension.js) in plain Node with a
// stand-in for the `vscode` module, times require() and activate(), and reports which cloud
// modules (dist/cloud.js, @azure/*, @volcengine/*) were loaded while activating.
// Prints one JSON line. Usage: node bench/activation-probe.mjs <path to dist/extension.js>
import Module, { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';

const bundle = process.argv[2];
if (!bundle) {
  console.error('usage: node bench/activation-probe.mjs <dist/extension.js>');
  process.exit(2);
}

const touched = new Set();
const noop = () => undefined;
const disposable = () => ({ dispose: noop });
const memento = () => ({ get: (_k, d) => d, update: () => Promise.resolve(), keys: () => [], setKeysForSync: noop });
const configuration = { get: (_k, d) => d, inspect: () => undefined, has: () => false, update: () => Promise.resolve() };

// Only what activation needs a real value from; everything else is an inert callable object.
const overrides = {
  'vscode.l10n.t': (message, ...args) => String(typeof message === 'string' ? message : message?.message ?? '').replace(/\{(\d+)\}/g, (_m, i) => String(args[Number(i)])),
  'vscode.workspace.getConfiguration': () => configuration,
};

function stub(path) {
  const fn = function () {};
  return new Proxy(fn, {
    get(_t, prop) {
      if (typeof prop === 'symbol' || prop === 'then') return undefined;
      const p = `${path}.${prop}`;
      touched.add(p);
      if (p in overrides) return overrides[p];
      return stub(p);
    },
    set() {
      return true;
    },
    apply() {
      return stub(`${path}()`);
    },
    construct() {
      return stub(`new ${path}`);
    },
  });
}

// A plain object with the API's namespaces as getters: the bundle's ESM interop copies own keys.
const NAMESPACES = [
  'authentication', 'commands', 'env', 'extensions', 'l10n', 'languages', 'window', 'workspace', 'version',
  'CancellationTokenSource', 'ConfigurationTarget', 'Disposable', 'EventEmitter', 'ExtensionMode', 'LogLevel', 'MarkdownString',
  'ProgressLocation', 'QuickPickItemKind', 'RelativePattern', 'StatusBarAlignment', 'ThemeColor', 'ThemeIcon', 'TreeItem',
  'TreeItemCollapsibleState', 'Uri', 'ViewColumn',
];
const root = stub('vscode');
const vscode = {};
for (const name of NAMESPACES) Object.defineProperty(vscode, name, { enumerable: true, get: () => root[name] });
const loaded = new Set();
const originalLoad = Module._load;
Module._load = function (request, parent, isMain) {
  if (request === 'vscode') return vscode;
  if (/(^|[\\/])cloud\.js$|^@azure\/|^@volcengine\//.test(request)) loaded.add(request);
  return originalLoad.call(this, request, parent, isMain);
};

const context = {
  subscriptions: [],
  globalState: memento(),
  workspaceState: memento(),
  secrets: { get: () => Promise.resolve(undefined), store: () => Promise.resolve(), delete: () => Promise.resolve(), onDidChange: disposable },
  extensionUri: stub('context.extensionUri'),
  extensionPath: process.cwd(),
  extensionMode: 1,
  logUri: stub('context.logUri'),
  globalStorageUri: stub('context.globalStorageUri'),
  asAbsolutePath: (p) => p,
};

const require = createRequire(import.meta.url);
const r0 = performance.now();
const ext = require(bundle);
const r1 = performance.now();
ext.activate(context);
const a1 = performance.now();
const during = [...loaded];
const cached = Object.keys(require.cache).filter((k) => /[\\/]cloud\.js$|[\\/]node_modules[\\/]@(azure|volcengine)[\\/]/.test(k));
await new Promise((r) => setTimeout(r, 100));
const after = [...loaded].filter((x) => !during.includes(x));
process.stdout.write(`${JSON.stringify({
  requireMs: r1 - r0,
  activateMs: a1 - r1,
  cloudLoaded: [...new Set([...during, ...cached])],
  cloudLoadedWithin100msAfter: after,
  subscriptions: context.subscriptions.length,
  vscodeTouched: [...touched].filter((p) => !p.includes('()') && !p.startsWith('new ')).sort(),
})}\n`);
process.exit(0);
