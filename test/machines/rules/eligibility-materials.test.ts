import { describe, expect, it } from 'vitest';
import { rules2021 as rules } from '../../../machines/application';
import type { Plan } from '../../../machines/context';
import type { Facts } from '../../../machines/facts';
import type { MaterialKind } from '../../../machines/material-kinds';
import { materialChecklist } from '../../../machines/rules/eligibility';
import { eligibleInput, failureIds, intermediate2021Plan, junior2021Plan, uploaded, validFacts, withFacts } from './fixtures';

describe('eligibility at SUBMIT (SPEC §4)', () => {
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
});
