import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ManualClock } from '../clock';
import { setManualClock } from '../workflow/manual-clock';
import { settleDueTimers } from '../workflow/timers';

/**
 * Exists only with CLOCK=manual (SPEC §6): moving the clock answers once every timer now due has
 * fired. The time is kept in the database, so a restart and the other replicas go on from it.
 */
export async function testClockRoutes(fastify: FastifyInstance, opts: { clock: ManualClock }) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.post(
    '/test/clock',
    {
      config: { roles: ['admin'] },
      schema: {
        tags: ['test'],
        summary: 'Set the manual clock (admin; CLOCK=manual only)',
        body: z.object({ now: z.iso.datetime({ offset: true }) }).strict(),
        response: { 200: z.object({ now: z.iso.datetime(), firedTimers: z.number().int().describe('timers that fell due and fired') }) },
      },
    },
    async (req) => {
      await setManualClock(app.db, opts.clock, new Date(req.body.now), req.actor.sub);
      const firedTimers = await settleDueTimers(app.db, opts.clock, req.log, app.timerWidth);
      return { now: opts.clock.now().toISOString(), firedTimers };
    },
  );
  app.get('/test/clock', { schema: { tags: ['test'], response: { 200: z.object({ now: z.iso.datetime() }) } } }, async () => ({
    now: opts.clock.now().toISOString(),
  }));
}
