import type { Facts } from '../../machines/facts';
import { renderCertificate } from './certificate';
import { renderReviewForm } from './review-form';
import type { ReviewFormInput } from './review-form-input';

// The first PDF a process makes costs several times the next (the CJK font's tables are
// read, the layout code compiled: about 0.6 s against 0.08 s, see README): made once at
// start-up, it is not a user's wait. Its input is made up here, not read from the demo.

const idNumber = '330282199005120005';
const facts: Facts = {
  name: '预热',
  retirementCategory: 'male60',
  birthDate: '1990-05-12',
  retirementExtensionApproved: false,
  unitType: 'enterprise',
  unitInCixi: true,
  postedToBranchElsewhere: false,
  socialInsuranceSince: '2018-03-01',
  education: { level: 'juniorCollege', graduatedOn: '2012-06-30', origin: 'domestic', proof: { systemExtracted: true } },
  engineeringWorkSince: '2019-03-01',
  assistantEngineerSince: null,
  registeredQualificationSince: '2017-06-01',
  continuingEducation: [{ year: 2020, publicHours: 24, professionalHours: 30, onRecord: true }],
  annualAssessments: [{ year: 2020, result: 'competent' }],
  achievements: [{ itemId: 'paper', achievedOn: '2020-11-20', specialty: '建设工程' }],
  postVacancy: false,
};
const plan: ReviewFormInput['plan'] = { year: 2021, level: 'intermediate', specialty: '建设工程', scoringItems: [] };

export async function warmUp(): Promise<void> {
  await renderReviewForm({
    verificationCode: '0000-0000',
    platformName: '预热',
    idNumber,
    unitName: '预热',
    plan,
    facts,
    materials: [],
    selfAssessment: null,
    unitReview: { publicity: null, approval: null },
    audit: null,
    paperReceipt: null,
    printedAt: new Date('2021-12-01T00:00:00Z'),
  });
  await renderCertificate({
    certificateNumber: 'WARM-UP',
    name: '预热',
    idNumber,
    level: plan.level,
    specialty: plan.specialty,
    year: plan.year,
    issuedOn: '2021-12-01',
    issuer: '预热',
    committee: '预热',
    verificationUrl: 'http://127.0.0.1/',
    verificationCode: '0000-0000-0000',
    verificationPage: 'http://127.0.0.1/',
  });
}
