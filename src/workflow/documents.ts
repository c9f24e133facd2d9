import { definitionOf } from '../../machines/definitions';
import type { Actor } from '../../machines/events';
import { PlanLevel } from '../../machines/facts';
import { shanghaiDate } from '../../machines/rules/dates';
import { achievementPoints } from '../../machines/rules/level-rules';
import type { Snapshot } from '../../machines/states';
import { allowedEventsFor, stateName } from '../../machines/states';
import { formatCode } from '../../machines/verification-code';
import type { Db } from '../db/client';
import type { certificates } from '../db/schema';
import { COMMITTEE, ISSUER, PLATFORM_NAME } from '../documents/authority';
import type { CertificateInput } from '../documents/certificate';
import { gradeOfLevel, qualificationEn, titleOfLevel } from '../documents/labels';
import { maskIdNumber } from '../documents/mask';
import type { ReviewFormInput } from '../documents/review-form';
import type { Verification } from '../documents/verification-page';
import { AppError } from '../errors';
import { historyOf } from '../store/applications';
import { blobsOf } from '../store/blobs';
import { unitOf } from '../store/units';
import { reviewRecord } from './review-record';

// What the PDFs are made from: the application as stored, never the caller's input.

/** Where a certificate is checked: the public endpoint its QR code and short code lead to. */
const verificationUrl = (publicUrl: string, code: string) => `${publicUrl}/v1/public/certificates/${code}`;
/** Where a reader types a certificate's number and code in. */
const verificationPageUrl = (publicUrl: string) => `${publicUrl}/v1/public/certificates`;

/**
 * The review form exists from paperSubmission on: AUDIT_APPROVE drew its code (三(二)). It is
 * made from the facts, plan and materials frozen since SUBMIT, what each step of the review
 * recorded in the history, and the unit as registered; dated the day it is printed.
 */
export async function reviewFormInput(
  db: Db,
  app: { id: string; version: number; definitionVersion: number; snapshot: Snapshot },
  actor: Actor,
  printedAt: Date,
): Promise<ReviewFormInput> {
  const { context } = app.snapshot;
  if (!context.reviewForm) {
    const where = { state: stateName(app.snapshot.value), version: app.version, allowedEvents: allowedEventsFor(app.snapshot, actor.role) };
    throw new AppError('REVIEW_FORM_NOT_READY', where);
  }
  const [stored, unit, history] = await Promise.all([
    blobsOf(
      db,
      context.materials.map((m) => m.sha256),
    ),
    unitOf(db, context.unitId),
    historyOf(db, app.id),
  ]);
  const submittedOn = context.submittedAt && shanghaiDate(context.submittedAt);
  return {
    verificationCode: formatCode(context.reviewForm.verificationCode),
    platformName: PLATFORM_NAME,
    idNumber: context.idNumber,
    // Units are registered by an admin; one missing from the registry is named by its id.
    unitName: unit?.name ?? context.unitId,
    plan: context.plan,
    facts: context.facts,
    materials: context.materials.map((m) => ({ ...m, size: stored.get(m.sha256)?.size ?? 0 })),
    selfAssessment:
      context.plan.level === 'junior' && submittedOn
        ? {
            points: achievementPoints({ facts: context.facts, plan: context.plan, today: submittedOn }),
            minimum: definitionOf(app.definitionVersion).juniorMinimumScore,
          }
        : null,
    ...reviewRecord(history),
    printedAt,
  };
}

type Certificate = typeof certificates.$inferSelect;

function levelOf(cert: Certificate): PlanLevel {
  const level = PlanLevel.safeParse(cert.level);
  if (!level.success) throw new Error(`certificate ${cert.number}: unknown level ${cert.level}`);
  return level.data;
}

export function certificateInput(cert: Certificate, publicUrl: string): CertificateInput {
  const level = levelOf(cert);
  return {
    certificateNumber: cert.number,
    name: cert.name,
    idNumber: cert.idNumber,
    level,
    specialty: cert.specialty,
    year: cert.year,
    issuedOn: shanghaiDate(cert.issuedAt.toISOString()),
    issuer: ISSUER.zh,
    committee: COMMITTEE[level].zh,
    verificationUrl: verificationUrl(publicUrl, cert.verificationCode),
    verificationPage: verificationPageUrl(publicUrl),
    verificationCode: formatCode(cert.verificationCode),
  };
}

/**
 * What verification answers of a certificate: the record as issued, the holder named as the
 * publicity lists named them and the ID number masked as there, and its state.
 */
export function verificationOf(cert: Certificate): Verification {
  const level = levelOf(cert);
  return {
    status: cert.revokedAt ? 'revoked' : 'valid',
    certificateNumber: cert.number,
    holder: { name: cert.name, idNumber: maskIdNumber(cert.idNumber) },
    level,
    qualification: { zh: `${titleOfLevel[level]}（${gradeOfLevel[level]}）`, en: qualificationEn[level] },
    specialty: cert.specialty,
    year: cert.year,
    committee: COMMITTEE[level],
    issuer: ISSUER,
    issuedOn: shanghaiDate(cert.issuedAt.toISOString()),
    revokedOn: cert.revokedAt && shanghaiDate(cert.revokedAt.toISOString()),
  };
}
