import type { Facts, PlanInput } from '../../machines/facts';
import { birthDateOf, checkCharFor, sexOf } from '../../machines/rules/id-number';

// Sample data shared by the demo season, the benchmarks and the test factories: a plan as
// the 2021 notice describes one, and an applicant who meets every rule of it.

/** Part of 附件2's quantified standard for 建设工程 (junior, 二(二)). */
export const constructionScoringItems: PlanInput['scoringItems'] = [
  { id: 'project-lead', name: '主持完成工程项目', points: 60 },
  { id: 'paper', name: '发表专业论文', points: 40 },
  { id: 'patent', name: '取得专利', points: 30 },
];

/** The normal route of the Ningbo enterprise conditions (二(一), SPEC §4 item 4). */
const ningboIntermediateRoutes: PlanInput['intermediateRoutes'] = [
  { education: 'master', seniority: 'engineering', years: 2 },
  { education: 'secondBachelor', seniority: 'assistantEngineer', years: 2 },
  { education: 'bachelor', seniority: 'assistantEngineer', years: 4 },
  { education: 'juniorCollege', seniority: 'assistantEngineer', years: 4 },
];

/**
 * Sample 高技能人才 routes (一(二)): 高级工 two years on for 助理工程师, 技师 three years on for
 * 工程师, as the national guidance on 贯通 reads. The conditions are those of 甬人社发〔2019〕60号,
 * which is not in our material: a bureau states its own in the plan.
 */
const sampleSkilledRoutes: Record<PlanInput['level'], NonNullable<PlanInput['skilledRoutes']>> = {
  junior: [{ skillLevel: 'seniorWorker', years: 2 }],
  intermediate: [{ skillLevel: 'technician', years: 3 }],
};

/** A 建设工程 plan of `year`, open the whole year unless a window is given. */
export function samplePlan(year: number, level: PlanInput['level'], window?: Pick<PlanInput, 'opensAt' | 'closesAt'>): PlanInput {
  return {
    year,
    level,
    specialty: '建设工程',
    opensAt: `${year}-01-01`,
    closesAt: `${year}-12-31`,
    ...window,
    scoringItems: level === 'junior' ? constructionScoringItems : [],
    intermediateRoutes: level === 'intermediate' ? ningboIntermediateRoutes : [],
    skilledRoutes: sampleSkilledRoutes[level],
  };
}

/** A valid ID number of someone born in Cixi (330282) on `birthDate`, distinct per `n` (0–999). */
export function sampleIdNumber(n: number, birthDate = '1990-05-12'): string {
  const first17 = `330282${birthDate.replaceAll('-', '')}${String(n % 1000).padStart(3, '0')}`;
  return first17 + checkCharFor(first17);
}

/**
 * An applicant, of the sex the ID number says, eligible for either sample plan of `year`, without the 初定 warning: a 大专
 * graduate under 3 years in engineering work, with a registered qualification for 4 years.
 */
export function sampleFacts(name: string, idNumber: string, year: number): Facts {
  return {
    name,
    // Women in technical posts retire in the 55 category (SPEC §4 item 1).
    retirementCategory: sexOf(idNumber) === 'male' ? 'male60' : 'female55',
    birthDate: birthDateOf(idNumber),
    retirementExtensionApproved: false,
    unitType: 'enterprise',
    unitInCixi: true,
    postedToBranchElsewhere: false,
    socialInsuranceSince: `${year - 4}-06-01`,
    education: {
      level: 'juniorCollege',
      graduatedOn: '2012-06-30',
      origin: 'domestic',
      proof: { systemExtracted: true },
    },
    engineeringWorkSince: `${year - 2}-03-01`,
    assistantEngineerSince: null,
    registeredQualificationSince: `${year - 4}-06-01`,
    qualificationAppointedSince: `${year - 4}-06-01`,
    continuingEducation: [year - 2, year - 1, year].map((y) => ({ year: y, publicHours: 24, professionalHours: 30, onRecord: true })),
    annualAssessments: [year - 3, year - 2, year - 1].map((y) => ({ year: y, result: 'competent' as const })),
    achievements: [
      { itemId: 'project-lead', achievedOn: `${year - 1}-05-01`, specialty: '建设工程' },
      { itemId: 'paper', achievedOn: `${year - 2}-11-20`, specialty: '建设工程' },
      { itemId: 'patent', achievedOn: `${year - 1}-03-15`, specialty: '建设工程' },
    ],
    postVacancy: false,
  };
}
