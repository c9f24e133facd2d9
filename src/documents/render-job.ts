import { type CertificateInput, renderCertificate } from './certificate';
import type { PublicityList } from './publicity-list';
import { renderPublicityList } from './publicity-list-pdf';
import { renderReviewForm } from './review-form';
import type { ReviewFormInput } from './review-form-input';

/** A PDF to make: what the renderer thread is asked for. */
export type RenderJob =
  | { kind: 'reviewForm'; input: ReviewFormInput }
  | { kind: 'certificate'; input: CertificateInput }
  | { kind: 'publicityList'; input: PublicityList };

export function renderJob(job: RenderJob): Promise<Buffer> {
  switch (job.kind) {
    case 'reviewForm':
      return renderReviewForm(job.input);
    case 'certificate':
      return renderCertificate(job.input);
    case 'publicityList':
      return renderPublicityList(job.input);
  }
}
