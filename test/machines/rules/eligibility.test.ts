import { describe, expect, it } from 'vitest';
import { rules2021 as rules } from '../../../machines/application';
import type { Facts } from '../../../machines/facts';
import type { MaterialKind } from '../../../machines/material-kinds';
import { checkEligibility } from '../../../machines/rules/eligibility';
import { eligibleInput, failureIds, intermediate2021Plan, junior2021Plan, uploaded, validFacts, withFacts } from './fixtures';

describe('eligibility at SUBMIT (SPEC §4)', () => {
  it('the fixtures are eligible for both 2021 plans with no warning', () => {
    for (const plan of [junior2021Plan, intermediate2021Plan]) {
      expect(checkEligibility(eligibleInput(plan), rules)).toEqual({ failures: [], warnings: [] });
    }
  });

  it('every rule has a unique kebab-case id, a clause and bilingual messages', () => {
    const ids = rules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of rules) {
      expect(rule.id).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(rule.clause).toMatch(/^[一二三四五六]/);
    }
    const result = checkEligibility({ ...withFacts(intermediate2021Plan, (f) => (f.unitInCixi = false)), commitmentSigned: false }, rules);
    for (const failure of result.failures) {
      expect(failure.message.zh.length).toBeGreaterThan(0);
      expect(failure.message.en.length).toBeGreaterThan(0);
    }
  });

  it('lists every failing rule, not only the first', () => {
    const input = withFacts(intermediate2021Plan, (f) => {
      f.unitInCixi = false;
      f.socialInsuranceSince = null;
      f.unitType = 'civilServiceManaged';
      f.continuingEducation = [];
    });
    expect(failureIds({ ...input, commitmentSigned: false })).toEqual([
      'scope',
      'social-insurance-year',
      'civil-servant',
      'continuing-education',
      // No insurance: the qualification's time no longer coincides with it (一(三)).
      'intermediate-seniority',
      'commitment',
    ]);
  });

  describe('scope 一(一)', () => {
    it('accepts a Cixi-headquartered applicant posted to a branch elsewhere, with the out-of-city insurance proof (五(三))', () => {
      const posted = withFacts(junior2021Plan, (f) => {
        f.unitInCixi = false;
        f.postedToBranchElsewhere = true;
      });
      expect(failureIds({ ...posted, materials: uploaded(['socialInsuranceProof']) })).toEqual([]);
      expect(failureIds(posted)).toEqual(['social-insurance-proof']);
    });
    it('refuses a unit outside Cixi', () => {
      expect(failureIds(withFacts(junior2021Plan, (f) => (f.unitInCixi = false)))).toEqual(['scope']);
    });
    it.each(['civilService', 'civilServiceManaged'] as const)('refuses %s', (unitType) => {
      expect(failureIds(withFacts(junior2021Plan, (f) => (f.unitType = unitType)))).toEqual(['civil-servant']);
    });
  });

  describe('social insurance counted to 31 December 一(一)', () => {
    it('passes with a start on 1 January of the plan year', () => {
      expect(failureIds(withFacts(junior2021Plan, (f) => (f.socialInsuranceSince = '2021-01-01')))).toEqual([]);
    });
    it('fails one day short of a year on 31 December', () => {
      expect(failureIds(withFacts(junior2021Plan, (f) => (f.socialInsuranceSince = '2021-01-02')))).toEqual(['social-insurance-year']);
    });
    it('fails with no record', () => {
      expect(failureIds(withFacts(junior2021Plan, (f) => (f.socialInsuranceSince = null)))).toEqual(['social-insurance-year']);
    });
    it('exempts staff posted to a branch elsewhere, whose insurance the branch pays (一(一) "或")', () => {
      const posted = withFacts(junior2021Plan, (f) => {
        f.postedToBranchElsewhere = true;
        f.socialInsuranceSince = '2021-10-01';
      });
      expect(failureIds({ ...posted, materials: uploaded(['socialInsuranceProof']) })).toEqual([]);
    });
  });

  describe('out-of-city insurance proof 五(三)', () => {
    it('is not asked of an applicant whose insurance the platform reads', () => {
      expect(failureIds(withFacts(junior2021Plan, (f) => (f.socialInsuranceOnRecord = true)))).toEqual([]);
    });
    it('is asked when the platform cannot read the insurance, until it is uploaded', () => {
      const unread = withFacts(junior2021Plan, (f) => (f.socialInsuranceOnRecord = false));
      expect(failureIds(unread)).toEqual(['social-insurance-proof']);
      expect(failureIds({ ...unread, materials: uploaded(['other']) })).toEqual(['social-insurance-proof']);
      expect(failureIds({ ...unread, materials: uploaded(['socialInsuranceProof']) })).toEqual([]);
    });
  });

  describe('retirement age 一(一)', () => {
    it('refuses a retirement date exactly on 31 December of the plan year', () => {
      expect(failureIds(withFacts(junior2021Plan, (f) => (f.birthDate = '1961-12-31')))).toEqual(['retirement-age']);
    });
    it('accepts a retirement date on 1 January of the next year', () => {
      expect(failureIds(withFacts(junior2021Plan, (f) => (f.birthDate = '1962-01-01')))).toEqual([]);
    });
    it('accepts an approved extension', () => {
      expect(
        failureIds(
          withFacts(junior2021Plan, (f) => {
            f.birthDate = '1958-04-01';
            f.retirementExtensionApproved = true;
          }),
        ),
      ).toEqual([]);
    });
    it('uses the category: a worker-post woman born 1971 has retired by 2021', () => {
      expect(
        failureIds(
          withFacts(junior2021Plan, (f) => {
            f.birthDate = '1971-03-01';
            f.retirementCategory = 'female50';
          }),
        ),
      ).toEqual(['retirement-age']);
      expect(
        failureIds(
          withFacts(junior2021Plan, (f) => {
            f.birthDate = '1971-03-01';
            f.retirementCategory = 'female55';
          }),
        ),
      ).toEqual([]);
    });
  });

  describe('continuing education 二(三)', () => {
    const hours = (h2019: number, h2020: number, h2021: number) => (f: Facts) => {
      f.continuingEducation = [
        { year: 2019, publicHours: h2019, professionalHours: 0, onRecord: true },
        { year: 2020, publicHours: h2020, professionalHours: 0, onRecord: true },
        { year: 2021, publicHours: h2021, professionalHours: 0, onRecord: true },
      ];
    };
    it('18 public hours in each year passes', () => {
      expect(failureIds(withFacts(intermediate2021Plan, hours(18, 18, 18)))).toEqual([]);
    });
    it('17 in any year fails', () => {
      expect(failureIds(withFacts(intermediate2021Plan, hours(18, 17, 18)))).toEqual(['continuing-education']);
      expect(failureIds(withFacts(intermediate2021Plan, hours(18, 18, 17)))).toEqual(['continuing-education']);
    });
    it('a missing year counts as zero; professional hours do not count', () => {
      expect(
        failureIds(
          withFacts(intermediate2021Plan, (f) => {
            f.continuingEducation = [
              { year: 2019, publicHours: 20, professionalHours: 0, onRecord: true },
              { year: 2020, publicHours: 0, professionalHours: 100, onRecord: true },
            ];
          }),
        ),
      ).toEqual(['continuing-education']);
    });
    it('does not apply to junior plans', () => {
      expect(failureIds(withFacts(junior2021Plan, (f) => (f.continuingEducation = [])))).toEqual([]);
    });
    it('hours the system does not hold need the uploaded proof, for intermediate plans only', () => {
      const offRecord = (f: Facts) => {
        f.continuingEducation[1]!.onRecord = false;
      };
      const proof = [{ kind: 'continuingEducationProof' as const, name: '学时证明.pdf', sha256: 'a'.repeat(64) }];
      const other = [{ kind: 'achievement' as const, name: '业绩.pdf', sha256: 'b'.repeat(64) }];
      const facts = validFacts();
      offRecord(facts);
      expect(failureIds(eligibleInput(intermediate2021Plan, facts))).toEqual(['continuing-education-proof']);
      expect(failureIds(eligibleInput(intermediate2021Plan, facts, other))).toEqual(['continuing-education-proof']);
      expect(failureIds(eligibleInput(intermediate2021Plan, facts, proof))).toEqual([]);
      expect(failureIds(eligibleInput(junior2021Plan, facts))).toEqual([]);
      // A year outside the three counted needs nothing.
      const old = validFacts();
      old.continuingEducation.push({ year: 2018, publicHours: 10, professionalHours: 0, onRecord: false });
      expect(failureIds(eligibleInput(intermediate2021Plan, old))).toEqual([]);
    });
  });

  describe('annual assessment 二(四)', () => {
    it('requires 合格 or better in each of the three years before the plan year', () => {
      expect(failureIds(withFacts(junior2021Plan, (f) => (f.annualAssessments[1]!.result = 'basicallyCompetent')))).toEqual([
        'annual-assessment',
      ]);
      expect(
        failureIds(withFacts(junior2021Plan, (f) => (f.annualAssessments = f.annualAssessments.filter((a) => a.year !== 2018)))),
      ).toEqual(['annual-assessment']);
    });
    it('ignores the plan year itself', () => {
      expect(failureIds(withFacts(junior2021Plan, (f) => f.annualAssessments.push({ year: 2021, result: 'incompetent' })))).toEqual([]);
    });
  });

  describe('public institution 二(五)', () => {
    it('needs a vacancy and the uploaded post information form (附件3)', () => {
      const publicInstitution = (vacancy: boolean, kinds: MaterialKind[]) => {
        const facts = validFacts();
        facts.unitType = 'publicInstitution';
        facts.postVacancy = vacancy;
        return failureIds(eligibleInput(junior2021Plan, facts, uploaded(kinds)));
      };
      expect(publicInstitution(true, ['postInfoForm'])).toEqual([]);
      expect(publicInstitution(false, ['postInfoForm'])).toEqual(['public-institution-post']);
      expect(publicInstitution(true, [])).toEqual(['public-institution-post']);
      expect(publicInstitution(true, ['other', 'achievement'])).toEqual(['public-institution-post']);
    });
  });

  it('commitment 三(一)1 must be signed', () => {
    expect(failureIds({ ...eligibleInput(junior2021Plan), commitmentSigned: false })).toEqual(['commitment']);
  });

  it('reports the clause with each failure', () => {
    const [failure] = checkEligibility(
      withFacts(junior2021Plan, (f) => (f.socialInsuranceSince = null)),
      rules,
    ).failures;
    expect(failure).toMatchObject({ id: 'social-insurance-year', clause: '一(一)' });
  });
});
