import type { Facts } from '../../machines/facts';
import { shanghaiDate, addDays, addYears } from '../../machines/rules/dates';
import { birthDateOf, checkCharFor } from '../../machines/rules/id-number';
import type { Actor } from '../auth/access';
import type { TokenService } from '../auth/jwt';
import type { Clock } from '../clock';
import type { Db } from '../db/client';
import { AppError } from '../http/errors';
import { createPlan, listPlans } from '../plans/repository';
import { applyTransition } from '../workflow/apply-transition';
import { createApplication } from '../workflow/create-application';

// Demo data for `npm start` on an empty embedded database: this year's plans, open all
// year, and a few applications at different steps. Everything goes through the real
// transition path.

const UNIT = 'U-DEMO-1';
const idNumber = (first17: string) => first17 + checkCharFor(first17);
const applicants = [
  { id: idNumber('33028219900512001'), name: '张伟' },
  { id: idNumber('33028219920817002'), name: '李娜' },
  { id: idNumber('33028219880203003'), name: '王强' },
];

function demoFacts(name: string, idNumber: string, today: string): Facts {
  const year = Number(today.slice(0, 4));
  return {
    name,
    retirementCategory: 'male60',
    birthDate: birthDateOf(idNumber),
    retirementExtensionApproved: false,
    unitType: 'enterprise',
    unitInCixi: true,
    postedToBranchElsewhere: false,
    socialInsuranceSince: `${year - 3}-03-01`,
    education: {
      level: 'juniorCollege', graduatedOn: '2012-06-30', origin: 'domestic',
      proof: { systemExtracted: true, certificate: false, chsiRecord: false, graduateRegistrationForm: false, moeCertification: false },
    },
    engineeringWorkSince: addYears(today, -2),
    assistantEngineerSince: null,
    registeredQualificationSince: `${year - 5}-06-01`,
    continuingEducation: [0, 1, 2].map((d) => ({ year: year - d, publicHours: 24, professionalHours: 30 })),
    annualAssessments: [1, 2, 3].map((d) => ({ year: year - d, result: 'competent' as const })),
    achievements: [
      { itemId: 'project-lead', achievedOn: addYears(today, -1), specialty: '建设工程' },
      { itemId: 'paper', achievedOn: addYears(today, -2), specialty: '建设工程' },
      { itemId: 'patent', achievedOn: addDays(today, -30), specialty: '建设工程' },
    ],
    postVacancy: false,
    postInfoFormUploaded: false,
  };
}

/** Seeds once (when there is no plan yet) and returns the lines to print: ids and a token per role. */
export async function seedDemo(db: Db, clock: Clock, tokens: TokenService): Promise<string> {
  const today = shanghaiDate(clock.now().toISOString());
  const year = Number(today.slice(0, 4));
  const notes: string[] = [];
  // All or nothing: a half-seeded database would be taken for a seeded one at the next start.
  if ((await listPlans(db)).length === 0) await db.transaction(async (tx) => {
    const plan = await createPlan(tx, {
      year, level: 'junior', specialty: '建设工程', opensAt: `${year}-01-01`, closesAt: `${year}-12-31`,
      scoringItems: [
        { id: 'project-lead', name: '主持完成工程项目', points: 60 },
        { id: 'paper', name: '发表专业论文', points: 40 },
        { id: 'patent', name: '取得专利', points: 30 },
      ],
      intermediateRoutes: [],
    }, 'demo-seed', clock.now());
    await createPlan(tx, {
      year, level: 'intermediate', specialty: '建设工程', opensAt: `${year}-01-01`, closesAt: `${year}-12-31`, scoringItems: [],
      intermediateRoutes: [
        { education: 'master', seniority: 'engineering', years: 2 },
        { education: 'secondBachelor', seniority: 'assistantEngineer', years: 2 },
        { education: 'bachelor', seniority: 'assistantEngineer', years: 4 },
        { education: 'juniorCollege', seniority: 'assistantEngineer', years: 4 },
      ],
    }, 'demo-seed', clock.now());
    const created = [];
    for (const { id, name } of applicants) {
      created.push(await createApplication(tx, clock, { sub: id, role: 'applicant', unitId: null },
        { planId: plan.id, unitId: UNIT, facts: demoFacts(name, id, today), materials: [] }));
    }
    const [, submitted, publicised] = created;
    for (const app of [submitted!, publicised!]) {
      await applyTransition(tx, clock, { applicationId: app.id, actor: { sub: app.idNumber, role: 'applicant', unitId: null }, body: { type: 'SUBMIT', commitmentSigned: true } });
    }
    const unit: Actor = { sub: 'demo-unit-reviewer', role: 'unit', unitId: UNIT };
    try {
      await applyTransition(tx, clock, { applicationId: publicised!.id, actor: unit, body: { type: 'START_UNIT_PUBLICITY', startDate: today } });
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
