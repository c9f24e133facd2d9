import { execFileSync } from 'node:child_process';

// The service's processes in the tests (test/server) run what `npm start` runs: the bundle its
// `prestart` builds from the sources under test. Built once, before any file starts one.
export default function build(): void {
  execFileSync('npm', ['run', '--silent', 'prestart'], { stdio: 'inherit' });
}
