import { shanghaiDate } from '../../machines/rules/dates';
import type { Actor } from '../auth/access';
import type { TokenService } from '../auth/jwt';
import type { Clock } from '../clock';
import type { Db } from '../db/client';
import { AppError } from '../http/errors';
import { createPlan, listPlans } from '../store/plans';
import { createUnit } from '../store/units';
import { applyTransition } from '../workflow/apply-transition';
import { createApplication } from '../workflow/create-application';
import { demoApplicants as applicants, demoUnit, DEMO_UNIT as UNIT } from './actors';
import { sampleFacts, samplePlan } from './samples';

// Demo data for `npm start` on an empty embedded database: this year's plans, open all
// year, and a few applications at different steps. Everything goes through the real
// transition path.

/** Seeds once (when there is no plan yet) and returns the lines to print: ids and a token per role. */
export async function seedDemo(db: Db, clock: Clock, tokens: TokenService): Promise<string> {
  const today = shanghaiDate(clock.now().toISOString());
  const year = Number(today.slice(0, 4));
  const notes: string[] = [];
  // Registered on every start, so a database seeded before the registry existed gets it too.
  await createUnit(db, UNIT, demoUnit, 'demo-seed', clock.now());
  // All or nothing: a half-seeded database would be taken for a seeded one at the next start.
  if ((await listPlans(db)).length === 0)
    await db.transaction(async (tx) => {
      const plan = await createPlan(tx, samplePlan(year, 'junior'), 'demo-seed', clock.now());
      await createPlan(tx, samplePlan(year, 'intermediate'), 'demo-seed', clock.now());
      const created = [];
      for (const { id, name } of applicants) {
        created.push(
          await createApplication(
            tx,
            clock,
            { sub: id, role: 'applicant', unitId: null },
            { planId: plan.id, unitId: UNIT, facts: sampleFacts(name, id, year), materials: [] },
          ),
        );
      }
      const [, submitted, publicised] = created;
      for (const app of [submitted!, publicised!]) {
        await applyTransition(tx, clock, {
          applicationId: app.id,
          actor: { sub: app.idNumber, role: 'applicant', unitId: null },
          body: { type: 'SUBMIT', commitmentSigned: true },
        });
      }
      const unit: Actor = { sub: 'demo-unit-reviewer', role: 'unit', unitId: UNIT };
      try {
        await applyTransition(tx, clock, {
          applicationId: publicised!.id,
          actor: unit,
          body: { type: 'START_UNIT_PUBLICITY', startDate: today },
        });
      } catch (err) {
        if (!(err instanceof AppError && err.code === 'CALENDAR_UNAVAILABLE')) throw err;
        notes.push(`No working-day calendar for ${year} yet: load it with PUT /v1/calendar/${year} to start unit publicity.`);
      }
    });
  const token = (claims: Parameters<TokenService['sign']>[0]) => tokens.sign(claims);
  return [
    'Demo tokens (valid 12 hours; send as "Authorization: Bearer <token>"):',
    `  applicant ${applicants[0]!.name} ${applicants[0]!.id}: ${token({ sub: applicants[0]!.id, role: 'applicant' })}`,
    `  unit ${UNIT}: ${token({ sub: 'demo-unit-reviewer', role: 'unit', unitId: UNIT })}`,
    `  hr:        ${token({ sub: 'demo-hr', role: 'hr' })}`,
    `  committee: ${token({ sub: 'demo-committee', role: 'committee' })}`,
    `  admin:     ${token({ sub: 'demo-admin', role: 'admin' })}`,
    ...notes,
  ].join('\n');
}
