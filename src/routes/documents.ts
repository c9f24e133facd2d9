import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type DocumentSettings, listenUrl } from '../config';
import { publicityListCsv, publicityListHtml } from '../documents/publicity-list';
import { AppError } from '../errors';
import { contentDisposition } from '../http/content-disposition';

import { certificateOf } from '../store/applications';
import { certificateInput, reviewFormInput } from '../workflow/documents';
import { findPublicity, publicitiesInProgress, publicityStages, published } from '../workflow/publicity';
import { visibleApplication } from '../workflow/visible';

// The notice's documents for signed-in users: the review form (三(二)), the certificate
// (三(四)) and the publicity lists for the bureau (三(三)).

const Params = z.object({ id: z.uuid() });
const PublicityParams = z.object({ planId: z.uuid(), stage: z.enum(publicityStages), start: z.iso.date() });
const file = z.any().describe('the document');

function sendDocument(
  reply: FastifyReply,
  type: string,
  name: string,
  body: string | Buffer,
  disposition: 'attachment' | 'inline' = 'attachment',
) {
  return reply
    .type(type)
    .header('content-disposition', contentDisposition(disposition, name))
    .header('cache-control', 'private, no-store')
    .send(body);
}

export async function documentRoutes(fastify: FastifyInstance, settings: Pick<DocumentSettings, 'publicUrl' | 'objectionsContact'>) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const publicUrl = () => settings.publicUrl ?? listenUrl(fastify.server.address());

  app.get(
    '/applications/:id/review-form.pdf',
    {
      config: { problems: ['NOT_FOUND', 'REVIEW_FORM_NOT_READY'] },
      schema: {
        tags: ['documents'],
        summary: 'The review form (评审表), A3 with the watermark and its verification code, from paperSubmission on; 409 before',
        produces: ['application/pdf'],
        params: Params,
        response: { 200: file },
      },
    },
    async (req, reply) => {
      const application = await visibleApplication(app.db, req.params.id, req.actor);
      const input = await reviewFormInput(app.db, application, req.actor, app.clock.now());
      const pdf = await app.renderer.render({ kind: 'reviewForm', input });
      return sendDocument(reply, 'application/pdf', `评审表-${input.facts.name}-${input.verificationCode}.pdf`, pdf);
    },
  );

  app.get(
    '/applications/:id/certificate.pdf',
    {
      config: { problems: ['NOT_FOUND', 'CERTIFICATE_REVOKED'] },
      schema: {
        tags: ['documents'],
        summary: 'The electronic certificate, A4 with a QR code to its public verification; 410 once revoked',
        produces: ['application/pdf'],
        params: Params,
        response: { 200: file },
      },
    },
    async (req, reply) => {
      await visibleApplication(app.db, req.params.id, req.actor);
      const cert = await certificateOf(app.db, req.params.id);
      if (!cert) throw new AppError('NOT_FOUND');
      if (cert.revokedAt) throw new AppError('CERTIFICATE_REVOKED', { number: cert.number, revokedAt: cert.revokedAt });
      const pdf = await app.renderer.render({ kind: 'certificate', input: certificateInput(cert, publicUrl()) });
      return sendDocument(reply, 'application/pdf', `证书-${cert.number}.pdf`, pdf);
    },
  );

  app.get(
    '/publicity-lists',
    {
      config: { roles: ['hr', 'committee', 'admin'] },
      schema: {
        tags: ['documents'],
        summary: 'Publicities in progress, one per plan, stage and start day (hr, committee, admin)',
        querystring: z.object({ planId: z.uuid().optional() }),
        response: {
          200: z.object({
            items: z.array(
              z.object({
                planId: z.uuid(),
                stage: z.enum(publicityStages),
                start: z.iso.date(),
                end: z.iso.date().describe('the last day of the 5 working days'),
                applications: z.number().int(),
                csv: z.string(),
                html: z.string(),
                pdf: z.string(),
                publicPage: z.string(),
              }),
            ),
          }),
        },
      },
    },
    async (req) => {
      const items = (await publicitiesInProgress(app.db, req.query.planId)).map((p) => {
        const path = `${p.planId}/${p.stage}/${p.period.start}`;
        return {
          planId: p.planId,
          stage: p.stage,
          ...p.period,
          applications: p.entries.length,
          csv: `/v1/publicities/${path}/list.csv`,
          html: `/v1/publicities/${path}/list.html`,
          pdf: `/v1/publicities/${path}/list.pdf`,
          publicPage: `${publicUrl()}/v1/public/publicities/${path}`,
        };
      });
      return { items };
    },
  );

  const listFormats = {
    csv: { type: 'text/csv', summary: 'A publicity list as CSV for Excel (UTF-8 with BOM), ID numbers masked (hr, committee, admin)' },
    html: { type: 'text/html', summary: 'A publicity list as a printable HTML page, ID numbers masked (hr, committee, admin)' },
    pdf: {
      type: 'application/pdf',
      summary: 'A publicity list as a PDF to post and file: A4 landscape, page numbers, ID numbers masked (hr, committee, admin)',
    },
  } as const;
  for (const format of ['csv', 'html', 'pdf'] as const) {
    app.get(
      `/publicities/:planId/:stage/:start/list.${format}`,
      {
        config: { roles: ['hr', 'committee', 'admin'], problems: ['NOT_FOUND'] },
        schema: {
          tags: ['documents'],
          summary: listFormats[format].summary,
          produces: [listFormats[format].type],
          params: PublicityParams,
          response: { 200: file },
        },
      },
      async (req, reply) => {
        const { planId, stage, start } = req.params;
        const publicity = await findPublicity(app.db, planId, stage, start);
        if (!publicity) throw new AppError('NOT_FOUND');
        const list = published(publicity, settings.objectionsContact);
        const name = `公示名单-${list.plan.year}-${list.plan.specialty}-${stage}-${start}.${format}`;
        switch (format) {
          case 'csv':
            return sendDocument(reply, 'text/csv; charset=utf-8', name, publicityListCsv(list));
          case 'html':
            return sendDocument(reply, 'text/html; charset=utf-8', name, publicityListHtml(list), 'inline');
          case 'pdf':
            return sendDocument(reply, 'application/pdf', name, await app.renderer.render({ kind: 'publicityList', input: list }));
        }
      },
    );
  }
}
