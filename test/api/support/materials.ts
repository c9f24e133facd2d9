import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { count } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { blobChunks, blobs } from '../../../src/db/schema';
import { auth, type TestApp } from '../../support/app';
import { expectOk } from './problem';

// Uploads through the real multipart route. The body is serialised by the platform's own
// FormData encoder (undici), not by hand, so the route sees what a browser would send.

/** A file that starts like a PDF, `size` bytes long, different per `seed`. */
export function pdfFile(size = 2048, seed = 0): Buffer {
  const head = Buffer.from(`%PDF-1.7\n%${seed}\n`, 'latin1');
  const body = Buffer.alloc(Math.max(0, size - head.length), `${seed % 10}`);
  return Buffer.concat([head, body]).subarray(0, Math.max(size, head.length));
}

export const pngHead = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** multipart/form-data with the fields first, then the file, as the route asks. */
export async function multipart(fields: Record<string, string>, file?: { name: string; bytes: Uint8Array; type?: string }) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  if (file) form.append('file', new Blob([new Uint8Array(file.bytes)], { type: file.type ?? 'application/octet-stream' }), file.name);
  const encoded = new Response(form);
  return { payload: Buffer.from(await encoded.arrayBuffer()), contentType: encoded.headers.get('content-type')! };
}

export async function upload(
  t: TestApp,
  id: string,
  token: string,
  file: { kind: string; name: string; bytes: Uint8Array; type?: string },
): Promise<LightMyRequestResponse> {
  const { payload, contentType } = await multipart({ kind: file.kind }, file);
  return t.app.inject({
    method: 'POST',
    url: `/v1/applications/${id}/materials`,
    headers: { ...auth(token), 'content-type': contentType },
    payload,
  });
}

export const download = (t: TestApp, id: string, sha256: string, token: string) =>
  t.app.inject({ url: `/v1/applications/${id}/materials/${sha256}`, headers: auth(token) });

export const KB = 1024;
// Small limits, so a file over one spans several 256 KB chunks and a few files fill an application.
export const smallLimits = { maxFileBytes: 600 * KB, maxApplicationBytes: 1000 * KB };

export const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
export const scanJpeg = readFileSync(new URL('../../documents/samples/scan.jpg', import.meta.url));
export const storedBlobs = async (t: TestApp) => (await t.database.db.select({ n: count() }).from(blobs))[0]!.n;
export const storedChunks = async (t: TestApp) => (await t.database.db.select({ n: count() }).from(blobChunks))[0]!.n;
export const listMaterials = async (t: TestApp, id: string, token: string) =>
  expectOk(await t.app.inject({ url: `/v1/applications/${id}/materials`, headers: auth(token) }));
