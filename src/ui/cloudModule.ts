/**
 * The cloud layers and their SDKs live in a second bundle (dist/cloud.js), required on
 * first use so activation never parses the SDKs. Only types are imported statically.
 */
import type * as CloudModule from '../cloud/index';

export type Cloud = typeof CloudModule;

let loaded: Promise<Cloud> | undefined;

export function loadCloud(): Promise<Cloud> {
  loaded ??= new Promise<Cloud>((resolve, reject) => {
    try {
      // A runtime require of the sibling bundle: esbuild leaves './cloud.js' external.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      resolve(require('./cloud.js') as Cloud);
    } catch (error) {
      loaded = undefined;
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
  return loaded;
}
