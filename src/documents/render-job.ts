import { type CertificateInput, renderCertificate } from './certificate';
import { renderReviewForm } from './review-form';
import type { ReviewFormInput } from './review-form-input';

/** A PDF to make: what the renderer thread is asked for. */
export type RenderJob = { kind: 'reviewForm'; input: ReviewFormInput } | { kind: 'certificate'; input: CertificateInput };

export function renderJob(job: RenderJob): Promise<Buffer> {
  return job.kind === 'reviewForm' ? renderReviewForm(job.input) : renderCertificate(job.input);
}
