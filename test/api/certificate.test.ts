import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { certificates, plans } from '../../src/db/schema';
import { auth, createPlan, send, setClock, type TestApp, testApp } from '../support/app';
import { validPayloads } from '../support/factories';
import { view } from './support/inspect';
import { expectOk, expectProblem } from './support/problem';
import { replayAllThenClose } from './support/replay';
import { applicationIn, T0 } from './support/walk';

// SPEC §3 三(四): the electronic certificate, and its revocation (五(四)).

let t: TestApp;
let planId: string;
beforeAll(async () => {
  t = await testApp(T0);
  planId = await createPlan(t);
});
afterAll(async () => {
  await replayAllThenClose(t);
});

const certificate = (id: string, token: string) => t.app.inject({ url: `/v1/applications/${id}/certificate`, headers: auth(token) });
const certificateRows = (id: string) => t.database.db.select().from(certificates).where(eq(certificates.applicationId, id));

describe('the electronic certificate', () => {
  it('does not exist before certified', async () => {
    const { id, tk } = await applicationIn(t, planId, 'resultPublicity');
    expectProblem(await certificate(id, tk.applicant), 404, 'NOT_FOUND');
    expect(await certificateRows(id)).toEqual([]);
  });

  it('is issued once, on entering certified, with a unique number, to those who may read the application', async () => {
    const a = await applicationIn(t, planId, 'certified');
    const b = await applicationIn(t, planId, 'certified');
    const certA = expectOk(await certificate(a.id, a.tk.applicant));
    const certB = expectOk(await certificate(b.id, b.tk.applicant));
    expect(certA).toMatchObject({
      applicationId: a.id,
      idNumber: a.idNumber,
      name: '张伟',
      year: 2021,
      level: 'junior',
      specialty: '建设工程',
      revokedAt: null,
    });
    expect(certA.number).toMatch(/^CX2021J\d{2,}-\d{4}$/);
    expect(certA.number).not.toBe(certB.number);
    const { updatedAt } = await view(t, a.id);
    expect(certA.issuedAt).toBe(updatedAt);
    for (const who of ['unit', 'hr', 'committee', 'admin'] as const)
      expect(expectOk(await certificate(a.id, a.tk[who])).number).toBe(certA.number);
    expectProblem(await certificate(a.id, b.tk.applicant), 404, 'NOT_FOUND');
    // Moving the clock on issues nothing more.
    await setClock(t, '2021-12-01T02:00:00.000Z');
    expect(await certificateRows(a.id)).toHaveLength(1);
  });

  it('numbers the certificates of each plan in order: CX, year, J for junior, the plan series, the sequence', async () => {
    const first = await createPlan(t);
    const second = await createPlan(t);
    const seriesOf = async (id: string) => (await t.database.db.select().from(plans).where(eq(plans.id, id)))[0]!.certificateSeries;
    const [s1, s2] = [await seriesOf(first), await seriesOf(second)];
    expect(s2).not.toBe(s1);
    const numberOf = async (id: string) => (await certificateRows(id))[0]?.number;
    const expected = (series: number, n: number) => `CX2021J${String(series).padStart(2, '0')}-${String(n).padStart(4, '0')}`;

    // Three reviewed together end their result publicity together: one timer round issues them.
    const apps = [];
    for (let i = 0; i < 3; i++) apps.push(await applicationIn(t, first, 'interview.deliberation'));
    for (const a of apps) expect((await send(t, a.id, a.tk.committee, 'REVIEW_PASS', {})).statusCode).toBe(200);
    const { context } = await view(t, apps[0]!.id);
    expect(await setClock(t, new Date(Date.parse(context.publicity.endsAt) + 3600_000).toISOString())).toBe(3);
    // The round's transitions may be written by one statement (numbered by application id) or by
    // several (in the order written, as through PgBouncer once): 1 to 3, each once.
    expect((await Promise.all(apps.map((a) => numberOf(a.id)))).sort()).toEqual([1, 2, 3].map((n) => expected(s1, n)));

    const later = await applicationIn(t, first, 'certified');
    expect(await numberOf(later.id)).toBe(expected(s1, 4));
    const other = await applicationIn(t, second, 'certified');
    expect(await numberOf(other.id)).toBe(expected(s2, 1));
    // Read again, it is the number stored, not made anew.
    expect(expectOk(await certificate(later.id, later.tk.applicant)).number).toBe(expected(s1, 4));
  });

  it('answers 410 CERTIFICATE_REVOKED after REVOKE, which also records a ban', async () => {
    const { id, idNumber, tk } = await applicationIn(t, planId, 'certified');
    const { number } = expectOk(await certificate(id, tk.applicant));
    await setClock(t, '2022-03-01T02:00:00.000Z');
    expectProblem(await send(t, id, tk.unit, 'REVOKE', validPayloads.REVOKE), 403, 'FORBIDDEN');
    expectProblem(await send(t, id, tk.committee, 'REVOKE', { finding: '' }), 400, 'VALIDATION_FAILED');
    expect(expectOk(await send(t, id, tk.committee, 'REVOKE', { finding: '论文抄袭' })).state).toBe('revoked');
    const gone = expectProblem(await certificate(id, tk.applicant), 410, 'CERTIFICATE_REVOKED');
    expect(gone.number).toBe(number);
    expect(gone.revokedAt).toBe('2022-03-01T02:00:00.000Z');
    const [row] = await certificateRows(id);
    expect(row).toMatchObject({ number, revokeReason: '论文抄袭' });
    const bans = expectOk(await t.app.inject({ url: `/v1/bans?idNumber=${idNumber}`, headers: auth(tk.admin) })).items;
    expect(bans).toMatchObject([
      { idNumber, fromYear: 2022, toYear: 2025, applicationId: id, finding: '论文抄袭', foundBy: 'committee-office' },
    ]);
    expectProblem(await send(t, id, tk.hr, 'REVOKE', { finding: '再次' }), 409, 'ILLEGAL_TRANSITION');
    expect(bans).toHaveLength(1);
  });

  it('REVOKE is refused before certified', async () => {
    const { id, tk } = await applicationIn(t, planId, 'resultPublicity');
    const problem = expectProblem(await send(t, id, tk.hr, 'REVOKE', validPayloads.REVOKE), 409, 'ILLEGAL_TRANSITION');
    expect(problem.state).toBe('resultPublicity');
  });
});
