import { sampleFacts, sampleIdNumber, samplePlan } from '../demo/samples';
import { renderCertificate } from './certificate';
import { renderReviewForm } from './review-form';

// The first PDF a process makes costs several times the next (the CJK font's tables are
// read, the layout code compiled: about 0.6 s against 0.08 s, see README): made once at
// start-up, it is not a user's wait.

export async function warmUp(): Promise<void> {
  const idNumber = sampleIdNumber(0);
  const plan = samplePlan(2021, 'intermediate');
  const issued = new Date('2021-12-01T00:00:00Z');
  await renderReviewForm({
    verificationCode: '0000-0000',
    platformName: '预热',
    idNumber,
    unitName: '预热',
    plan,
    facts: sampleFacts('预热', idNumber, 2021),
    materials: [],
    selfAssessment: null,
    unitReview: { publicity: null, approval: null },
    audit: null,
    paperReceipt: null,
    printedAt: issued,
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
    verificationUrl: 'http://127.0.0.1/',
    verificationCode: '0000-0000-0000',
  });
}
