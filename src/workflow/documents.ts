import { shanghaiDate } from '../../machines/rules/dates';
import type { Snapshot } from '../../machines/states';
import { allowedEventsFor, stateName } from '../../machines/states';
import { formatCode } from '../../machines/verification-code';
import type { Actor } from '../auth/access';
import type { Db } from '../db/client';
import type { certificates } from '../db/schema';
import { ISSUER, PLATFORM_NAME } from '../documents/authority';
import type { CertificateInput } from '../documents/certificate';
import type { ReviewFormInput } from '../documents/review-form';
import { AppError } from '../http/errors';
import { blobsOf } from '../store/blobs';

// What the PDFs are made from: the application as stored, never the caller's input.

/** Where a certificate is checked: the public endpoint its QR code and short code lead to. */
export const verificationUrl = (publicUrl: string, code: string) => `${publicUrl}/v1/public/certificates/${code}`;

/**
 * The review form exists from paperSubmission on: AUDIT_APPROVE drew its code (三(二)). It is
 * made from the facts, plan and materials frozen since SUBMIT and dated by that approval, so
 * every download of one application's form gives the same bytes.
 */
export async function reviewFormInput(
  db: Db,
  app: { id: string; version: number; snapshot: Snapshot },
  actor: Actor,
): Promise<ReviewFormInput> {
  const { context } = app.snapshot;
  if (!context.reviewForm) {
    const where = { state: stateName(app.snapshot.value), version: app.version, allowedEvents: allowedEventsFor(app.snapshot, actor.role) };
    throw new AppError('REVIEW_FORM_NOT_READY', where);
  }
  const stored = await blobsOf(
    db,
    context.materials.map((m) => m.sha256),
  );
  return {
    applicationId: app.id,
    verificationCode: formatCode(context.reviewForm.verificationCode),
    platformName: PLATFORM_NAME,
    idNumber: context.idNumber,
    // The unit's id until units are a registry with names (issue 11).
    unitName: context.unitId,
    plan: context.plan,
    facts: context.facts,
    materials: context.materials.map((m) => ({ ...m, size: stored.get(m.sha256)?.size ?? 0 })),
    generatedAt: new Date(context.reviewForm.issuedAt),
  };
}

export function certificateInput(cert: typeof certificates.$inferSelect, publicUrl: string): CertificateInput {
  if (cert.level !== 'junior' && cert.level !== 'intermediate') throw new Error(`certificate ${cert.number}: unknown level ${cert.level}`);
  return {
    certificateNumber: cert.number,
    name: cert.name,
    idNumber: cert.idNumber,
    level: cert.level,
    specialty: cert.specialty,
    year: cert.year,
    issuedOn: shanghaiDate(cert.issuedAt.toISOString()),
    issuer: ISSUER,
    verificationUrl: verificationUrl(publicUrl, cert.verificationCode),
    verificationCode: formatCode(cert.verificationCode),
  };
}
