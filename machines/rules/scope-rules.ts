import { hasMaterial } from '../material-kinds';
import { yearEnd } from './dates';
import { retirementDate } from './retirement';
import type { Rule } from './rule';
import { hasServedYears } from './seniority';

// 一(一): who may apply at all.

export const scope: Rule = {
  id: 'scope',
  clause: '一(一)',
  check: ({ facts }) =>
    facts.unitInCixi || facts.postedToBranchElsewhere
      ? null
      : {
          zh: '申报人须在慈溪市企事业单位工作，或由总部在慈溪的企业派驻外地分支机构。',
          en: 'The applicant must work for a unit in Cixi, or be posted by a Cixi-headquartered company to a branch elsewhere.',
        },
};

/** 一(一): social insurance paid by the current unit for `years` counted to 31 December of the plan year. */
export const socialInsuranceRule = (years: number): Rule => ({
  id: 'social-insurance',
  clause: '一(一)',
  params: { years },
  check: ({ facts, plan }) => (hasServedYears(facts.socialInsuranceSince, years, plan.year) ? null : insuranceShort(years, plan.year)),
});

/**
 * 一(一) as the notice reads it: a year of insurance paid by the current unit, *or* posted by a
 * Cixi-headquartered company to a branch elsewhere that pays it — the posted are exempt.
 */
export const socialInsuranceYearRule = (years: number): Rule => ({
  id: 'social-insurance-year',
  clause: '一(一)',
  params: { years },
  check: ({ facts, plan }) =>
    facts.postedToBranchElsewhere || hasServedYears(facts.socialInsuranceSince, years, plan.year) ? null : insuranceShort(years, plan.year),
});

const insuranceShort = (years: number, year: number) => ({
  zh: `现工作单位缴纳社保须满${years === 1 ? '一' : years}年（计算至${year}年12月31日）。`,
  en: `Social insurance must have been paid by the current unit for at least ${years === 1 ? 'one year' : `${years} years`} by 31 December ${year}.`,
});

/**
 * 五(三): insurance the platform cannot read from the local record — paid outside the city, as a
 * posted applicant's is — needs the out-of-city proof uploaded.
 */
export const socialInsuranceProof: Rule = {
  id: 'social-insurance-proof',
  clause: '五(三)',
  check: ({ facts, materials }) => {
    const onRecord = facts.socialInsuranceOnRecord ?? !facts.postedToBranchElsewhere;
    return onRecord || hasMaterial(materials, 'socialInsuranceProof')
      ? null
      : {
          zh: '系统无法提取社保数据（如在市外缴纳），须上传市外社保证明。',
          en: 'The platform cannot read the social insurance (e.g. paid outside the city): upload the out-of-city insurance proof.',
        };
  },
};

export const civilServant: Rule = {
  id: 'civil-servant',
  clause: '一(一)',
  check: ({ facts }) =>
    facts.unitType === 'civilService' || facts.unitType === 'civilServiceManaged'
      ? {
          zh: '各级机关和参照公务员管理的事业单位人员不得申报。',
          en: 'Civil servants and staff of units managed as civil servants may not apply.',
        }
      : null,
};

export const retirementAge: Rule = {
  id: 'retirement-age',
  clause: '一(一)',
  check: ({ facts, plan }) => {
    if (facts.retirementExtensionApproved) return null;
    const retiresOn = retirementDate(facts.birthDate, facts.retirementCategory);
    return retiresOn <= yearEnd(plan.year)
      ? {
          zh: `申报人于${retiresOn}达到法定退休年龄（不晚于${plan.year}年12月31日），且无经批准的延长退休记录。`,
          en: `The applicant reaches statutory retirement age on ${retiresOn}, by 31 December ${plan.year}, with no approved extension.`,
        }
      : null;
  },
};
