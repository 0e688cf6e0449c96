// Three bundles, one per layer that runs in the extension host:
//   dist/fleet.js      src/fleet: the provider-neutral core (model, engine, rules, helpers)
//   dist/extension.js  src/ui + src/extension.ts, required by VS Code at activation
//   dist/cloud.js      src/cloud and the cloud SDKs, required on first use so activation does
//                      not parse the SDKs
// extension.js and cloud.js both import src/fleet at run time; the plugin below turns every
// such import into require('./fleet.js'), so Node loads the core once and an error class has
// one identity on both sides. test/unit/bundles.test.ts checks the boundary in the metafiles.
import * as esbuild from 'esbuild';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));
const fleetDir = resolve(root, 'src', 'fleet') + sep;
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
// `--outdir DIR` builds elsewhere (the bundle-boundary test does, so it never races a packaging run over dist/).
const outdirArg = process.argv.indexOf('--outdir');
const outdir = outdirArg > 0 && process.argv[outdirArg + 1] ? resolve(process.argv[outdirArg + 1]) : resolve(root, 'dist');

/** Imports of src/fleet from outside it go to the fleet bundle (its index re-exports every module). */
const fleetExternal = {
  name: 'fleet-external',
  setup(build) {
    build.onResolve({ filter: /^\.\.?\// }, (args) => {
      if (args.importer.startsWith(fleetDir)) return undefined;
      const target = resolve(args.resolveDir, args.path);
      if (!(target + sep).startsWith(fleetDir) && !target.startsWith(fleetDir)) return undefined;
      return { path: './fleet.js', external: true };
    });
  },
};

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'info',
  legalComments: 'none',
  metafile: true,
  outdir,
};

const builds = [
  { ...common, entryPoints: { fleet: 'src/fleet/index.ts' }, external: ['vscode'] },
  // jsonc-parser's "main" is a UMD build whose requires esbuild cannot follow; its ES module build bundles.
  { ...common, entryPoints: { extension: 'src/extension.ts' }, external: ['vscode', './cloud.js'], plugins: [fleetExternal], mainFields: ['module', 'main'] },
  { ...common, entryPoints: { cloud: 'src/cloud/index.ts' }, external: ['vscode'], plugins: [fleetExternal] },
];

/** Keeps each bundle's metafile beside the bundles, in <outdir>/meta/, for the bundle-boundary test. */
function writeMetafile(name, metafile) {
  const dir = resolve(outdir, 'meta');
  mkdirSync(dir, { recursive: true });
  writeFileSync(resolve(dir, `${name}.meta.json`), JSON.stringify(metafile));
}

if (watch) {
  for (const options of builds) {
    const ctx = await esbuild.context(options);
    await ctx.watch();
  }
} else {
  const results = await Promise.all(builds.map((options) => esbuild.build(options)));
  results.forEach((result, i) => writeMetafile(Object.keys(builds[i].entryPoints)[0], result.metafile));
  if (!production) console.log(`metafiles in ${relative(root, resolve(outdir, 'meta'))}/`);
}
