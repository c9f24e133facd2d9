import type { ReviewFormInput, UploadedMaterial } from '../../src/documents/review-form';
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
    applicationId: '0193a5c2-7f1e-7c3a-9b1d-2f4e6a8c0b12',
    verificationCode: 'K7Q2-M9XD',
    platformName: '慈溪市职称评审平台',
    idNumber: applicantId,
    unitName: '慈溪市某某建设工程有限公司',
    plan: junior2021Plan,
    // 喆 is outside GB 2312: the font must carry more than the common set.
    facts: { ...validFacts(), name: '王喆' },
    materials: uploadedMaterials(4),
    generatedAt: new Date('2021-09-10T02:00:00Z'),
    ...overrides,
  };
}
