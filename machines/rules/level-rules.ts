import { addYears } from './dates';
import type { EligibilityInput, Rule } from './rule';
import { assistantEngineerSince, educationAtLeast, hasServedYears } from './seniority';

// 二(一) intermediate and 二(二) junior conditions.

const MIN_JUNIOR_SCORE = 120;

/**
 * 二(二): only achievements tied to the plan's specialty and from the last three years count,
 * and no item counts beyond the caps 附件2's scale sets (times and points per item).
 */
export function juniorScore({ facts, plan, today }: Pick<EligibilityInput, 'facts' | 'plan' | 'today'>): number {
  const items = new Map(plan.scoringItems.map((item) => [item.id, item] as const));
  const earliest = addYears(today, -3);
  const counted = new Map<string, number>();
  for (const a of facts.achievements) {
    if (!items.has(a.itemId) || a.specialty !== plan.specialty) continue;
    if (a.achievedOn < earliest || a.achievedOn > today) continue;
    counted.set(a.itemId, (counted.get(a.itemId) ?? 0) + 1);
  }
  let score = 0;
  for (const [id, count] of counted) {
    const item = items.get(id)!;
    const points = Math.min(count, item.maxCount ?? count) * item.points;
    score += Math.min(points, item.maxPoints ?? points);
  }
  return score;
}

export const juniorScoreRule: Rule = {
  id: 'junior-score',
  clause: '二(二)',
  check: (input) => {
    if (input.plan.level !== 'junior') return null;
    const score = juniorScore(input);
    return score >= MIN_JUNIOR_SCORE
      ? null
      : {
          zh: `量化评价自评分为${score}分，须达到${MIN_JUNIOR_SCORE}分。`,
          en: `The self-assessed score is ${score}; at least ${MIN_JUNIOR_SCORE} is required.`,
        };
  },
};

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
