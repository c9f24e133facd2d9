import { addYears } from './dates';
import type { EligibilityInput, Rule } from './rule';
import { assistantEngineerSince, educationAtLeast, hasServedYears } from './seniority';

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

export const intermediateRoute: Rule = {
  id: 'intermediate-route',
  clause: '二(一)',
  check: ({ facts, plan }) => {
    if (plan.level !== 'intermediate') return null;
    if (plan.intermediateRoutes.length === 0) {
      return {
        zh: '该评审计划未设置中级申报条件，无法审核学历资历。',
        en: 'This plan defines no intermediate routes, so education and seniority cannot be met.',
      };
    }
    const seniorityStart = {
      engineering: facts.engineeringWorkSince,
      assistantEngineer: assistantEngineerSince(facts),
    };
    const met = plan.intermediateRoutes.some(
      (route) =>
        educationAtLeast(facts.education.level, route.education) && hasServedYears(seniorityStart[route.seniority], route.years, plan.year),
    );
    return met
      ? null
      : {
          zh: `学历和资历（计算至${plan.year}年12月31日）不符合任一工程师申报条件。`,
          en: `Education and seniority (counted to 31 December ${plan.year}) meet none of the plan's intermediate routes.`,
        };
  },
};
