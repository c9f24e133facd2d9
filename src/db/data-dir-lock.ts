import { randomUUID } from 'node:crypto';
import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// PGlite has no lock of its own: two processes on one data directory both answer, and one
// silently loses the other's writes. A lock file names its holder; a holder that is gone
// (killed with -9) leaves a stale file, which the next process takes over.

type Holder = { pid: number; startedAt: string | null };

export class DataDirLocked extends Error {}

export type DataDirLock = { release(): void };

const lockFile = (dataDir: string) => join(dataDir, 'title-review.lock');

/** Takes the lock on `dataDir` or throws DataDirLocked naming the live process that holds it. */
export function lockDataDir(dataDir: string): DataDirLock {
  const file = lockFile(dataDir);
  // The token makes this file's text unique, so release and takeover can tell it from another's.
  const text = JSON.stringify({ pid: process.pid, startedAt: processStartOf(process.pid), token: randomUUID() });
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeFileSync(file, text, { flag: 'wx', mode: 0o600 });
      return { release: () => releaseIfMine(file, text) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const seen = readOrNull(file);
    const holder = parseHolder(seen);
    if (holder && isAlive(holder))
      throw new DataDirLocked(`DATA_DIR ${dataDir} is in use by process ${holder.pid}; stop it, or give this one another DATA_DIR`);
    // Stale: remove it only if it is still the file judged stale, not one a racing starter just wrote.
    if (readOrNull(file) === seen) unlinkQuietly(file);
  }
  throw new DataDirLocked(`DATA_DIR ${dataDir}: could not take the lock file ${file}`);
}

function releaseIfMine(file: string, text: string): void {
  if (readOrNull(file) === text) unlinkQuietly(file);
}

/** The holder is running, and is the process that wrote the file rather than a later one given its pid. */
function isAlive(holder: Holder): boolean {
  try {
    process.kill(holder.pid, 0);
  } catch (err) {
    // EPERM: alive, but another user's.
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const startedAt = processStartOf(holder.pid);
  return holder.startedAt === null || startedAt === null || startedAt === holder.startedAt;
}

/** The kernel's start time of a process (field 22 of /proc/<pid>/stat), where /proc exists. */
function processStartOf(pid: number): string | null {
  const stat = readOrNull(`/proc/${pid}/stat`);
  // The command name (field 2) may hold spaces and parentheses; fields are counted after its last ')'.
  const fields = stat?.slice(stat.lastIndexOf(')') + 2).split(' ');
  return fields?.[19] ?? null;
}

function parseHolder(text: string | null): Holder | null {
  try {
    const h = JSON.parse(text ?? '');
    return typeof h?.pid === 'number' ? { pid: h.pid, startedAt: typeof h.startedAt === 'string' ? h.startedAt : null } : null;
  } catch {
    return null;
  }
}

function readOrNull(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

function unlinkQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // Already gone: someone else cleaned it up.
  }
}
