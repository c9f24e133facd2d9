import type { Material } from '../../machines/facts';
import type { Clock } from '../clock';
import type { Db } from '../db/client';
import { AppError } from '../errors';
import { blobsOf } from '../store/blobs';
import { recordSupplementUpload } from '../store/supplement-uploads';
import { applyTransition, type TransitionRequest, type TransitionResult } from './apply-transition';
import { visibleApplication } from './visible';

// A draft's materials list changes only through UPDATE_DRAFT, so every upload and removal
// is in the history. The list sent is built from the one read, under If-Match: a concurrent
// change means reading and building again, never overwriting the other change.

const MAX_ATTEMPTS = 8;

export type MaterialsEdit = Pick<TransitionRequest, 'applicationId' | 'actor' | 'requestId' | 'lang'> & {
  /** The new list from the current one. */
  edit: (current: readonly Material[]) => Material[];
  /** The file the request stored, which the list may now name. */
  uploaded?: string;
  /** All of the application's files together may not pass this. */
  maxApplicationBytes: number;
};

export async function editMaterials(db: Db, clock: Clock, change: MaterialsEdit): Promise<TransitionResult> {
  for (let attempt = 1; ; attempt++) {
    const row = await visibleApplication(db, change.applicationId, change.actor);
    const materials = change.edit(row.snapshot.context.materials);
    const limitBytes = change.maxApplicationBytes;
    if ((await materialsBytes(db, materials)) > limitBytes) throw new AppError('FILE_TOO_LARGE', { limit: 'application', limitBytes });
    try {
      return await applyTransition(db, clock, {
        applicationId: change.applicationId,
        body: { type: 'UPDATE_DRAFT', materials },
        actor: change.actor,
        ifMatch: row.version,
        requestId: change.requestId,
        lang: change.lang,
        uploaded: change.uploaded ? [change.uploaded] : [],
      });
    } catch (err) {
      if (err instanceof AppError && err.code === 'VERSION_CONFLICT' && attempt < MAX_ATTEMPTS) continue;
      throw err;
    }
  }
}

/** Keeps a file uploaded towards a requested supplement; the application itself is unchanged. */
export async function keepSupplementUpload(db: Db, clock: Clock, applicationId: string, sha256: string): Promise<void> {
  await recordSupplementUpload(db, applicationId, sha256, clock.now());
}

/** Bytes the listed files take, each distinct file once. */
export async function materialsBytes(db: Db, materials: readonly Pick<Material, 'sha256'>[]): Promise<number> {
  const stored = await blobsOf(db, [...new Set(materials.map((m) => m.sha256))]);
  return [...stored.values()].reduce((sum, b) => sum + b.size, 0);
}
