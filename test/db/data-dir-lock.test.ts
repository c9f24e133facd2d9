import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { DataDirLocked, lockDataDir } from '../../src/db/data-dir-lock';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'title-review-lock-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const lockFile = () => join(dir, 'title-review.lock');

it('is exclusive while held, names the holder, and is free again once released', () => {
  const lock = lockDataDir(dir);
  expect(JSON.parse(readFileSync(lockFile(), 'utf8')).pid).toBe(process.pid);
  expect(() => lockDataDir(dir)).toThrow(DataDirLocked);
  expect(() => lockDataDir(dir)).toThrow(new RegExp(`in use by process ${process.pid}\\b`));
  lock.release();
  expect(existsSync(lockFile())).toBe(false);
  lockDataDir(dir).release();
});

it('takes over the lock of a process that is gone, and of a later process given the same pid', () => {
  const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
  writeFileSync(lockFile(), JSON.stringify({ pid: Number(dead), startedAt: '1', token: 'x' }));
  const first = lockDataDir(dir);
  first.release();
  // Our own pid, but a different start time: the writer was another process that had this pid before.
  writeFileSync(lockFile(), JSON.stringify({ pid: process.pid, startedAt: '1', token: 'x' }));
  const second = lockDataDir(dir);
  expect(JSON.parse(readFileSync(lockFile(), 'utf8')).token).not.toBe('x');
  second.release();
});

it('does not remove a lock it no longer holds', () => {
  const lock = lockDataDir(dir);
  writeFileSync(lockFile(), JSON.stringify({ pid: process.pid, startedAt: null, token: 'someone else' }));
  lock.release();
  expect(existsSync(lockFile())).toBe(true);
});
