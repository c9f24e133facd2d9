import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { applications } from './applications';
import { createdAt, instant } from './columns';
import { plans } from './plans';

export const bans = pgTable(
  'bans',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    idNumber: text('id_number').notNull(),
    fromYear: integer('from_year').notNull(),
    toYear: integer('to_year').notNull(),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => applications.id),
    finding: text('finding').notNull(),
    foundBy: text('found_by').notNull(),
    createdAt: createdAt(),
    liftedAt: instant('lifted_at'),
    liftedBy: text('lifted_by'),
    liftReason: text('lift_reason'),
  },
  (t) => [index('bans_id_number_idx').on(t.idNumber)],
);

export const certificates = pgTable(
  'certificates',
  {
    number: text('number').primaryKey(),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => applications.id),
    idNumber: text('id_number').notNull(),
    name: text('name').notNull(),
    year: integer('year').notNull(),
    level: text('level').notNull(),
    specialty: text('specialty').notNull(),
    issuedAt: instant('issued_at').notNull(),
    revokedAt: instant('revoked_at'),
    revokeReason: text('revoke_reason'),
    /**
     * The short code printed under the certificate's QR code (三(四)): random, so not derivable
     * from the number; 48 bits of a v4 UUID's random bytes in hex. Made by the database so
     * certificates issued before this column got one too.
     */
    verificationCode: text('verification_code').notNull().default(sql`upper(encode(substr(uuid_send(gen_random_uuid()), 11, 6), 'hex'))`),
  },
  (t) => [
    uniqueIndex('certificates_application_idx').on(t.applicationId),
    uniqueIndex('certificates_verification_code_idx').on(t.verificationCode),
  ],
);

/**
 * The last certificate number handed out in each plan. The statement that issues certificates
 * adds to it (INSERT … ON CONFLICT DO UPDATE locks the row), so concurrent issues in one plan
 * wait for each other and each number is used once, in order of issue.
 */
export const certificateSequences = pgTable('certificate_sequences', {
  planId: uuid('plan_id')
    .primaryKey()
    .references(() => plans.id),
  last: integer('last').notNull(),
});
