import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { migrationBetween, migrations } from '../../machines/migrations';
import { stateNames } from '../../machines/states';
import { AppError } from '../errors';

import { listMigrations } from '../store/migrations';
import { dryRun, runMigration } from '../workflow/migrate';

const Request = z
  .object({
    from: z.number().int(),
    to: z.number().int(),
    planId: z.uuid().optional(),
    states: z
      .array(z.enum(stateNames as [string, ...string[]]))
      .min(1)
      .optional(),
  })
  .strict();

const Item = z.object({
  id: z.uuid(),
  state: z.string(),
  outcome: z.enum(['wouldMove', 'moved', 'blocked', 'alreadyMoved']),
  to: z.string().optional(),
  reason: z.string().optional().describe('why a blocked application cannot move'),
});

const Record = z.object({
  id: z.uuid(),
  fromVersion: z.number().int(),
  toVersion: z.number().int(),
  planId: z.uuid().nullable(),
  states: z.array(z.string()).nullable(),
  reason: z.string(),
  requestedBy: z.string(),
  requestedAt: z.coerce.date(),
  finishedAt: z.coerce.date().nullable(),
  moved: z.number().int(),
  blocked: z.number().int(),
});

function migrationFor(from: number, to: number) {
  const migration = migrationBetween(from, to);
  if (!migration) throw new AppError('NO_SUCH_MIGRATION', { from, to, available: migrations.map((m) => ({ from: m.from, to: m.to })) });
  return migration;
}

/** Moving applications between machine definitions (admin): dry run, run, and the record of runs. */
export async function migrationRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.post(
    '/migrations/dry-run',
    {
      config: { problems: ['NO_SUCH_MIGRATION'], roles: ['admin'] },
      schema: {
        tags: ['migrations'],
        summary: 'Where each selected application would land, or why it cannot move (admin); changes nothing',
        body: Request,
        response: { 200: z.object({ items: z.array(Item) }) },
      },
    },
    async (req) => {
      const { from, to, ...filter } = req.body;
      return { items: await dryRun(app.db, migrationFor(from, to), filter) };
    },
  );

  app.post(
    '/migrations',
    {
      config: { problems: ['NO_SUCH_MIGRATION'], roles: ['admin'] },
      schema: {
        tags: ['migrations'],
        summary: 'Move the selected applications to another definition version, each as a recorded event (admin)',
        body: Request.extend({ reason: z.string().trim().min(1).max(2000) }).strict(),
        response: { 200: Record.extend({ items: z.array(Item) }) },
      },
    },
    async (req) => {
      const { from, to, reason, ...filter } = req.body;
      return runMigration(app.db, app.clock, req.actor, migrationFor(from, to), filter, reason);
    },
  );

  app.get(
    '/migrations',
    {
      config: { roles: ['admin'] },
      schema: {
        tags: ['migrations'],
        summary: 'Migrations run so far (admin)',
        response: { 200: z.object({ items: z.array(Record) }) },
      },
    },
    async () => ({ items: await listMigrations(app.db) }),
  );
}
