import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, createPlan, send, type TestApp, testApp, tokensFor } from '../support/app';
import { idNumberFor, unitId } from '../support/factories';
import { footprint, view } from './support/inspect';
import {
  download,
  KB,
  listMaterials,
  pdfFile,
  scanJpeg,
  sha256,
  smallLimits,
  storedBlobs,
  storedChunks,
  upload,
} from './support/materials';
import { expectOk, expectProblem } from './support/problem';
import { replayAllThenClose } from './support/replay';
import { applicationIn, T0, walkTo } from './support/walk';

// 五(一): the files a draft lists are ones uploaded to it, frozen from SUBMIT on, checked at
// SUBMIT against what the notice asks, and read by whoever may read the application.

let t: TestApp;
let planId: string;
beforeAll(async () => {
  t = await testApp(T0, smallLimits);
  planId = await createPlan(t);
});
afterAll(async () => {
  await replayAllThenClose(t);
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
      const before = [await footprint(t, id), await storedBlobs(t), await storedChunks(t)];
      const frozen = expectProblem(
        await upload(t, id, tk.applicant, { kind: 'other', name: 'late.pdf', bytes: pdfFile(100, 10) }),
        409,
        'MATERIALS_FROZEN',
      );
      expect(frozen.state).toBe(state);
      expectProblem(await remove(), 409, 'MATERIALS_FROZEN');
      expectProblem(await send(t, id, tk.applicant, 'UPDATE_DRAFT', { materials: [] }), 409, 'MATERIALS_FROZEN');
      expect([await footprint(t, id), await storedBlobs(t), await storedChunks(t)]).toEqual(before);
      expect((await listMaterials(t, id, tk.applicant)).frozen).toBe(true);
      if (state === 'unitPublicity') {
        expectOk(await send(t, id, tk.unit, 'RETURN_TO_APPLICANT', { reason: '请补充' }));
        expect((await listMaterials(t, id, tk.applicant)).frozen).toBe(false);
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
    await upload(t, id, tk.applicant, { kind: 'educationCertificate', name: '毕业证书.jpg', bytes: scanJpeg });
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
    expect((await listMaterials(t, id, tk.hr)).returnedAt).toBeNull();
    t.clock.set(new Date('2021-08-03T03:00:00.000Z'));
    const flagged = expectOk(await send(t, id, tk.hr, 'FLAG_FALSIFIED', { finding: '业绩造假' }));
    expect(flagged.context.materialsReturnedAt).toBe('2021-08-03T03:00:00.000Z');
    expect(await listMaterials(t, id, tk.applicant)).toMatchObject({ returnedAt: '2021-08-03T03:00:00.000Z', frozen: true });
    expect((await download(t, id, sha256(bytes), tk.hr)).statusCode).toBe(200);
  });
});
