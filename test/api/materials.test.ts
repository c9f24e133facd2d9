import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blobChunks, blobs } from '../../src/db/schema';
import { auth, createPlan, send, type TestApp, testApp, tokensFor } from '../support/app';
import { idNumberFor, unitId } from '../support/factories';
import { footprint, history, view } from './support/inspect';
import { download, multipart, pdfFile, pngHead, upload } from './support/materials';
import { expectOk, expectProblem } from './support/problem';
import { replayAllThenClose } from './support/replay';
import { applicationIn, T0, walkTo } from './support/walk';

// 五(一): scans uploaded to a draft, checked by content, limited in size, stored once by
// content, frozen from SUBMIT on, read by whoever may read the application.

const KB = 1024;
// Small limits, so a file over one spans several 256 KB chunks and a few files fill an application.
const limits = { maxFileBytes: 600 * KB, maxApplicationBytes: 1000 * KB };

let t: TestApp;
let planId: string;
beforeAll(async () => {
  t = await testApp(T0, limits);
  planId = await createPlan(t);
});
afterAll(async () => {
  await replayAllThenClose(t);
});

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const jpeg = readFileSync(new URL('../documents/samples/scan.jpg', import.meta.url));
const storedBlobs = async () => (await t.database.db.select({ n: count() }).from(blobs))[0]!.n;
const storedChunks = async () => (await t.database.db.select({ n: count() }).from(blobChunks))[0]!.n;
const list = async (id: string, token: string) =>
  expectOk(await t.app.inject({ url: `/v1/applications/${id}/materials`, headers: auth(token) }));

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
    const fromCamera = await upload(t, id, tk.applicant, { kind: 'other', name: '扫描件', bytes: jpeg });
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
    const [blobsBefore, chunksBefore] = [await storedBlobs(), await storedChunks()];
    expect((await upload(t, a.id, a.tk.applicant, { kind: 'achievement', name: 'a.pdf', bytes })).statusCode).toBe(201);
    expect((await upload(t, b.id, b.tk.applicant, { kind: 'achievement', name: 'b.pdf', bytes })).statusCode).toBe(201);
    expect(await storedBlobs()).toBe(blobsBefore + 1);
    expect(await storedChunks()).toBe(chunksBefore + 2);
  });

  it('refuses content that is not a PDF, JPEG or PNG with 415, whatever its name, and writes nothing', async () => {
    const { id, tk } = await applicationIn(t, planId, 'draft');
    const before = [await footprint(t, id), await storedBlobs(), await storedChunks()];
    for (const bytes of [Buffer.from('<html>not a scan</html>'), Buffer.from('GIF89a......'), Buffer.alloc(0), Buffer.from('%PD')]) {
      const res = await upload(t, id, tk.applicant, { kind: 'achievement', name: 'scan.pdf', bytes, type: 'application/pdf' });
      expect(expectProblem(res, 415, 'FILE_TYPE_NOT_ALLOWED').accepted).toEqual(['application/pdf', 'image/jpeg', 'image/png']);
    }
    // A wrong head is refused before a chunk is written, however long the file.
    const late = Buffer.concat([Buffer.from('not a pdf'), pdfFile(400 * KB)]);
    expectProblem(await upload(t, id, tk.applicant, { kind: 'achievement', name: 'x.pdf', bytes: late }), 415, 'FILE_TYPE_NOT_ALLOWED');
    expect([await footprint(t, id), await storedBlobs(), await storedChunks()]).toEqual(before);
  });

  it('refuses a file over the per-file limit and files over the per-application limit with 413 and the limit', async () => {
    const { id, tk } = await applicationIn(t, planId, 'draft');
    const before = [await footprint(t, id), await storedBlobs(), await storedChunks()];
    const tooBig = await upload(t, id, tk.applicant, { kind: 'achievement', name: 'big.pdf', bytes: pdfFile(600 * KB + 1, 3) });
    expect(expectProblem(tooBig, 413, 'FILE_TOO_LARGE')).toMatchObject({ limit: 'file', limitBytes: 600 * KB });
    expect([await footprint(t, id), await storedBlobs(), await storedChunks()]).toEqual(before);

    expect((await upload(t, id, tk.applicant, { kind: 'achievement', name: 'max.pdf', bytes: pdfFile(600 * KB, 4) })).statusCode).toBe(201);
    const afterFirst = [await footprint(t, id), await storedBlobs(), await storedChunks()];
    // 600 KB listed; 400 KB remain of 1000.
    const over = await upload(t, id, tk.applicant, { kind: 'achievement', name: 'more.pdf', bytes: pdfFile(400 * KB + 1, 5) });
    expect(expectProblem(over, 413, 'FILE_TOO_LARGE')).toMatchObject({ limit: 'application', limitBytes: 400 * KB });
    expect([await footprint(t, id), await storedBlobs(), await storedChunks()]).toEqual(afterFirst);
    expect((await upload(t, id, tk.applicant, { kind: 'achievement', name: 'fits.pdf', bytes: pdfFile(400 * KB, 5) })).statusCode).toBe(
      201,
    );
    expect((await list(id, tk.applicant)).totalBytes).toBe(1000 * KB);
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

describe('the materials a draft lists', () => {
  it('are only files uploaded to it: a hash alone, or another application’s file, is 422 MATERIAL_NOT_UPLOADED', async () => {
    const mine = await applicationIn(t, planId, 'draft');
    const other = await applicationIn(t, planId, 'draft');
    const theirs = pdfFile(1000, 6);
    expect((await upload(t, other.id, other.tk.applicant, { kind: 'achievement', name: 'x.pdf', bytes: theirs })).statusCode).toBe(201);
    const before = await footprint(t, mine.id);
    for (const hash of ['c'.repeat(64), sha256(theirs)]) {
      const res = await send(t, mine.id, mine.tk.applicant, 'UPDATE_DRAFT', {
        materials: [{ kind: 'achievement', name: 'x', sha256: hash }],
      });
      expect(expectProblem(res, 422, 'MATERIAL_NOT_UPLOADED').sha256).toEqual([hash]);
    }
    const created = await t.app.inject({
      method: 'POST',
      url: '/v1/applications',
      headers: auth(mine.tk.applicant),
      payload: {
        planId,
        unitId,
        facts: (await view(t, mine.id)).context.facts,
        materials: [{ kind: 'achievement', name: 'b', sha256: 'd'.repeat(64) }],
      },
    });
    expectProblem(created, 422, 'MATERIAL_NOT_UPLOADED');
    expect(await footprint(t, mine.id)).toEqual(before);
  });

  it('may be renamed, re-kinded and removed with UPDATE_DRAFT or DELETE, each file listed once', async () => {
    const { id, tk } = await applicationIn(t, planId, 'draft');
    const a = pdfFile(900, 7);
    const b = pdfFile(900, 8);
    await upload(t, id, tk.applicant, { kind: 'achievement', name: 'a.pdf', bytes: a });
    await upload(t, id, tk.applicant, { kind: 'achievement', name: 'b.pdf', bytes: b });
    const renamed = [{ kind: 'other', name: '甲.pdf', sha256: sha256(a) }];
    expect(expectOk(await send(t, id, tk.applicant, 'UPDATE_DRAFT', { materials: renamed })).context.materials).toEqual(renamed);
    expectProblem(await send(t, id, tk.applicant, 'UPDATE_DRAFT', { materials: [...renamed, ...renamed] }), 400, 'VALIDATION_FAILED');
    expectProblem(await upload(t, id, tk.applicant, { kind: 'other', name: 'again.pdf', bytes: a }), 400, 'VALIDATION_FAILED');
    const remove = (hash: string) =>
      t.app.inject({ method: 'DELETE', url: `/v1/applications/${id}/materials/${hash}`, headers: auth(tk.applicant) });
    expectProblem(await remove(sha256(b)), 404, 'NOT_FOUND');
    expect(expectOk(await remove(sha256(a))).context.materials).toEqual([]);
    // Gone from the list, the file is not the draft's any more: it must be uploaded again.
    expectProblem(await send(t, id, tk.applicant, 'UPDATE_DRAFT', { materials: renamed }), 422, 'MATERIAL_NOT_UPLOADED');
  });

  it('are frozen from SUBMIT on: upload, removal and UPDATE_DRAFT are 409 MATERIALS_FROZEN until returned to the applicant', async () => {
    const { id, tk } = await applicationIn(t, planId, 'draft');
    const file = pdfFile(1200, 9);
    await upload(t, id, tk.applicant, { kind: 'achievement', name: 'a.pdf', bytes: file });
    const listed = [{ kind: 'achievement', name: 'a.pdf', sha256: sha256(file) }];
    const remove = () =>
      t.app.inject({ method: 'DELETE', url: `/v1/applications/${id}/materials/${sha256(file)}`, headers: auth(tk.applicant) });
    for (const state of ['submitted', 'unitPublicity', 'municipalAudit'] as const) {
      await walkTo(t, id, tk, state);
      const before = [await footprint(t, id), await storedBlobs(), await storedChunks()];
      const frozen = expectProblem(
        await upload(t, id, tk.applicant, { kind: 'other', name: 'late.pdf', bytes: pdfFile(100, 10) }),
        409,
        'MATERIALS_FROZEN',
      );
      expect(frozen.state).toBe(state);
      expectProblem(await remove(), 409, 'MATERIALS_FROZEN');
      expectProblem(await send(t, id, tk.applicant, 'UPDATE_DRAFT', { materials: [] }), 409, 'MATERIALS_FROZEN');
      expect([await footprint(t, id), await storedBlobs(), await storedChunks()]).toEqual(before);
      expect((await list(id, tk.applicant)).frozen).toBe(true);
      if (state === 'unitPublicity') {
        expectOk(await send(t, id, tk.unit, 'RETURN_TO_APPLICANT', { reason: '请补充' }));
        expect((await list(id, tk.applicant)).frozen).toBe(false);
        expect(expectOk(await remove()).context.materials).toEqual([]);
        await upload(t, id, tk.applicant, { kind: 'achievement', name: 'a.pdf', bytes: file });
        await walkTo(t, id, tk, 'unitPublicity');
      }
    }
    expect((await view(t, id)).context.materials).toEqual(listed);
  });
});

describe('the materials the notice asks for, checked at SUBMIT against what was uploaded', () => {
  it('a public institution needs 附件3 uploaded (二(五)), a degree not extracted by the system its certificate and CHSI record (五(二))', async () => {
    const idNumber = idNumberFor(700);
    const tk = tokensFor(t, idNumber);
    const facts = { ...(await view(t, (await applicationIn(t, planId, 'draft')).id)).context.facts, birthDate: '1990-05-12' };
    const created = await t.app.inject({
      method: 'POST',
      url: '/v1/applications',
      headers: auth(tk.applicant),
      payload: {
        planId,
        unitId,
        facts: {
          ...facts,
          unitType: 'publicInstitution',
          postVacancy: true,
          education: { ...facts.education, proof: { systemExtracted: false } },
        },
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const { id } = created.json();
    const failing = async () =>
      expectProblem(await send(t, id, tk.applicant, 'SUBMIT', { commitmentSigned: true }), 422, 'NOT_ELIGIBLE').failures.map(
        (f: { id: string }) => f.id,
      );
    expect(await failing()).toEqual(['public-institution-post', 'education-proof']);
    // The right files under another kind prove nothing.
    await upload(t, id, tk.applicant, { kind: 'other', name: '附件3.pdf', bytes: pdfFile(900, 20) });
    await upload(t, id, tk.applicant, { kind: 'educationCertificate', name: '毕业证书.jpg', bytes: jpeg });
    expect(await failing()).toEqual(['public-institution-post', 'education-proof']);
    await upload(t, id, tk.applicant, { kind: 'postInfoForm', name: '岗位信息表.pdf', bytes: pdfFile(900, 21) });
    expect(await failing()).toEqual(['education-proof']);
    await upload(t, id, tk.applicant, { kind: 'chsiRecord', name: '学历备案表.pdf', bytes: pdfFile(900, 22) });
    expect(expectOk(await send(t, id, tk.applicant, 'SUBMIT', { commitmentSigned: true })).state).toBe('submitted');
  });

  it('refuses a kind the notice does not name', async () => {
    const { id, tk } = await applicationIn(t, planId, 'draft');
    const res = await upload(t, id, tk.applicant, { kind: 'selfie', name: 'a.pdf', bytes: pdfFile() });
    expect(expectProblem(res, 400, 'VALIDATION_FAILED').errors[0].path).toBe('/kind');
  });
});

describe('downloads', () => {
  it('return the bytes as uploaded to whoever may read the application, and 404 to anyone else', async () => {
    const { id, tk } = await applicationIn(t, planId, 'draft');
    const bytes = pdfFile(520 * KB, 11);
    await upload(t, id, tk.applicant, { kind: 'achievement', name: '业绩 证明.pdf', bytes });
    const hash = sha256(bytes);
    for (const role of ['applicant', 'unit', 'hr', 'committee', 'admin'] as const) {
      const res = await download(t, id, hash, tk[role]);
      expect(res.statusCode, role).toBe(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      expect(res.headers['content-disposition']).toBe(
        `attachment; filename="__ __.pdf"; filename*=UTF-8''${encodeURIComponent('业绩 证明.pdf')}`,
      );
      expect(sha256(res.rawPayload)).toBe(hash);
    }
    const otherApplicant = tokensFor(t, idNumberFor(993)).applicant;
    const otherUnit = t.token({ sub: 'someone', role: 'unit', unitId: 'U-TEST-2' });
    for (const token of [otherApplicant, otherUnit]) expectProblem(await download(t, id, hash, token), 404, 'NOT_FOUND');
    expectProblem(await download(t, id, 'e'.repeat(64), tk.applicant), 404, 'NOT_FOUND');
    expectProblem(await t.app.inject({ url: `/v1/applications/${id}/materials/${hash}` }), 401, 'UNAUTHENTICATED');
  });

  it('are marked returned on a falsification finding (五(四)), and still readable as its record', async () => {
    const { id, tk } = await applicationIn(t, planId, 'draft');
    const bytes = pdfFile(700, 12);
    await upload(t, id, tk.applicant, { kind: 'achievement', name: 'a.pdf', bytes });
    await walkTo(t, id, tk, 'submitted');
    expect((await list(id, tk.hr)).returnedAt).toBeNull();
    t.clock.set(new Date('2021-08-03T03:00:00.000Z'));
    const flagged = expectOk(await send(t, id, tk.hr, 'FLAG_FALSIFIED', { finding: '业绩造假' }));
    expect(flagged.context.materialsReturnedAt).toBe('2021-08-03T03:00:00.000Z');
    expect(await list(id, tk.applicant)).toMatchObject({ returnedAt: '2021-08-03T03:00:00.000Z', frozen: true });
    expect((await download(t, id, sha256(bytes), tk.hr)).statusCode).toBe(200);
  });
});
