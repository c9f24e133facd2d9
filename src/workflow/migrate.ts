import type { Actor } from '../../machines/events';
import { type Blocked, type Migration, type MigrationEvent, migrateSnapshot } from '../../machines/migrations';
import { type PersistedSnapshot, stateName } from '../../machines/states';
import type { Clock } from '../clock';
import type { Db } from '../db/client';
import { uuidv7 } from '../db/uuid';
import { AppError } from '../errors';
import { recordAction } from '../store/audit';
import { applicationsToMigrate, finishMigration, type MigrationFilter, recordMigration } from '../store/migrations';
import { loadForTransition } from '../store/transition-read';
import { writeTransition } from '../store/transition-write';

export type MigrationItem =
  | { id: string; state: string; outcome: 'wouldMove' | 'moved'; to: string }
  | { id: string; state: string; outcome: 'blocked'; reason: string }
  /** Moved meanwhile by another run: each application moves once. */
  | { id: string; state: string; outcome: 'alreadyMoved' };

const PAGE = 200;
const MAX_ATTEMPTS = 32;

/** Every application on `migration.from` that the filter selects, with where it would land or why it cannot move. */
export async function dryRun(db: Db, migration: Migration<string, string>, filter: Omit<MigrationFilter, 'from'>) {
  const items: MigrationItem[] = [];
  await eachPage(db, { ...filter, from: migration.from }, async (page) => {
    for (const a of page) {
      const moved = migrateSnapshot(a.snapshot, migration);
      items.push(
        'blocked' in moved ? blocked(a.id, a.snapshot, moved) : { id: a.id, state: moved.from, outcome: 'wouldMove', to: moved.to },
      );
    }
  });
  return items;
}

/**
 * Moves every selected application through the one write path, each as a recorded event
 * (`definition.migrate`: who, when, why, from/to version) so that history still replays.
 * Interrupted and run again, it finds only the applications not yet moved.
 */
export async function runMigration(
  db: Db,
  clock: Clock,
  actor: Actor,
  migration: Migration<string, string>,
  filter: Omit<MigrationFilter, 'from'>,
  reason: string,
) {
  const id = uuidv7();
  const run = {
    fromVersion: migration.from,
    toVersion: migration.to,
    planId: filter.planId ?? null,
    states: filter.states ?? null,
  };
  await db.transaction(async (tx) => {
    await recordMigration(tx, { id, ...run, reason, requestedBy: actor.sub, requestedAt: clock.now() });
    await recordAction(tx, { action: 'definition.migrate', target: id, actor: actor.sub, reason, details: run, at: clock.now() });
  });
  const items: MigrationItem[] = [];
  await eachPage(db, { ...filter, from: migration.from }, async (page) => {
    for (const a of page) items.push(await moveOne(db, clock, actor, a.id, migration, reason));
  });
  const count = (outcome: MigrationItem['outcome']) => items.filter((i) => i.outcome === outcome).length;
  const record = await finishMigration(db, id, { moved: count('moved'), blocked: count('blocked') }, clock.now());
  return { ...record, items };
}

async function moveOne(
  db: Db,
  clock: Clock,
  actor: Actor,
  id: string,
  migration: Migration<string, string>,
  reason: string,
): Promise<MigrationItem> {
  for (let attempt = 1; ; attempt++) {
    const row = await loadForTransition(db, id, null);
    if (!row) throw new AppError('NOT_FOUND');
    if (row.definitionVersion !== migration.from) return { id, state: '', outcome: 'alreadyMoved' };
    const moved = migrateSnapshot(row.snapshot, migration);
    if ('blocked' in moved) return blocked(id, row.snapshot, moved);
    const event: MigrationEvent = {
      type: 'definition.migrate',
      at: new Date(Math.max(clock.now().getTime(), row.updatedAt.getTime())).toISOString(),
      fromVersion: migration.from,
      toVersion: migration.to,
      reason,
    };
    const written = await writeTransition(db, {
      applicationId: id,
      readVersion: row.version,
      definitionVersion: migration.to,
      event,
      from: moved.from,
      to: moved.to,
      actor,
      snapshot: moved.snapshot,
      effects: [],
      timerId: null,
      requestId: null,
      idempotencyKey: null,
      idempotency: null,
    });
    if (written) return { id, state: moved.from, outcome: 'moved', to: moved.to };
    if (attempt >= MAX_ATTEMPTS) throw new AppError('VERSION_CONFLICT', { reason: 'too many concurrent changes' });
  }
}

function blocked(id: string, snapshot: PersistedSnapshot, b: Blocked): MigrationItem {
  return { id, state: stateName(snapshot.value), outcome: 'blocked', reason: b.blocked };
}

async function eachPage(db: Db, filter: MigrationFilter, each: (page: Awaited<ReturnType<typeof applicationsToMigrate>>) => Promise<void>) {
  let after: string | null = null;
  for (;;) {
    const page = await applicationsToMigrate(db, filter, after, PAGE);
    if (page.length === 0) return;
    await each(page);
    after = page.at(-1)!.id;
  }
}
