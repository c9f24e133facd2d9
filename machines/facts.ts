import { z } from 'zod';
import { MaterialKind } from './material-kinds';

// The facts an application carries for the eligibility rules of SPEC §4. Dates are
// calendar dates in Asia/Shanghai, written YYYY-MM-DD. Objects are strict: a misspelt
// field is an error, not silently dropped.

const isoDate = z.iso.date();

/**
 * Lowest first. `belowSecondary` (初中及以下) and `secondary` (中专、技校、高中) fall short of
 * 初定's 大专: the junior review is meant for them (二(二)); no intermediate route accepts them.
 */
export const educationLevels = [
  'belowSecondary',
  'secondary',
  'juniorCollege',
  'bachelor',
  'secondBachelor',
  'master',
  'doctorate',
] as const;
export const EducationLevel = z.enum(educationLevels);
export type EducationLevel = z.infer<typeof EducationLevel>;

/**
 * 职业技能等级 of the 高技能人才 route (一(二)), lowest first: 高级工, 技师, 高级技师. The route's
 * conditions are in 甬人社发〔2019〕60号, which is not in our material, so a plan states them
 * (`skilledRoutes`).
 */
export const skillLevels = ['seniorWorker', 'technician', 'seniorTechnician'] as const;
export const SkillLevel = z.enum(skillLevels);
export type SkillLevel = z.infer<typeof SkillLevel>;

export const Facts = z.strictObject({
  name: z.string().min(1).max(100),
  /** male60: men; female55: women in cadre/technical posts; female50: women in worker posts. */
  retirementCategory: z.enum(['male60', 'female55', 'female50']),
  birthDate: isoDate,
  retirementExtensionApproved: z.boolean(),
  unitType: z.enum(['enterprise', 'publicInstitution', 'civilService', 'civilServiceManaged']),
  unitInCixi: z.boolean(),
  /** Unit headquartered in Cixi, applicant posted to a branch elsewhere that pays social insurance (一(一)). */
  postedToBranchElsewhere: z.boolean(),
  /** First day from which the current unit (or that branch) has paid social insurance without a break. */
  socialInsuranceSince: isoDate.nullable(),
  /**
   * Whether the platform reads that insurance from the local record (五(三)); when it cannot —
   * insurance paid outside the city, as for staff posted to a branch — a proof is uploaded.
   * Taken as read unless the applicant is posted to a branch elsewhere.
   */
  socialInsuranceOnRecord: z.boolean().optional(),
  education: z.strictObject({
    level: EducationLevel,
    graduatedOn: isoDate,
    origin: z.enum(['domestic', 'abroad', 'hkMacaoTaiwan']),
    proof: z.strictObject({
      /** Extracted by the platform from the CHSI (学信网) records: a fact, not an upload (五(二)). */
      systemExtracted: z.boolean(),
    }),
  }),
  /** Start of engineering work (工程技术工作), for 初定 and the master's route. */
  engineeringWorkSince: isoDate.nullable(),
  /** Appointed 助理工程师 since. */
  assistantEngineerSince: isoDate.nullable(),
  /** A national professional qualification (专业技术人员国家职业资格) registered at the current unit since (一(三)). */
  registeredQualificationSince: isoDate.nullable(),
  /**
   * Appointed 助理工程师 by the unit on the strength of that qualification since (一(三)): the time
   * where registration, social insurance and this appointment coincide counts as 助理工程师 time.
   */
  qualificationAppointedSince: isoDate.nullable().optional(),
  continuingEducation: z
    .array(
      z.strictObject({
        year: z.number().int().min(1990).max(2100),
        publicHours: z.number().min(0).max(10000),
        professionalHours: z.number().min(0).max(10000),
        /** Hours the registration system holds; hours it does not need an uploaded proof (二(三)). */
        onRecord: z.boolean().default(true),
      }),
    )
    .max(50),
  annualAssessments: z
    .array(
      z.strictObject({
        year: z.number().int().min(1990).max(2100),
        result: z.enum(['excellent', 'competent', 'basicallyCompetent', 'incompetent']),
      }),
    )
    .max(50),
  /** 高技能人才 (一(二)): the skill level certified and since when; checked by the bureau like education. */
  skill: z.strictObject({ level: SkillLevel, certifiedOn: isoDate }).nullable().optional(),
  /** Junior only: achievements claimed against the plan's scoring items. */
  achievements: z
    .array(
      z.strictObject({
        itemId: z.string().min(1).max(64),
        achievedOn: isoDate,
        specialty: z.string().min(1).max(64),
      }),
    )
    .max(200),
  /** Public institutions only (二(五)); the post information form itself is an upload. */
  postVacancy: z.boolean(),
});
export type Facts = z.infer<typeof Facts>;

export const Material = z.strictObject({
  kind: MaterialKind,
  name: z.string().min(1).max(200),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type Material = z.infer<typeof Material>;

/** One item of 附件2's quantified scale: points per achievement, capped as the scale caps them. */
const ScoringItem = z.strictObject({
  id: z.string().min(1).max(64),
  name: z.string().min(1).max(200),
  points: z.number().min(0).max(1000),
  /** How many achievements of this item count at most. */
  maxCount: z.number().int().min(1).max(100).optional(),
  /** The most points this item can add, however many achievements it has. */
  maxPoints: z.number().min(0).max(1000).optional(),
});
const IntermediateRoute = z.strictObject({
  education: EducationLevel,
  /** Which seniority counts: engineering work, or time as 助理工程师. */
  seniority: z.enum(['engineering', 'assistantEngineer']),
  years: z.number().int().min(0).max(50),
});
/**
 * 一(二): a 高技能人才 with at least `skillLevel`, certified `years` before 31 December of the plan
 * year, meets the level's education-and-seniority (intermediate) or score (junior) condition.
 */
const SkilledRoute = z.strictObject({
  skillLevel: SkillLevel,
  years: z.number().int().min(0).max(50),
});

/** 初级 (助理工程师) or 中级 (工程师): the title a plan reviews for. */
export const planLevels = ['junior', 'intermediate'] as const;
export const PlanLevel = z.enum(planLevels);
export type PlanLevel = z.infer<typeof PlanLevel>;

export const PlanInput = z.strictObject({
  year: z.number().int().min(2000).max(2100),
  level: PlanLevel,
  specialty: z.string().min(1).max(64),
  opensAt: isoDate,
  closesAt: isoDate,
  scoringItems: z.array(ScoringItem).max(200).default([]),
  intermediateRoutes: z.array(IntermediateRoute).max(20).default([]),
  /** Absent in plans (and applications) from before the route was plan data: none. */
  skilledRoutes: z.array(SkilledRoute).max(10).optional(),
  /** The review fee in yuan; the notice's for the level when not given (四). */
  fee: z.number().int().min(0).max(100000).optional(),
  /**
   * Working days after a return during which the applicant may resubmit, even past
   * `closesAt`; the service's choice where the notice is silent (default 5).
   */
  resubmitWorkingDays: z.number().int().min(0).max(60).optional(),
  /** Calendar days after the fee notice within which the fee is due; 10 when not given (issue 24). */
  feeDeadlineDays: z.number().int().min(1).max(90).optional(),
  /** Calendar days after the audit approval within which the paper copies must arrive; 15 when not given (issue 24). */
  paperDeadlineDays: z.number().int().min(1).max(90).optional(),
  /** The machine definition (notice) its applications follow; version 1, the 2021 notice, when not given. */
  definitionVersion: z.number().int().min(1).optional(),
});
export type PlanInput = z.infer<typeof PlanInput>;
