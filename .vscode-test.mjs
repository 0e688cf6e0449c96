// @vscode/test-cli configuration for `npm run test:electron`: the VS Code layer tests in
// test/electron run inside a desktop VS Code that @vscode/test-electron downloads (so this
// needs a machine that can reach VS Code's download servers; CI here runs the code-server
// journeys in test/e2e instead).
//
// Loading this file prepares everything the run needs: the extension's dev build (dist/),
// the tests bundled with the emulator into out/test/electron, and the emulator's CA
// certificate, whose path VS Code must see in NODE_EXTRA_CA_CERTS when it starts.
import { defineConfig } from '@vscode/test-cli';
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = import.meta.dirname;
const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed`);
};

run('npm', ['run', '--silent', 'build']);
run(process.execPath, ['--import', 'tsx', join(root, 'test', 'electron', 'prepare-certificates.ts')]);

// The emulator finds emulator/bin and .emulator/certs from its own folder (__dirname or
// import.meta); in the bundle each TypeScript file keeps its source location.
const keepSourceLocation = {
  name: 'keep-source-location',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, async (args) => {
      const dir = JSON.stringify(dirname(args.path));
      const contents = (await readFile(args.path, 'utf8'))
        .replaceAll('import.meta.dirname', dir)
        .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href))
        .replace(/\b__dirname\b/g, dir);
      return { contents, loader: 'ts' };
    });
  },
};
const testDir = join(root, 'test', 'electron');
mkdirSync(join(root, 'out', 'test', 'electron'), { recursive: true });
await esbuild.build({
  entryPoints: readdirSync(testDir).filter((f) => f.endsWith('.test.ts')).map((f) => join(testDir, f)),
  outdir: join(root, 'out', 'test', 'electron'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  external: ['vscode', 'mocha'],
  plugins: [keepSourceLocation],
  logLevel: 'warning',
});

const userDataDir = join(root, '.vscode-test', 'user-data');
export default defineConfig({
  tests: [
    {
      label: 'fleet-power',
      files: 'out/test/electron/**/*.test.js',
      version: process.env.VSCODE_TEST_VERSION ?? 'stable',
      extensionDevelopmentPath: root,
      workspaceFolder: join(root, 'test', 'electron', 'workspace'),
      launchArgs: ['--disable-extensions', '--disable-workspace-trust', `--user-data-dir=${userDataDir}`],
      env: { NODE_EXTRA_CA_CERTS: join(root, '.emulator', 'certs', 'ca.pem') },
      mocha: { ui: 'bdd', timeout: 60_000 },
    },
  ],
});
