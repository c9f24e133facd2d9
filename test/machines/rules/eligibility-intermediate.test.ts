import { describe, expect, it } from 'vitest';
import { rules2021 as rules } from '../../../machines/application';
import type { Plan } from '../../../machines/context';
import type { Facts } from '../../../machines/facts';
import { checkEligibility } from '../../../machines/rules/eligibility';
import { eligibleInput, failureIds, intermediate2021Plan, junior2021Plan, withFacts } from './fixtures';

describe('eligibility at SUBMIT (SPEC §4)', () => {
  describe('intermediate route 二(一), 一(三)', () => {
    const clearSeniority = (f: Facts) => {
      f.engineeringWorkSince = null;
      f.assistantEngineerSince = null;
      f.registeredQualificationSince = null;
    };
    it('master + 2 years of engineering work', () => {
      expect(
        failureIds(
          withFacts(intermediate2021Plan, (f) => {
            clearSeniority(f);
            f.education.level = 'master';
            f.engineeringWorkSince = '2020-01-01';
          }),
        ),
      ).toEqual([]);
      expect(
        failureIds(
          withFacts(intermediate2021Plan, (f) => {
            clearSeniority(f);
            f.education.level = 'master';
            f.engineeringWorkSince = '2020-01-02';
          }),
        ),
      ).toEqual(['intermediate-seniority']);
    });
    it('a doctorate ranks above master', () => {
      expect(
        failureIds(
          withFacts(intermediate2021Plan, (f) => {
            clearSeniority(f);
            f.education.level = 'doctorate';
            f.engineeringWorkSince = '2020-01-01';
          }),
        ),
      ).toEqual([]);
    });
    it('second bachelor + 2 years as 助理工程师', () => {
      expect(
        failureIds(
          withFacts(intermediate2021Plan, (f) => {
            clearSeniority(f);
            f.education.level = 'secondBachelor';
            f.assistantEngineerSince = '2020-01-01';
          }),
        ),
      ).toEqual([]);
    });
    it('bachelor + 4 years as 助理工程师, but not 3', () => {
      expect(
        failureIds(
          withFacts(intermediate2021Plan, (f) => {
            clearSeniority(f);
            f.education.level = 'bachelor';
            f.assistantEngineerSince = '2018-01-01';
          }),
        ),
      ).toEqual([]);
      expect(
        failureIds(
          withFacts(intermediate2021Plan, (f) => {
            clearSeniority(f);
            f.education.level = 'bachelor';
            f.assistantEngineerSince = '2018-01-02';
          }),
        ),
      ).toEqual(['intermediate-seniority']);
    });
    // 一(三): 其注册、社保和聘用一致的时间可累计计算聘任时间 — from the latest of the three dates.
    const qualified = (registered: string, insured: string, appointed: string | null) =>
      withFacts(intermediate2021Plan, (f) => {
        clearSeniority(f);
        f.education.level = 'bachelor';
        f.registeredQualificationSince = registered;
        f.socialInsuranceSince = insured;
        f.qualificationAppointedSince = appointed;
      });
    it('registered-qualification time counts as 助理工程师 time where registration, insurance and appointment coincide', () => {
      expect(failureIds(qualified('2016-05-01', '2017-09-01', '2018-01-01'))).toEqual([]);
      expect(failureIds(qualified('2018-01-01', '2016-05-01', '2017-09-01'))).toEqual([]);
      expect(failureIds(qualified('2017-09-01', '2018-01-01', '2016-05-01'))).toEqual([]);
    });
    it.each([
      ['registration', ['2018-01-02', '2017-01-01', '2017-01-01']],
      ['insurance', ['2017-01-01', '2018-01-02', '2017-01-01']],
      ['appointment', ['2017-01-01', '2017-01-01', '2018-01-02']],
    ] as const)('does not count it from before the %s: a day short of four years', (_, [registered, insured, appointed]) => {
      expect(failureIds(qualified(registered, insured, appointed))).toEqual(['intermediate-seniority']);
    });
    it('does not count it without the appointment, and says which dates it read', () => {
      const [failure] = checkEligibility(qualified('2016-05-01', '2016-05-01', null), rules).failures;
      expect(failure).toMatchObject({ id: 'intermediate-seniority' });
      expect(failure!.message.zh).toContain('注册2016-05-01、社保2016-05-01、聘任—');
      const [late] = checkEligibility(qualified('2016-05-01', '2016-05-01', '2018-03-01'), rules).failures;
      expect(late!.message.zh).toContain('自2018-03-01起三者一致');
    });
    it('adds it to time as an appointed 助理工程师: the earlier start counts', () => {
      expect(
        failureIds(
          withFacts(intermediate2021Plan, (f) => {
            clearSeniority(f);
            f.assistantEngineerSince = '2020-06-01';
            f.registeredQualificationSince = '2018-01-01';
            f.qualificationAppointedSince = '2018-01-01';
          }),
        ),
      ).toEqual([]);
    });
    it('engineering work alone does not satisfy a 助理工程师 route', () => {
      expect(
        failureIds(
          withFacts(intermediate2021Plan, (f) => {
            clearSeniority(f);
            f.engineeringWorkSince = '2010-01-01';
          }),
        ),
      ).toEqual(['intermediate-seniority']);
    });
    it('fails clearly when the plan defines no routes', () => {
      expect(failureIds(eligibleInput({ ...intermediate2021Plan, intermediateRoutes: [] }))).toEqual(['intermediate-seniority']);
    });
  });

  describe('高技能人才 route 一(二), as plan data', () => {
    // A plan's own conditions (甬人社发〔2019〕60号 is not in our material): 技师 three years on for
    // 工程师, 高级工 two years on for 助理工程师, counted to 31 December of the plan year as 一(一) counts.
    const intermediate: Plan = { ...intermediate2021Plan, skilledRoutes: [{ skillLevel: 'technician', years: 3 }] };
    const junior: Plan = { ...junior2021Plan, skilledRoutes: [{ skillLevel: 'seniorWorker', years: 2 }] };
    const skilledOnly = (level: NonNullable<Facts['skill']>['level'], certifiedOn: string) => (f: Facts) => {
      f.engineeringWorkSince = null;
      f.assistantEngineerSince = null;
      f.registeredQualificationSince = null;
      f.achievements = [];
      f.skill = { level, certifiedOn };
    };
    it('a 技师 of 3 years by 31 December meets the intermediate condition without education seniority; a day short does not', () => {
      expect(failureIds(withFacts(intermediate, skilledOnly('technician', '2019-01-01')))).toEqual([]);
      expect(failureIds(withFacts(intermediate, skilledOnly('technician', '2019-01-02')))).toEqual(['intermediate-seniority']);
    });
    it('a higher level meets a lower route; a lower level does not, however long held', () => {
      expect(failureIds(withFacts(intermediate, skilledOnly('seniorTechnician', '2018-06-01')))).toEqual([]);
      expect(failureIds(withFacts(intermediate, skilledOnly('seniorWorker', '2000-01-01')))).toEqual(['intermediate-seniority']);
    });
    it('a 高级工 of 2 years meets the junior condition in place of the 120-point score', () => {
      expect(failureIds(withFacts(junior, skilledOnly('seniorWorker', '2020-01-01')))).toEqual([]);
      expect(failureIds(withFacts(junior, skilledOnly('seniorWorker', '2020-01-02')))).toEqual(['junior-score']);
    });
    it('a plan without skilled routes gives a skill no weight', () => {
      expect(failureIds(withFacts(intermediate2021Plan, skilledOnly('seniorTechnician', '2000-01-01')))).toEqual([
        'intermediate-seniority',
      ]);
      expect(failureIds(withFacts({ ...junior2021Plan, skilledRoutes: undefined }, skilledOnly('seniorTechnician', '2000-01-01')))).toEqual(
        ['junior-score'],
      );
    });
    it('the other conditions still hold for a 高技能人才', () => {
      const input = withFacts(intermediate, (f) => {
        skilledOnly('technician', '2015-01-01')(f);
        f.continuingEducation = [];
      });
      expect(failureIds(input)).toEqual(['continuing-education']);
    });
    it('a refusal of someone who declared a skill says why it did not count, citing 一(二)', () => {
      const [failure] = checkEligibility(withFacts(intermediate, skilledOnly('seniorWorker', '2010-03-01')), rules).failures;
      expect(failure).toMatchObject({ id: 'intermediate-seniority', clause: '二(一)、一(二)' });
      expect(failure!.message.zh).toContain('高级工，2010-03-01取得');
      expect(failure!.message.zh).toContain('一(二)');
    });
  });
});
