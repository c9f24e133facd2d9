import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { blobChunks, blobs } from '../db/schema';
import { col, compile, instantParam, param, run } from './exec';

// The content store: files by sha256, their bytes in chunks. A file is written chunk by
// chunk under a fresh chunk set, then named by its hash in one statement; content that is
// already stored keeps its first copy and the new chunks are dropped in that statement.

export type Blob = { sha256: string; size: number; mimeType: string; chunkSet: string };

export async function insertChunk(db: Db, chunkSet: string, seq: number, data: Uint8Array, at: Date): Promise<void> {
  await db.insert(blobChunks).values({ chunkSet, seq, data, createdAt: at });
}

/** Chunks of an upload that was refused or broke off. */
export async function discardChunks(db: Db, chunkSet: string): Promise<void> {
  await db.delete(blobChunks).where(eq(blobChunks.chunkSet, chunkSet));
}

const finishQuery = compile(sql`
  with added as (
    insert into ${blobs} (${col(blobs.sha256)}, ${col(blobs.size)}, ${col(blobs.mimeType)}, ${col(blobs.chunkSet)}, ${col(blobs.createdAt)})
    values (${param('sha256')}, ${param('size')}, ${param('mimeType')}, ${param('chunkSet')}::uuid, ${instantParam('at')})
    on conflict (${col(blobs.sha256)}) do nothing
    returning ${col(blobs.sha256)}),
  dropped as (
    delete from ${blobChunks} where ${col(blobChunks.chunkSet)} = ${param('chunkSet')}::uuid and not exists (select 1 from added))
  select exists (select 1 from added) as "created"`);

/** Names the written chunks by their content's hash; false when that content was already stored (and the chunks are gone). */
export async function finishBlob(db: Db, blob: Blob, at: Date): Promise<boolean> {
  const [row] = await run<{ created: boolean }>(db, finishQuery, { ...blob, at: at.toISOString() });
  return row?.created === true;
}

export async function blobsOf(db: Db, sha256s: readonly string[]): Promise<Map<string, Blob>> {
  if (sha256s.length === 0) return new Map();
  const rows = await db
    .select({ sha256: blobs.sha256, size: blobs.size, mimeType: blobs.mimeType, chunkSet: blobs.chunkSet })
    .from(blobs)
    .where(inArray(blobs.sha256, [...sha256s]));
  return new Map(rows.map((r) => [r.sha256, r]));
}

/** One chunk's bytes, or undefined past the last. */
export async function chunkOf(db: Db, chunkSet: string, seq: number): Promise<Uint8Array | undefined> {
  const [row] = await db
    .select({ data: blobChunks.data })
    .from(blobChunks)
    .where(and(eq(blobChunks.chunkSet, chunkSet), eq(blobChunks.seq, seq)));
  return row?.data;
}
