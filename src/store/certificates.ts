import { eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { certificates } from '../db/schema';

/** What a verification may tell: when the certificate was issued and whether it was revoked. */
export async function certificateByCode(db: Db, verificationCode: string) {
  const [cert] = await db
    .select({ issuedAt: certificates.issuedAt, revokedAt: certificates.revokedAt })
    .from(certificates)
    .where(eq(certificates.verificationCode, verificationCode));
  return cert;
}
