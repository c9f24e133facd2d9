import { Readable } from 'node:stream';
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Actor } from '../../machines/events';
import { Material } from '../../machines/facts';
import { materialKinds } from '../../machines/material-kinds';
import { acceptedEvents, allowedEventsFor, stateName } from '../../machines/states';
import { requireRole } from '../auth/require-role';
import type { DocumentSettings } from '../config';
import { AppError } from '../errors';
import { contentDisposition } from '../http/content-disposition';
import { langOf } from '../http/problem';
import { MaterialFile, MaterialList, TransitionResult, Upload } from '../http/responses';
import { isStorable } from '../http/storable-strings';
import { blobsOf } from '../store/blobs';
import { supplementUploadsSince } from '../store/supplement-uploads';
import { editMaterials, keepSupplementUpload, materialsBytes } from '../workflow/materials';
import { fileContent, type SizeLimit, storeFile } from '../workflow/store-file';
import { applicationView } from '../workflow/view';
import { visibleApplication } from '../workflow/visible';

// 五(一): scans uploaded to a draft, frozen from SUBMIT on; read by whoever may read the application.

const Params = z.object({ id: z.uuid() });
const FileParams = Params.extend({ sha256: Material.shape.sha256 });

export async function materialRoutes(fastify: FastifyInstance, settings: Pick<DocumentSettings, 'maxFileBytes' | 'maxApplicationBytes'>) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  // One file per request, its fields first; the file's own limit is set per request.
  await app.register(multipart, { limits: { files: 1, fields: 1, parts: 2, fieldSize: 256 } });

  const visible = (id: string, actor: Actor) => visibleApplication(app.db, id, actor);

  /**
   * The applicant's own draft — or, from definition version 2 on, an application waiting for
   * the supplementary materials a reviewer asked for — refused before a byte of the upload is read.
   */
  async function editableDraft(req: FastifyRequest, id: string) {
    const row = await visible(id, req.actor);
    requireRole(req, 'applicant');
    const { snapshot } = row;
    const accepted = acceptedEvents(snapshot);
    if (!accepted.includes('UPDATE_DRAFT') && !accepted.includes('SUPPLEMENT_PROVIDED')) {
      const where = { state: stateName(snapshot.value), version: row.version, allowedEvents: allowedEventsFor(snapshot, req.actor.role) };
      throw new AppError('MATERIALS_FROZEN', where);
    }
    return row;
  }

  /** Records a file uploaded towards the requested supplement; the application itself is unchanged. */
  async function keepForSupplement(req: FastifyRequest, id: string, sha256: string) {
    await keepSupplementUpload(app.db, app.clock, id, sha256);
    return applicationView(await visible(id, req.actor), req.actor, app.clock.now().toISOString(), langOf(req));
  }

  app.post(
    '/applications/:id/materials',
    {
      config: { problems: ['FORBIDDEN', 'NOT_FOUND', 'MATERIALS_FROZEN', 'FILE_TOO_LARGE', 'FILE_TYPE_NOT_ALLOWED', 'VERSION_CONFLICT'] },
      schema: {
        tags: ['materials'],
        summary:
          'Upload a scan to a draft, or towards a requested supplement (applicant): multipart/form-data with a `kind` field, then one PDF, JPEG or PNG file',
        consumes: ['multipart/form-data'],
        params: Params,
        response: { 201: Upload },
      },
    },
    async (req, reply) => {
      const draft = await editableDraft(req, req.params.id);
      const { context } = draft.snapshot;
      const pending = context.supplement
        ? await supplementUploadsSince(app.db, req.params.id, new Date(context.supplement.requestedAt))
        : [];
      const used = await materialsBytes(app.db, [...context.materials, ...pending.map((sha256) => ({ sha256 }))]);
      const limit: SizeLimit =
        settings.maxApplicationBytes - used < settings.maxFileBytes
          ? { scope: 'application', bytes: Math.max(0, settings.maxApplicationBytes - used) }
          : { scope: 'file', bytes: settings.maxFileBytes };
      const part = await fileOf(req, limit);
      const kind = Material.shape.kind.safeParse(fieldValue(part.fields.kind));
      const name = Material.shape.name.refine(isStorable).safeParse(part.filename);
      if (!kind.success || !name.success) {
        part.file.destroy();
        throw kind.success
          ? AppError.invalid('body', '/file', 'the file needs a name of 1–200 characters, without U+0000 or a lone surrogate')
          : AppError.invalid('body', '/kind', `send a \`kind\` field before the file, one of: ${materialKinds.join(', ')}`);
      }
      const stored = await storeFile(app.db, app.clock, part.file, limit);
      const material = { kind: kind.data, name: name.data, sha256: stored.sha256 };
      // While a supplement is requested the file is only kept: SUPPLEMENT_PROVIDED names the files that answer it.
      const application = acceptedEvents(draft.snapshot).includes('SUPPLEMENT_PROVIDED')
        ? await keepForSupplement(req, req.params.id, stored.sha256)
        : await editMaterials(app.db, app.clock, {
            applicationId: req.params.id,
            actor: req.actor,
            requestId: req.id,
            lang: langOf(req),
            edit: (current) => [...current, material],
            uploaded: stored.sha256,
            maxApplicationBytes: settings.maxApplicationBytes,
          });
      return reply
        .status(201)
        .header('location', `/v1/applications/${req.params.id}/materials/${stored.sha256}`)
        .send({ material: { ...material, size: stored.size, mimeType: stored.mimeType }, application });
    },
  );

  app.get(
    '/applications/:id/materials',
    {
      config: { problems: ['NOT_FOUND'] },
      schema: {
        tags: ['materials'],
        summary: "The application's uploaded materials, their sizes and the limits",
        params: Params,
        response: { 200: MaterialList },
      },
    },
    async (req) => {
      const { snapshot } = await visible(req.params.id, req.actor);
      const { materials, materialsReturnedAt } = snapshot.context;
      const stored = await blobsOf(
        app.db,
        materials.map((m) => m.sha256),
      );
      const items = materials.map((m) => {
        const blob = stored.get(m.sha256);
        const mimeType = MaterialFile.shape.mimeType.safeParse(blob?.mimeType);
        return { ...m, size: blob?.size ?? null, mimeType: mimeType.success ? mimeType.data : null };
      });
      return {
        items,
        totalBytes: [...stored.values()].reduce((sum, b) => sum + b.size, 0),
        limits: { fileBytes: settings.maxFileBytes, applicationBytes: settings.maxApplicationBytes },
        frozen: !acceptedEvents(snapshot).includes('UPDATE_DRAFT'),
        returnedAt: materialsReturnedAt ? new Date(materialsReturnedAt) : null,
      };
    },
  );

  app.get(
    '/applications/:id/materials/:sha256',
    {
      config: { problems: ['NOT_FOUND'] },
      schema: {
        tags: ['materials'],
        summary: 'Download a listed file (whoever may read the application)',
        params: FileParams,
        produces: ['application/pdf', 'image/jpeg', 'image/png'],
        response: { 200: z.any().describe('the file, as uploaded') },
      },
    },
    async (req, reply) => {
      const { snapshot } = await visible(req.params.id, req.actor);
      const material = snapshot.context.materials.find((m) => m.sha256 === req.params.sha256);
      const blob = material && (await blobsOf(app.db, [material.sha256])).get(material.sha256);
      if (!material || !blob) throw new AppError('NOT_FOUND');
      return reply
        .type(blob.mimeType)
        .header('content-length', blob.size)
        .header('content-disposition', contentDisposition('attachment', material.name))
        .header('etag', `"${blob.sha256}"`)
        .header('cache-control', 'private, no-store')
        .header('x-content-type-options', 'nosniff')
        .send(Readable.from(fileContent(app.db, blob)));
    },
  );

  app.delete(
    '/applications/:id/materials/:sha256',
    {
      config: { problems: ['FORBIDDEN', 'NOT_FOUND', 'MATERIALS_FROZEN', 'VERSION_CONFLICT'] },
      schema: {
        tags: ['materials'],
        summary: 'Remove a file from a draft (applicant); 409 MATERIALS_FROZEN from SUBMIT on',
        params: FileParams,
        response: { 200: TransitionResult },
      },
    },
    async (req) => {
      await editableDraft(req, req.params.id);
      return editMaterials(app.db, app.clock, {
        applicationId: req.params.id,
        actor: req.actor,
        requestId: req.id,
        lang: langOf(req),
        edit: (current) => {
          if (!current.some((m) => m.sha256 === req.params.sha256)) throw new AppError('NOT_FOUND');
          return current.filter((m) => m.sha256 !== req.params.sha256);
        },
        maxApplicationBytes: settings.maxApplicationBytes,
      });
    },
  );
}

/** The request's one file; busboy's own cut-off lies a byte past ours, so `storeFile` sees the excess and says which limit. */
async function fileOf(req: FastifyRequest, limit: SizeLimit) {
  try {
    const part = await req.file({ limits: { fileSize: limit.bytes + 1 } });
    if (!part) throw AppError.invalid('body', '/file', 'no file in the request');
    return part;
  } catch (err) {
    if (err instanceof AppError) throw err;
    if ((err as { code?: string }).code === 'FST_INVALID_MULTIPART_CONTENT_TYPE')
      throw AppError.invalid('headers', '/content-type', 'must be multipart/form-data');
    // busboy refuses a malformed form (no boundary, a truncated part) with a plain Error: the client's fault.
    throw AppError.invalid('body', '/', `not a readable multipart/form-data body: ${(err as Error).message}`);
  }
}

function fieldValue(field: unknown): unknown {
  return field && typeof field === 'object' && 'type' in field && field.type === 'field' && 'value' in field ? field.value : undefined;
}
