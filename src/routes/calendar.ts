import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { packageCovers, parseYearSchedule, YearSchedule } from '../calendar/holidays';
import { AppError } from '../errors';
import { CalendarYear } from '../http/responses';
import { loadedYear } from '../store/calendar';
import { loadCalendarYear } from '../workflow/load-calendar-year';

const Year = z.object({ year: z.coerce.number().int().min(2000).max(2100) });

export async function calendarRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.put(
    '/calendar/:year',
    {
      config: { roles: ['admin'] },
      schema: {
        tags: ['calendar'],
        summary: "Load a year's official holiday schedule (admin); it takes precedence over the package",
        params: Year,
        body: YearSchedule,
        response: { 200: CalendarYear },
      },
    },
    async (req) => {
      const { year } = req.params;
      let schedule: YearSchedule;
      try {
        schedule = parseYearSchedule(year, req.body);
      } catch (err) {
        if (!(err instanceof z.ZodError)) throw err;
        throw new AppError('VALIDATION_FAILED', {
          errors: err.issues.map((i) => ({ in: 'body' as const, path: `/${i.path.join('/')}`, message: i.message })),
        });
      }
      return { source: 'loaded' as const, ...(await loadCalendarYear(app.db, year, schedule, req.actor.sub, app.clock.now())) };
    },
  );

  app.get(
    '/calendar/:year',
    {
      config: { problems: ['CALENDAR_UNAVAILABLE'] },
      schema: {
        tags: ['calendar'],
        summary: 'Where working days of a year come from',
        params: Year,
        response: { 200: CalendarYear },
      },
    },
    async (req) => {
      const { year } = req.params;
      const row = await loadedYear(app.db, year);
      if (row) return { source: 'loaded' as const, ...row };
      if (packageCovers(year)) return { year, source: 'package' as const };
      throw new AppError('CALENDAR_UNAVAILABLE', { year });
    },
  );
}
