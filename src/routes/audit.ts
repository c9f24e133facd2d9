import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { adminActionKinds } from '../db/schema';
import { decodeCursor, encodeCursor } from '../http/cursor';
import { AuditEntry, page } from '../http/responses';
import { listActions } from '../store/audit';

const AuditCursor = z.strictObject({ before: z.number().int() });

export async function auditRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/audit',
    {
      config: { roles: ['admin'] },
      schema: {
        tags: ['operations'],
        summary: 'Admin actions, newest first: who did what to which record, when and why (admin)',
        querystring: z.strictObject({
          action: z.enum(adminActionKinds).optional(),
          target: z.string().min(1).max(100).optional(),
          cursor: z.string().max(500).optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: { 200: page(AuditEntry) },
      },
    },
    async (req) => {
      const { cursor, ...filter } = req.query;
      const before = cursor === undefined ? undefined : decodeCursor(cursor, AuditCursor).before;
      const p = await listActions(app.db, { ...filter, before });
      return { items: p.items, nextCursor: p.last === null ? null : encodeCursor({ before: p.last }) };
    },
  );
}
