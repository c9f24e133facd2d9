import { type Facts, type SkillLevel, skillLevels } from '../facts';
import { addYears } from './dates';
import type { EligibilityInput, Message, Rule } from './rule';
import { assistantEngineerSince, coincidingSince, educationAtLeast, hasServedYears, qualificationSince } from './seniority';

// 二(一) intermediate and 二(二) junior conditions.

/**
 * 二(二): the points each achievement counts for, in the order claimed. Only achievements tied to
 * the plan's specialty and from the last three years count, and no item counts beyond the caps
 * 附件2's scale sets (times and points per item); one that does not count gets 0.
 */
export function achievementPoints({ facts, plan, today }: Pick<EligibilityInput, 'facts' | 'plan' | 'today'>): number[] {
  const items = new Map(plan.scoringItems.map((item) => [item.id, item] as const));
  const earliest = addYears(today, -3);
  const counted = new Map<string, { count: number; points: number }>();
  return facts.achievements.map((a) => {
    const item = items.get(a.itemId);
    if (!item || a.specialty !== plan.specialty || a.achievedOn < earliest || a.achievedOn > today) return 0;
    const sofar = counted.get(item.id) ?? { count: 0, points: 0 };
    if (sofar.count >= (item.maxCount ?? Number.POSITIVE_INFINITY)) return 0;
    const points = Math.min(item.points, (item.maxPoints ?? Number.POSITIVE_INFINITY) - sofar.points);
    counted.set(item.id, { count: sofar.count + 1, points: sofar.points + points });
    return points;
  });
}

export function juniorScore(input: Pick<EligibilityInput, 'facts' | 'plan' | 'today'>): number {
  return achievementPoints(input).reduce((sum, points) => sum + points, 0);
}

/** 二(二): the quantified self-assessment must reach `minimum` points (120 in the 2021 notice). */
export const juniorScoreRule = (minimum: number): Rule => ({
  id: 'junior-score',
  clause: '二(二)',
  params: { minimumScore: minimum },
  check: (input) => {
    if (input.plan.level !== 'junior') return null;
    const score = juniorScore(input);
    return score >= minimum
      ? null
      : {
          zh: `量化评价自评分为${score}分，须达到${minimum}分。`,
          en: `The self-assessed score is ${score}; at least ${minimum} is required.`,
        };
  },
});

/** 二(二): the junior review is meant for those who do not already meet 初定 (e.g. 本科+1年, 大专+3年). */
export const juniorMeetsInitialAppointment: Rule = {
  id: 'junior-meets-initial-appointment',
  clause: '二(二)',
  severity: 'warning',
  check: ({ facts, plan }) => {
    if (plan.level !== 'junior') return null;
    const { level } = facts.education;
    // 初定 starts at 大专: below it, the junior review is the only way.
    if (!educationAtLeast(level, 'juniorCollege')) return null;
    const years = educationAtLeast(level, 'bachelor') ? 1 : 3;
    if (!hasServedYears(facts.engineeringWorkSince, years, plan.year)) return null;
    return {
      zh: '申报人已具备初定所需的学历和资历，初级评审主要针对不具备初定条件者。',
      en: 'The applicant already meets the education and seniority for initial appointment (初定); the junior review is meant for those who do not.',
    };
  },
};

type Seniority = { engineering: string | null; assistantEngineer: string | null };

function intermediateRouteWith(id: string, seniorityOf: (facts: Facts) => Seniority, explain: (facts: Facts) => Message | null): Rule {
  return {
    id,
    clause: '二(一)',
    check: ({ facts, plan }) => {
      if (plan.level !== 'intermediate') return null;
      if (plan.intermediateRoutes.length === 0) {
        return {
          zh: '该评审计划未设置中级申报条件，无法审核学历资历。',
          en: 'This plan defines no intermediate routes, so education and seniority cannot be met.',
        };
      }
      const starts = seniorityOf(facts);
      const met = plan.intermediateRoutes.some(
        (route) =>
          educationAtLeast(facts.education.level, route.education) && hasServedYears(starts[route.seniority], route.years, plan.year),
      );
      if (met) return null;
      const why = explain(facts);
      return {
        zh: `学历和资历（计算至${plan.year}年12月31日）不符合任一工程师申报条件。${why?.zh ?? ''}`,
        en: `Education and seniority (counted to 31 December ${plan.year}) meet none of the plan's intermediate routes.${why ? ` ${why.en}` : ''}`,
      };
    },
  };
}

/** Version 2's reading of 一(三), frozen with it: a registered qualification counts from its registration. */
export const intermediateRoute = intermediateRouteWith(
  'intermediate-route',
  (facts) => ({ engineering: facts.engineeringWorkSince, assistantEngineer: assistantEngineerSince(facts) }),
  () => null,
);

/**
 * 二(一) with 一(三) as the notice reads: a registered qualification counts only from where its
 * registration, the social insurance and the unit's appointment coincide, and a refusal shows
 * those dates.
 */
export const intermediateSeniority = intermediateRouteWith(
  'intermediate-seniority',
  (facts) => ({ engineering: facts.engineeringWorkSince, assistantEngineer: coincidingSince(facts) }),
  (facts) => {
    if (facts.registeredQualificationSince === null) return null;
    const date = (d: string | null | undefined) => d ?? '—';
    const since = qualificationSince(facts);
    const dates = `注册${date(facts.registeredQualificationSince)}、社保${date(facts.socialInsuranceSince)}、聘任${date(facts.qualificationAppointedSince)}`;
    const datesEn = `registered ${date(facts.registeredQualificationSince)}, insured ${date(facts.socialInsuranceSince)}, appointed ${date(facts.qualificationAppointedSince)}`;
    return since === null
      ? {
          zh: `职业资格（${dates}）缺少日期，不能计入助理工程师资历（一(三)）。`,
          en: `The qualification (${datesEn}) lacks a date, so it cannot count as time as 助理工程师 (一(三)).`,
        }
      : {
          zh: `职业资格（${dates}）自${since}起三者一致，自该日起计入助理工程师资历（一(三)）。`,
          en: `The qualification (${datesEn}) counts as time as 助理工程师 from ${since}, where all three coincide (一(三)).`,
        };
  },
);

const skillNames: Record<SkillLevel, Message> = {
  seniorWorker: { zh: '高级工', en: 'senior worker' },
  technician: { zh: '技师', en: 'technician' },
  seniorTechnician: { zh: '高级技师', en: 'senior technician' },
};

/**
 * 一(二): whether the applicant's certified skill meets one of the plan's 高技能人才 routes — at
 * least its skill level, held its years by 31 December of the plan year.
 */
function skilledRouteMet({ facts, plan }: Pick<EligibilityInput, 'facts' | 'plan'>): boolean {
  const skill = facts.skill;
  if (!skill) return false;
  return (plan.skilledRoutes ?? []).some(
    (route) =>
      skillLevels.indexOf(skill.level) >= skillLevels.indexOf(route.skillLevel) &&
      hasServedYears(skill.certifiedOn, route.years, plan.year),
  );
}

/**
 * Version 1: a 高技能人才 who meets one of the plan's skilled routes (一(二)) needs not meet the
 * level's own condition — education and seniority (二(一)) or the self-score (二(二)). A refusal of
 * someone who declared a skill says why the skill did not count.
 */
export function orSkilledRoute(rule: Rule): Rule {
  return {
    ...rule,
    clause: `${rule.clause}、一(二)`,
    check: (input) => {
      if (skilledRouteMet(input)) return null;
      const message = rule.check(input);
      const skill = input.facts.skill;
      if (message === null || !skill || !input.plan.skilledRoutes?.length) return message;
      const name = skillNames[skill.level];
      return {
        zh: `${message.zh}职业技能等级（${name.zh}，${skill.certifiedOn}取得）亦不符合本计划的高技能人才申报条件（一(二)）。`,
        en: `${message.en} The certified skill (${name.en}, since ${skill.certifiedOn}) meets none of the plan's routes for highly skilled workers (一(二)) either.`,
      };
    },
  };
}
