import { hasMaterial } from '../material-kinds';
import type { Rule } from './rule';

// 二(三)–二(五): conditions common to both levels.

const PASSING_ASSESSMENTS: ReadonlySet<string> = new Set(['excellent', 'competent']);

/** 二(三): at least `minPublicHours` of public subjects in each of the three years up to the plan year. */
export const continuingEducationRule = (minPublicHours: number): Rule => ({
  id: 'continuing-education',
  clause: '二(三)',
  params: { minPublicHours, years: 3 },
  check: ({ facts, plan }) => {
    if (plan.level !== 'intermediate') return null;
    const years = [plan.year - 2, plan.year - 1, plan.year];
    const short = years.filter((year) => {
      const hours = facts.continuingEducation.filter((e) => e.year === year).reduce((sum, e) => sum + e.publicHours, 0);
      return hours < minPublicHours;
    });
    return short.length === 0
      ? null
      : {
          zh: `${short.join('、')}年继续教育公需科目不足${minPublicHours}学时。`,
          en: `Fewer than ${minPublicHours} hours of public-subject continuing education in ${short.join(', ')}.`,
        };
  },
});

/** 二(三): 如不能获取数据的，须…打印相关证明并作为佐证上传. */
export const continuingEducationProof: Rule = {
  id: 'continuing-education-proof',
  clause: '二(三)',
  check: ({ facts, plan, materials }) => {
    if (plan.level !== 'intermediate') return null;
    const years = [plan.year - 2, plan.year - 1, plan.year];
    const unrecorded = [...new Set(facts.continuingEducation.filter((e) => years.includes(e.year) && !e.onRecord).map((e) => e.year))];
    if (unrecorded.length === 0 || hasMaterial(materials, 'continuingEducationProof')) return null;
    return {
      zh: `${unrecorded.join('、')}年继续教育学时系统无记录，须上传继续教育学时登记管理系统打印的证明。`,
      en: `The hours for ${unrecorded.join(', ')} are not on record: upload the proof printed from the registration system.`,
    };
  },
};

/** 二(四): 合格 or better in each of the `years` years before the plan year. */
export const annualAssessmentRule = (years: number): Rule => ({
  id: 'annual-assessment',
  clause: '二(四)',
  params: { years },
  check: ({ facts, plan }) => {
    const assessed = Array.from({ length: years }, (_, i) => plan.year - years + i);
    const failing = assessed.filter((year) => {
      const results = facts.annualAssessments.filter((a) => a.year === year);
      return results.length === 0 || !results.every((a) => PASSING_ASSESSMENTS.has(a.result));
    });
    return failing.length === 0
      ? null
      : {
          zh: `${failing.join('、')}年度考核须为合格及以上等次。`,
          en: `The annual assessment for ${failing.join(', ')} must be competent or better.`,
        };
  },
});

export const publicInstitutionPost: Rule = {
  id: 'public-institution-post',
  clause: '二(五)',
  check: ({ facts, materials }) => {
    if (facts.unitType !== 'publicInstitution') return null;
    if (facts.postVacancy && hasMaterial(materials, 'postInfoForm')) return null;
    return {
      zh: '事业单位人员须在核定岗位结构比例内有空缺岗位，并上传《事业单位人员职称申报岗位信息表》。',
      en: 'Public-institution staff need a vacancy in the approved post structure and the uploaded post information form (Annex 3).',
    };
  },
};
