import { integer, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { applications } from './applications';
import { bytea, instant } from './columns';

/**
 * Uploaded files, content-addressed (五(一)): one row per distinct content, however many
 * applications list it, so a backup of the database is a backup of the files.
 */
export const blobs = pgTable('blobs', {
  sha256: text('sha256').primaryKey(),
  size: integer('size').notNull(),
  /** Judged from the content's first bytes, never from the name or the client's header. */
  mimeType: text('mime_type').notNull(),
  /** The rows of `blob_chunks` holding the bytes. */
  chunkSet: uuid('chunk_set').notNull().unique(),
  createdAt: instant('created_at').notNull(),
});

/** A file's bytes in fixed-size pieces, written and read one at a time so no file is held whole in memory. */
export const blobChunks = pgTable(
  'blob_chunks',
  {
    chunkSet: uuid('chunk_set').notNull(),
    seq: integer('seq').notNull(),
    data: bytea('data').notNull(),
    createdAt: instant('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.chunkSet, t.seq] })],
);

/**
 * Files an applicant uploaded while a supplement was requested (definition version 2): an
 * upload alone changes nothing; `SUPPLEMENT_PROVIDED` then names those uploaded since the request.
 */
export const supplementUploads = pgTable(
  'supplement_uploads',
  {
    applicationId: uuid('application_id')
      .notNull()
      .references(() => applications.id),
    sha256: text('sha256')
      .notNull()
      .references(() => blobs.sha256),
    /** The latest upload of this content to this application. */
    uploadedAt: instant('uploaded_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.applicationId, t.sha256] })],
);
