import type { CertificateInput } from '../../src/documents/certificate';
import type { PublicityList } from '../../src/documents/publicity-list';
import type { ReviewFormInput, UploadedMaterial } from '../../src/documents/review-form';
import type { Verification } from '../../src/documents/verification-page';
import { junior2021Plan, validFacts } from '../machines/rules/fixtures';
import { idNumberFor } from '../support/factories';

export const applicantId = idNumberFor(1);

/** `count` distinct uploaded files; enough of them push the materials list onto more pages. */
export function uploadedMaterials(count: number): UploadedMaterial[] {
  const kinds = ['educationCertificate', 'chsiRecord', 'continuingEducationProof', 'achievement'] as const;
  return Array.from({ length: count }, (_, i) => ({
    kind: kinds[i % kinds.length]!,
    name: `扫描件-${String(i + 1).padStart(3, '0')}.pdf`,
    sha256: (i + 1).toString(16).padStart(64, 'a'),
    size: 250_000 + i * 1024,
  }));
}

export function reviewFormInput(overrides: Partial<ReviewFormInput> = {}): ReviewFormInput {
  return {
    verificationCode: 'K7Q2-M9XD',
    platformName: '慈溪市职称评审平台',
    idNumber: applicantId,
    unitName: '慈溪市某某建设工程有限公司',
    plan: junior2021Plan,
    // 喆 is outside GB 2312: the font must carry more than the common set.
    facts: { ...validFacts(), name: '王喆' },
    materials: uploadedMaterials(4),
    // 60 + 40 + 30 claimed, all within three years of submission and in the plan's specialty.
    selfAssessment: { points: [60, 40, 30], minimum: 120 },
    unitReview: {
      publicity: { start: '2021-08-02', end: '2021-08-06' },
      approval: { on: '2021-08-09', publicityResult: 'noObjection', opinion: '该同志业绩突出，经单位内公示无异议，同意推荐' },
    },
    audit: { on: '2021-08-16', opinion: '资格审查通过' },
    paperReceipt: null,
    printedAt: new Date('2021-09-10T02:00:00Z'),
    ...overrides,
  };
}

/** The certificate of the fixed applicant, as issued. */
export function certificateInput(overrides: Partial<CertificateInput> = {}): CertificateInput {
  return {
    certificateNumber: 'CX2021M07-0012',
    name: '王喆',
    idNumber: applicantId,
    level: 'intermediate',
    specialty: '建设工程',
    year: 2021,
    issuedOn: '2021-12-06',
    issuer: '慈溪市人力资源和社会保障局',
    committee: '慈溪市工程技术人员中级专业技术职务任职资格评审委员会',
    verificationUrl: 'https://titles.example.cn/v1/public/certificates/3F9A1C07B24E',
    verificationCode: '3F9A-1C07-B24E',
    verificationPage: 'https://titles.example.cn/v1/public/certificates',
    ...overrides,
  };
}

/** A qualification publicity of three applicants, a man and two women, from two units. */
export function publicityList(overrides: Partial<PublicityList> = {}): PublicityList {
  return {
    stage: 'qualification',
    plan: { year: 2021, level: 'junior', specialty: '建设工程' },
    period: { start: '2021-10-11', end: '2021-10-15' },
    objectionsTo: '慈溪市人力资源和社会保障局615办公室（慈溪市北三环东路1999号），联系电话 63938300',
    publisher: '慈溪市工程系列中、初级专业技术职务任职资格评审委员会办公室',
    entries: [
      { name: '王喆', idNumber: applicantId, unitName: '慈溪市某某建设工程有限公司', result: '资格审查通过' },
      { name: '李娜', idNumber: idNumberFor(2), unitName: '慈溪市杭州湾建筑设计院有限公司', result: '资格审查通过' },
      { name: '陈佳怡', idNumber: idNumberFor(4), unitName: '慈溪市某某建设工程有限公司', result: '资格审查通过' },
    ],
    ...overrides,
  };
}

/** What verification answers of the fixed certificate, as the notice and authority.ts name things. */
export function verification(overrides: Partial<Verification> = {}): Verification {
  return {
    status: 'valid',
    certificateNumber: 'CX2021M07-0012',
    holder: { name: '王喆', idNumber: '330282********0013' },
    level: 'intermediate',
    qualification: { zh: '工程师（中级）', en: 'Engineer (intermediate)' },
    specialty: '建设工程',
    year: 2021,
    committee: {
      zh: '慈溪市工程技术人员中级专业技术职务任职资格评审委员会',
      en: 'Cixi Review Committee for Intermediate Professional Titles in Engineering',
    },
    issuer: { zh: '慈溪市人力资源和社会保障局', en: 'Cixi Human Resources and Social Security Bureau' },
    issuedOn: '2021-12-06',
    revokedOn: null,
    ...overrides,
  };
}
