import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blobChunks, blobs } from '../../src/db/schema';
import { auth, createPlan, type TestApp, testApp, tokensFor } from '../support/app';
import { idNumberFor } from '../support/factories';
import { footprint, history } from './support/inspect';
import {
  KB,
  listMaterials,
  multipart,
  pdfFile,
  pngHead,
  scanJpeg,
  sha256,
  smallLimits,
  storedBlobs,
  storedChunks,
  upload,
} from './support/materials';
import { expectProblem } from './support/problem';
import { replayAllThenClose } from './support/replay';
import { applicationIn, T0 } from './support/walk';

// 五(一): scans uploaded to a draft, checked by content, limited in size and stored once by
// content; a refused upload writes nothing.

let t: TestApp;
let planId: string;
beforeAll(async () => {
  t = await testApp(T0, smallLimits);
  planId = await createPlan(t);
});
afterAll(async () => {
  await replayAllThenClose(t);
});

describe('uploading a scan to a draft', () => {
  it('judges the type by content, stores the bytes once by sha256 and records the upload as UPDATE_DRAFT', async () => {
    const { id, tk } = await applicationIn(t, planId, 'draft');
    const pdf = pdfFile(300 * KB, 1);
    const res = await upload(t, id, tk.applicant, { kind: 'achievement', name: '业绩证明.pdf', bytes: pdf });
    expect(res.statusCode, res.body).toBe(201);
    const { material, application } = res.json();
    expect(material).toEqual({
      kind: 'achievement',
      name: '业绩证明.pdf',
      sha256: sha256(pdf),
      size: 300 * KB,
      mimeType: 'application/pdf',
    });
    expect(application.context.materials).toEqual([{ kind: 'achievement', name: '业绩证明.pdf', sha256: sha256(pdf) }]);
    const [, update] = await history(t, id);
    expect(update).toMatchObject({
      type: 'UPDATE_DRAFT',
      from: 'draft',
      to: 'draft',
      payload: { uploaded: [sha256(pdf)] },
      requestId: res.headers['x-request-id'],
    });

    // A PNG named .pdf and sent as PDF is a PNG.
    const png = Buffer.concat([pngHead, Buffer.alloc(500, 7)]);
    const named = await upload(t, id, tk.applicant, { kind: 'other', name: 'scan.pdf', bytes: png, type: 'application/pdf' });
    expect(named.statusCode, named.body).toBe(201);
    expect(named.json().material.mimeType).toBe('image/png');
    const fromCamera = await upload(t, id, tk.applicant, { kind: 'other', name: '扫描件', bytes: scanJpeg });
    expect(fromCamera.json().material.mimeType).toBe('image/jpeg');

    const [row] = await t.database.db
      .select()
      .from(blobs)
      .where(eq(blobs.sha256, sha256(pdf)));
    expect(row).toMatchObject({ size: 300 * KB, mimeType: 'application/pdf' });
    // 300 KB in 256 KB chunks.
    expect((await t.database.db.select().from(blobChunks).where(eq(blobChunks.chunkSet, row!.chunkSet))).map((c) => c.seq)).toEqual([0, 1]);
  });

  it('keeps one copy of content uploaded twice, to two applications', async () => {
    const a = await applicationIn(t, planId, 'draft');
    const b = await applicationIn(t, planId, 'draft');
    const bytes = pdfFile(280 * KB, 2);
    const [blobsBefore, chunksBefore] = [await storedBlobs(t), await storedChunks(t)];
    expect((await upload(t, a.id, a.tk.applicant, { kind: 'achievement', name: 'a.pdf', bytes })).statusCode).toBe(201);
    expect((await upload(t, b.id, b.tk.applicant, { kind: 'achievement', name: 'b.pdf', bytes })).statusCode).toBe(201);
    expect(await storedBlobs(t)).toBe(blobsBefore + 1);
    expect(await storedChunks(t)).toBe(chunksBefore + 2);
  });

  it('refuses content that is not a PDF, JPEG or PNG with 415, whatever its name, and writes nothing', async () => {
    const { id, tk } = await applicationIn(t, planId, 'draft');
    const before = [await footprint(t, id), await storedBlobs(t), await storedChunks(t)];
    for (const bytes of [Buffer.from('<html>not a scan</html>'), Buffer.from('GIF89a......'), Buffer.alloc(0), Buffer.from('%PD')]) {
      const res = await upload(t, id, tk.applicant, { kind: 'achievement', name: 'scan.pdf', bytes, type: 'application/pdf' });
      expect(expectProblem(res, 415, 'FILE_TYPE_NOT_ALLOWED').accepted).toEqual(['application/pdf', 'image/jpeg', 'image/png']);
    }
    // A wrong head is refused before a chunk is written, however long the file.
    const late = Buffer.concat([Buffer.from('not a pdf'), pdfFile(400 * KB)]);
    expectProblem(await upload(t, id, tk.applicant, { kind: 'achievement', name: 'x.pdf', bytes: late }), 415, 'FILE_TYPE_NOT_ALLOWED');
    expect([await footprint(t, id), await storedBlobs(t), await storedChunks(t)]).toEqual(before);
  });

  it('refuses a file over the per-file limit and files over the per-application limit with 413 and the limit', async () => {
    const { id, tk } = await applicationIn(t, planId, 'draft');
    const before = [await footprint(t, id), await storedBlobs(t), await storedChunks(t)];
    const tooBig = await upload(t, id, tk.applicant, { kind: 'achievement', name: 'big.pdf', bytes: pdfFile(600 * KB + 1, 3) });
    expect(expectProblem(tooBig, 413, 'FILE_TOO_LARGE')).toMatchObject({ limit: 'file', limitBytes: 600 * KB });
    expect([await footprint(t, id), await storedBlobs(t), await storedChunks(t)]).toEqual(before);

    expect((await upload(t, id, tk.applicant, { kind: 'achievement', name: 'max.pdf', bytes: pdfFile(600 * KB, 4) })).statusCode).toBe(201);
    const afterFirst = [await footprint(t, id), await storedBlobs(t), await storedChunks(t)];
    // 600 KB listed; 400 KB remain of 1000.
    const over = await upload(t, id, tk.applicant, { kind: 'achievement', name: 'more.pdf', bytes: pdfFile(400 * KB + 1, 5) });
    expect(expectProblem(over, 413, 'FILE_TOO_LARGE')).toMatchObject({ limit: 'application', limitBytes: 400 * KB });
    expect([await footprint(t, id), await storedBlobs(t), await storedChunks(t)]).toEqual(afterFirst);
    expect((await upload(t, id, tk.applicant, { kind: 'achievement', name: 'fits.pdf', bytes: pdfFile(400 * KB, 5) })).statusCode).toBe(
      201,
    );
    expect((await listMaterials(t, id, tk.applicant)).totalBytes).toBe(1000 * KB);
  });

  it('refuses a request that is not one file with a kind, and a role other than the applicant', async () => {
    const { id, tk } = await applicationIn(t, planId, 'draft');
    const before = await footprint(t, id);
    const json = await t.app.inject({
      method: 'POST',
      url: `/v1/applications/${id}/materials`,
      headers: auth(tk.applicant),
      payload: { kind: 'achievement' },
    });
    expectProblem(json, 400, 'VALIDATION_FAILED');
    const noKind = await multipart({}, { name: 'a.pdf', bytes: pdfFile() });
    const res = await t.app.inject({
      method: 'POST',
      url: `/v1/applications/${id}/materials`,
      headers: { ...auth(tk.applicant), 'content-type': noKind.contentType },
      payload: noKind.payload,
    });
    expect(expectProblem(res, 400, 'VALIDATION_FAILED').errors[0].path).toBe('/kind');
    for (const role of ['unit', 'hr', 'committee', 'admin'] as const)
      expectProblem(await upload(t, id, tk[role], { kind: 'achievement', name: 'a.pdf', bytes: pdfFile() }), 403, 'FORBIDDEN');
    const stranger = tokensFor(t, idNumberFor(993)).applicant;
    expectProblem(await upload(t, id, stranger, { kind: 'achievement', name: 'a.pdf', bytes: pdfFile() }), 404, 'NOT_FOUND');
    expect(await footprint(t, id)).toEqual(before);
  });
});
