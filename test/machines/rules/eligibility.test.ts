import { describe, expect, it } from 'vitest';
import { rules2021 as rules } from '../../../machines/application';
import type { Plan } from '../../../machines/context';
import type { Facts } from '../../../machines/facts';
import type { MaterialKind } from '../../../machines/material-kinds';
import { checkEligibility, type EligibilityInput, materialChecklist } from '../../../machines/rules/eligibility';
import { achievementPoints, juniorScore } from '../../../machines/rules/level-rules';
import { eligibleInput, intermediate2021Plan, junior2021Plan, today2021, validFacts } from './fixtures';

function withFacts(plan: Plan, change: (facts: Facts) => void): EligibilityInput {
  const facts = validFacts();
  change(facts);
  return eligibleInput(plan, facts);
}
/** Files of these kinds, as a draft lists them. */
const uploaded = (kinds: MaterialKind[]) => kinds.map((kind, i) => ({ kind, name: `${kind}.pdf`, sha256: String(i).repeat(64) }));
const failureIds = (input: EligibilityInput) => checkEligibility(input, rules).failures.map((f) => f.id);
const warningIds = (input: EligibilityInput) => checkEligibility(input, rules).warnings.map((w) => w.id);

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

  describe('junior score 二(二)', () => {
    const plan: Plan = {
      ...junior2021Plan,
      scoringItems: [
        { id: 'a', name: 'A', points: 100 },
        { id: 'b', name: 'B', points: 20 },
        { id: 'c', name: 'C', points: 19 },
      ],
    };
    const achieved =
      (...items: [string, string, string?][]) =>
      (f: Facts) => {
        f.achievements = items.map(([itemId, achievedOn, specialty]) => ({ itemId, achievedOn, specialty: specialty ?? '建设工程' }));
      };
    it('120 passes and 119 fails', () => {
      expect(failureIds(withFacts(plan, achieved(['a', '2020-01-01'], ['b', '2020-01-01'])))).toEqual([]);
      expect(failureIds(withFacts(plan, achieved(['a', '2020-01-01'], ['c', '2020-01-01'])))).toEqual(['junior-score']);
    });
    it('counts an achievement exactly 3 years old and excludes one 3 years and 1 day old', () => {
      expect(today2021).toBe('2021-08-15');
      expect(failureIds(withFacts(plan, achieved(['a', '2020-01-01'], ['b', '2018-08-15'])))).toEqual([]);
      expect(failureIds(withFacts(plan, achieved(['a', '2020-01-01'], ['b', '2018-08-14'])))).toEqual(['junior-score']);
    });
    it('counts only the plan specialty and items the plan defines', () => {
      const input = withFacts(plan, achieved(['a', '2020-01-01'], ['b', '2020-01-01', '水利'], ['unknown', '2020-01-01']));
      expect(juniorScore(input)).toBe(100);
    });
    it('counts each achievement once, so two achievements of one item count twice', () => {
      expect(juniorScore(withFacts(plan, achieved(['b', '2020-01-01'], ['b', '2021-01-01'])))).toBe(40);
    });
    it('gives each achievement the points it counts for, 0 for one that does not count, the caps applied in the order claimed', () => {
      const capped: Plan = {
        ...plan,
        scoringItems: [
          { id: 'b', name: 'B', points: 20, maxCount: 2 },
          { id: 'c', name: 'C', points: 19, maxPoints: 30 },
        ],
      };
      const input = withFacts(
        capped,
        achieved(
          ['b', '2020-01-01'],
          ['c', '2020-01-01'],
          ['b', '2018-08-14'],
          ['b', '2021-01-01'],
          ['c', '2021-01-01'],
          ['b', '2021-02-01'],
          ['c', '2020-01-01', '水利'],
        ),
      );
      // b: 20, 20, then the third counted one is over maxCount; c: 19, then 11 up to maxPoints 30; too old, other specialty: 0.
      expect(achievementPoints(input)).toEqual([20, 19, 0, 20, 11, 0, 0]);
      expect(juniorScore(input)).toBe(70);
    });
    it('does not apply to intermediate plans', () => {
      expect(failureIds(withFacts(intermediate2021Plan, (f) => (f.achievements = [])))).toEqual([]);
    });
  });

  describe('junior 初定 warning 二(二)', () => {
    it('warns, without refusing, a bachelor with 1 year of engineering work by 31 December', () => {
      const input = withFacts(junior2021Plan, (f) => {
        f.education.level = 'bachelor';
        f.engineeringWorkSince = '2021-01-01';
      });
      expect(failureIds(input)).toEqual([]);
      expect(warningIds(input)).toEqual(['junior-meets-initial-appointment']);
    });
    it('does not warn a bachelor one day short', () => {
      expect(
        warningIds(
          withFacts(junior2021Plan, (f) => {
            f.education.level = 'bachelor';
            f.engineeringWorkSince = '2021-01-02';
          }),
        ),
      ).toEqual([]);
    });
    it('warns a 大专 graduate with 3 years', () => {
      expect(warningIds(withFacts(junior2021Plan, (f) => (f.engineeringWorkSince = '2019-01-01')))).toEqual([
        'junior-meets-initial-appointment',
      ]);
      expect(warningIds(withFacts(junior2021Plan, (f) => (f.engineeringWorkSince = '2019-01-02')))).toEqual([]);
    });
    it('does not warn for an intermediate plan', () => {
      expect(warningIds(withFacts(intermediate2021Plan, (f) => (f.engineeringWorkSince = '2010-01-01')))).toEqual([]);
    });
  });

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

  describe('the checklist of files a draft must carry (五(二), 五(三), 二(三), 二(五))', () => {
    const checklist = (plan: Plan, change: (f: Facts) => void) => {
      const { materials: _, ...input } = withFacts(plan, change);
      return materialChecklist(input, rules).map(({ kind, rule }) => `${kind} ${rule.id} ${rule.clause}`);
    };
    const unchanged = () => {};
    it('asks nothing of an applicant whose records the platform reads', () => {
      expect(checklist(intermediate2021Plan, unchanged)).toEqual([]);
    });
    it('asks the diploma and the CHSI record of a degree from 2001 on the system did not extract', () => {
      expect(checklist(junior2021Plan, (f) => (f.education.proof.systemExtracted = false))).toEqual([
        'educationCertificate education-proof 五(二)',
        'chsiRecord education-proof 五(二)',
      ]);
    });
    it('asks the diploma and the graduate registration form of a degree from before 2001', () => {
      expect(checklist(junior2021Plan, (f) => (f.education.graduatedOn = '2000-12-31'))).toEqual([
        'educationCertificate education-proof 五(二)',
        'graduateRegistrationForm education-proof 五(二)',
      ]);
    });
    it('asks the certification of a degree from abroad, and the diploma below 大专', () => {
      expect(checklist(junior2021Plan, (f) => (f.education.origin = 'abroad'))).toEqual(['degreeCertification education-proof 五(二)']);
      expect(checklist(junior2021Plan, (f) => (f.education.level = 'secondary'))).toEqual(['educationCertificate education-proof 五(二)']);
    });
    it('asks the post form at a public institution, the hours proof off the record, the insurance proof from out of the city', () => {
      const publicPost = (f: Facts) => {
        f.unitType = 'publicInstitution';
        f.postVacancy = true;
      };
      expect(checklist(junior2021Plan, publicPost)).toEqual(['postInfoForm public-institution-post 二(五)']);
      expect(
        checklist(intermediate2021Plan, (f) => (f.continuingEducation = f.continuingEducation.map((c) => ({ ...c, onRecord: false })))),
      ).toEqual(['continuingEducationProof continuing-education-proof 二(三)']);
      expect(checklist(junior2021Plan, (f) => (f.socialInsuranceOnRecord = false))).toEqual([
        'socialInsuranceProof social-insurance-proof 五(三)',
      ]);
    });
  });

  describe('education proof 五(二), by the kinds of the files uploaded', () => {
    const proof = (graduatedOn: string, origin: Facts['education']['origin'], systemExtracted: boolean, kinds: MaterialKind[]) => {
      const facts = validFacts();
      facts.education = { ...facts.education, graduatedOn, origin, proof: { systemExtracted } };
      return failureIds(eligibleInput(junior2021Plan, facts, uploaded(kinds)));
    };
    it('domestic from 2001: system extraction, or certificate plus CHSI record', () => {
      expect(proof('2001-01-01', 'domestic', true, [])).toEqual([]);
      expect(proof('2001-01-01', 'domestic', false, ['educationCertificate', 'chsiRecord'])).toEqual([]);
      expect(proof('2001-01-01', 'domestic', false, ['educationCertificate'])).toEqual(['education-proof']);
      expect(proof('2001-01-01', 'domestic', false, [])).toEqual(['education-proof']);
    });
    it('domestic before 2001: certificate and graduate registration form', () => {
      expect(proof('2000-12-31', 'domestic', false, ['educationCertificate', 'graduateRegistrationForm'])).toEqual([]);
      expect(proof('2000-12-31', 'domestic', true, [])).toEqual(['education-proof']);
      expect(proof('2000-12-31', 'domestic', false, ['educationCertificate', 'chsiRecord'])).toEqual(['education-proof']);
    });
    it.each(['abroad', 'hkMacaoTaiwan'] as const)('%s: the MOE certification', (origin) => {
      expect(proof('2015-06-30', origin, false, ['degreeCertification'])).toEqual([]);
      expect(proof('2015-06-30', origin, true, ['educationCertificate', 'chsiRecord'])).toEqual(['education-proof']);
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
