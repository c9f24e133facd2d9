import { createHash, randomUUID } from 'node:crypto';
import type { Clock } from '../clock';
import type { Db } from '../db/client';
import { SNIFF_BYTES, type SniffedType, sniffMimeType } from '../documents/sniff';
import { AppError } from '../errors';
import { type Blob, chunkOf, discardChunks, finishBlob, insertChunk } from '../store/blobs';

// An upload goes into the content store as it arrives: hashed incrementally, judged by its
// first bytes, written a chunk at a time. At most one chunk is held in memory.

const CHUNK_BYTES = 256 * 1024;
const ACCEPTED_TYPES: readonly SniffedType[] = ['application/pdf', 'image/jpeg', 'image/png'];

export type SizeLimit = { scope: 'file' | 'application'; bytes: number };
export type StoredFile = { sha256: string; size: number; mimeType: SniffedType };

/** Stores `content` unless it passes `limit` or is not a PDF, JPEG or PNG; a refused upload leaves nothing behind. */
export async function storeFile(db: Db, clock: Clock, content: AsyncIterable<Uint8Array>, limit: SizeLimit): Promise<StoredFile> {
  const chunkSet = randomUUID();
  const at = clock.now();
  const hash = createHash('sha256');
  let buffered = Buffer.alloc(0);
  let size = 0;
  let seq = 0;
  let mimeType: SniffedType | null = null;
  try {
    for await (const piece of content) {
      size += piece.length;
      if (size > limit.bytes) throw new AppError('FILE_TOO_LARGE', { limit: limit.scope, limitBytes: limit.bytes });
      hash.update(piece);
      buffered = Buffer.concat([buffered, piece]);
      if (mimeType === null && buffered.length >= SNIFF_BYTES) mimeType = acceptedType(buffered);
      while (buffered.length >= CHUNK_BYTES) {
        await insertChunk(db, chunkSet, seq++, buffered.subarray(0, CHUNK_BYTES), at);
        buffered = buffered.subarray(CHUNK_BYTES);
      }
    }
    const blob = { sha256: hash.digest('hex'), size, mimeType: mimeType ?? acceptedType(buffered), chunkSet };
    if (buffered.length > 0) await insertChunk(db, chunkSet, seq, buffered, at);
    await finishBlob(db, blob, at);
    return { sha256: blob.sha256, size, mimeType: blob.mimeType };
  } catch (err) {
    await discardChunks(db, chunkSet);
    throw err;
  }
}

function acceptedType(head: Uint8Array): SniffedType {
  const type = sniffMimeType(head);
  if (!type) throw new AppError('FILE_TYPE_NOT_ALLOWED', { accepted: [...ACCEPTED_TYPES] });
  return type;
}

/** A stored file's bytes, one chunk read per step, for a download to stream. */
export async function* fileContent(db: Db, blob: Pick<Blob, 'chunkSet'>): AsyncGenerator<Uint8Array> {
  for (let seq = 0; ; seq++) {
    const chunk = await chunkOf(db, blob.chunkSet, seq);
    if (!chunk) return;
    yield chunk;
  }
}
