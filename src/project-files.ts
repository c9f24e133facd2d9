import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';

// The service runs from its TypeScript sources (tests, scripts) or from the bundle `npm start`
// builds into dist/ (no TypeScript loader in the running service: tsx's loader thread alone held
// some 40 MiB, issue 29). This module is in both one folder below the project's root, so what
// the service reads beside its code, and the threads it starts, are found from here.

const bundled = import.meta.url.endsWith('.js');

/** The absolute path of a file or folder under the project's root. */
export const projectPath = (relative: string) => fileURLToPath(new URL(`../${relative}`, import.meta.url));

/**
 * The code a worker thread starts with, for a worker whose source is `source` (under src/):
 * its bundle beside the service's in dist/, or the source itself through tsx, which a thread
 * registers for itself.
 */
export function workerBoot(source: string): string {
  if (bundled) return `import(${JSON.stringify(new URL(`./${basename(source, '.ts')}.js`, import.meta.url).href)})`;
  return `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(
    new URL(`./${source}`, import.meta.url).href,
  )}); });`;
}
