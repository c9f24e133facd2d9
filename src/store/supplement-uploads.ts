import { and, eq, gte } from 'drizzle-orm';
import type { Db } from '../db/client';
import { supplementUploads } from '../db/schema';

// What an applicant uploaded towards a requested supplement, before naming it in SUPPLEMENT_PROVIDED.

/** Records an upload; uploading the same content again moves its time to now. */
export async function recordSupplementUpload(db: Db, applicationId: string, sha256: string, at: Date): Promise<void> {
  await db
    .insert(supplementUploads)
    .values({ applicationId, sha256, uploadedAt: at })
    .onConflictDoUpdate({ target: [supplementUploads.applicationId, supplementUploads.sha256], set: { uploadedAt: at } });
}

/** The files uploaded to this application from `since` on, oldest first. */
export async function supplementUploadsSince(db: Db, applicationId: string, since: Date): Promise<string[]> {
  const rows = await db
    .select({ sha256: supplementUploads.sha256 })
    .from(supplementUploads)
    .where(and(eq(supplementUploads.applicationId, applicationId), gte(supplementUploads.uploadedAt, since)))
    .orderBy(supplementUploads.uploadedAt);
  return rows.map((r) => r.sha256);
}
