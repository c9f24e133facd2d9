import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

// The service as `npm start` runs it, for the drills, the benches and the process tests: its
// bundle built by npm start's `prestart`, then node with npm start's arguments (node itself, not
// npm: a signal must reach the service, not a wrapper that may orphan it).

const root = resolve(import.meta.dirname, '../..');

let built = false;

/** Builds the bundle as `npm start` does first; once a process. */
export function buildService(): void {
  if (built) return;
  execFileSync('npm', ['run', '--silent', 'prestart'], { cwd: root, stdio: 'inherit' });
  built = true;
}

/** The arguments `npm start` gives node, read from package.json. */
export function npmStartArguments(): string[] {
  const [node, ...args] = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')).scripts.start.split(/\s+/);
  if (node !== 'node') throw new Error(`npm start runs ${node}, not node`);
  return args;
}
