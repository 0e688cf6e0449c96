/** Folders of the emulator, whether it runs as CommonJS (tsx default here) or as an ES module. */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here: string = typeof __dirname === 'string' ? __dirname : dirname(fileURLToPath(import.meta.url));

/** `<repo>/emulator` */
export const EMULATOR_DIR = resolve(here, '..', '..');
/** `<repo>` */
export const REPO_DIR = resolve(EMULATOR_DIR, '..');
