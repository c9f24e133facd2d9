import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { npmStartArguments } from '../../scripts/support/npm-start';

// The service as `npm start` runs it (the bundle test/support/build.ts made), always on the embedded database.

const root = resolve(import.meta.dirname, '../..');

export type Run = { child: ChildProcess; out: () => string; err: () => string; exited: Promise<number | null> };

export function startServer(dataDir: string, env: Record<string, string> = {}): Run {
  const base = { ...process.env };
  delete base.DATABASE_URL;
  delete base.JWT_SECRET;
  const child = spawn(process.execPath, npmStartArguments(), {
    cwd: root,
    // Load shedding off unless a test sets it: a busy test machine is not an overloaded service.
    env: {
      ...base,
      PORT: '0',
      LOG_LEVEL: 'warn',
      DATA_DIR: dataDir,
      TIMER_POLL_MS: '100',
      MAX_EVENT_LOOP_DELAY_MS: '0',
      WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => {
    out += d;
  });
  child.stderr!.on('data', (d) => {
    err += d;
  });
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { child, out: () => out, err: () => err, exited };
}

/** Waits for the start-up banner and returns the base URL it prints. */
export async function baseUrl(run: Run, waitMs = 120_000): Promise<string> {
  for (let i = 0; i < waitMs / 100; i++) {
    const m = /API docs: +(http:\/\/[^/\s]+)\/docs/.exec(run.out());
    if (m) return m[1]!;
    if (run.child.exitCode !== null) throw new Error(`server exited: ${run.err()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server did not start: ${run.out()} ${run.err()}`);
}

export function stop(run: Run, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  run.child.kill(signal);
  return run.exited;
}

/** A JSON request to the service, as the drills make it. */
export { request as call } from '../../scripts/drills/support';
