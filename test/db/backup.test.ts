import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BackupRefused, backupEmbedded, backupPostgres, restoreEmbedded, restorePostgres } from '../../src/db/backup';
import { type Database, openDatabase, postgresClient } from '../../src/db/client';
import { DataDirLocked } from '../../src/db/data-dir-lock';
import { expectCountsMatch } from '../api/support/counts';
import { history, view } from '../api/support/inspect';
import { download, pdfFile, upload } from '../api/support/materials';
import { expectEveryApplicationReplays } from '../api/support/replay';
import { T0, walkTo } from '../api/support/walk';
import { auth, createDraft, createPlan, setClock, type TestApp, testAppOn, tokensFor } from '../support/app';
import { usingRealPostgres } from '../support/db';
import { idNumberFor, testUnits } from '../support/factories';

// Issue 28, item 4: a dump taken mid-season, restored into a fresh database, is the season.

const dir = mkdtempSync(join(tmpdir(), 'title-review-backup-'));
const admin = usingRealPostgres() ? postgresClient(process.env.DATABASE_URL!, 1) : undefined;
const databases: string[] = [];
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  for (const name of databases) await admin!.unsafe(`drop database if exists ${name} with (force)`);
  await admin?.end();
});

/** An empty database on the test server, not migrated: what a restore goes into. */
async function emptyPostgresDatabase(): Promise<string> {
  const name = `test_${randomBytes(6).toString('hex')}`;
  await admin!.unsafe(`create database ${name}`);
  databases.push(name);
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `/${name}`;
  return url.toString();
}

/** The source database and how to back it up; on PGlite a data directory, on a server its own database. */
async function source(): Promise<{ database: Database; backup(file: string): Promise<void> }> {
  if (usingRealPostgres()) {
    const url = await emptyPostgresDatabase();
    return { database: await openDatabase({ url, dataDir: '' }), backup: (file) => backupPostgres(url, file) };
  }
  const dataDir = join(dir, 'source');
  return { database: await openDatabase({ dataDir }), backup: (file) => backupEmbedded(dataDir, file) };
}

/** Restores `file` into a new database and opens it; a second restore onto the same one is refused. */
async function restored(file: string): Promise<Database> {
  if (usingRealPostgres()) {
    const url = await emptyPostgresDatabase();
    await restorePostgres(file, url);
    await expect(restorePostgres(file, url)).rejects.toThrow(BackupRefused);
    return openDatabase({ url, dataDir: '' });
  }
  const dataDir = join(dir, 'restored');
  await restoreEmbedded(file, dataDir);
  await expect(restoreEmbedded(file, dataDir)).rejects.toThrow(BackupRefused);
  expect(existsSync(join(dataDir, 'title-review.lock'))).toBe(false);
  return openDatabase({ dataDir });
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('backup and restore', () => {
  it('restores a dump taken mid-season: the service starts on it, histories replay, due timers fire once, files are intact', async () => {
    const { database, backup } = await source();
    const t = await testAppOn(database, T0);
    const adminToken = t.token({ sub: 'admin', role: 'admin' });
    for (const unit of testUnits)
      expect((await t.app.inject({ method: 'POST', url: '/v1/units', headers: auth(adminToken), payload: unit })).statusCode).toBe(201);
    const plan = await createPlan(t);
    const inPublicity = { id: await createDraft(t, plan, idNumberFor(1)), tk: tokensFor(t, idNumberFor(1)) };
    const inDraft = { id: await createDraft(t, plan, idNumberFor(2)), tk: tokensFor(t, idNumberFor(2)) };
    const scan = pdfFile(600 * 1024, 7);
    expect((await upload(t, inDraft.id, inDraft.tk.applicant, { kind: 'achievement', name: '业绩证明.pdf', bytes: scan })).statusCode).toBe(
      201,
    );
    const publicity = await walkTo(t, inPublicity.id, inPublicity.tk, 'qualificationPublicity');
    const before = { publicity: await view(t, inPublicity.id), draft: await view(t, inDraft.id) };

    const file = join(dir, 'season.backup');
    if (!usingRealPostgres()) await expect(backup(file)).rejects.toThrow(DataDirLocked);
    // A server's dump is consistent while the service runs; the embedded one is taken after it stops.
    if (usingRealPostgres()) await backup(file);
    await t.close();
    if (!usingRealPostgres()) await backup(file);

    const r: TestApp = await testAppOn(await restored(file), t.clock.now().toISOString());
    try {
      expect(await view(r, inPublicity.id)).toEqual(before.publicity);
      expect(await view(r, inDraft.id)).toEqual(before.draft);
      expect(await expectEveryApplicationReplays(r)).toBe(2);
      await expectCountsMatch(r);
      const [material] = (await view(r, inDraft.id)).context.materials;
      const file = await download(r, inDraft.id, material.sha256, inDraft.tk.applicant);
      expect(file.statusCode).toBe(200);
      expect(sha256(file.rawPayload)).toBe(sha256(scan));

      // The qualification publicity's end was due after the dump; the restored service fires it, once.
      const end = new Date(Date.parse(publicity.context.publicity.endsAt) + 2 * 3600_000).toISOString();
      expect(await setClock(r, end)).toBe(1);
      expect(await setClock(r, new Date(Date.parse(end) + 86_400_000).toISOString())).toBe(0);
      expect((await view(r, inPublicity.id)).state).toBe('feePayment');
      expect((await history(r, inPublicity.id)).filter((e) => e.type === 'PUBLICITY_ENDED')).toHaveLength(1);
    } finally {
      await r.close();
    }
    if (!usingRealPostgres()) await database.close();
  });
});
