import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import { openDatabase, postgresClient } from '../../src/db/client';
import { usingRealPostgres } from '../support/db';

// Issue 9, finding 4: replicas started together on an empty database raced each other's
// CREATE TABLE. Five openings at the same instant (the process drill cannot line its
// starts up this closely) must all succeed.

it.runIf(usingRealPostgres())(
  'migrates an empty database once when five openings race',
  async () => {
    const url = new URL(process.env.DATABASE_URL!);
    const name = `race_${randomBytes(5).toString('hex')}`;
    const server = postgresClient(url.toString(), 1);
    await server.unsafe(`create database ${name}`);
    try {
      url.pathname = `/${name}`;
      const opened = await Promise.allSettled(Array.from({ length: 5 }, () => openDatabase({ url: url.toString(), dataDir: '' })));
      for (const o of opened) if (o.status === 'fulfilled') await o.value.close();
      expect(opened.map((o) => (o.status === 'rejected' ? String(o.reason) : 'ok'))).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
    } finally {
      await server.unsafe(`drop database if exists ${name} with (force)`);
      await server.end();
    }
  },
  60_000,
);
