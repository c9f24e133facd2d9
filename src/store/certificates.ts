import { eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { certificates } from '../db/schema';

/** The certificate whose QR code or typed code this is (the canonical spelling). */
export async function certificateByCode(db: Db, verificationCode: string) {
  const [cert] = await db.select().from(certificates).where(eq(certificates.verificationCode, verificationCode));
  return cert;
}
