import type { Facts, Material, PlanInput } from '../../machines/facts';

// What a review form is made from, gathered by the workflow from the application as stored:
// its facts and materials frozen since SUBMIT, the plan, and what each step of the review
// recorded so far (三(一)2 the unit, 三(二) the municipal audit).

/** An uploaded file as the form lists it; `size` in bytes. */
export type UploadedMaterial = Pick<Material, 'kind' | 'name' | 'sha256'> & { size: number };

/** The unit's review: its in-unit publicity (at least 5 working days) and the opinion it entered with the result. */
interface UnitReview {
  /** First and last day of the in-unit publicity, YYYY-MM-DD. */
  publicity: { start: string; end: string } | null;
  approval: { on: string; publicityResult: 'noObjection' | 'objectionsResolved'; opinion: string } | null;
}

export interface ReviewFormInput {
  /** Printed on the form and in the watermark; `PAPER_RECEIVED` checks the copies against it. */
  verificationCode: string;
  /** Whose watermark the form carries, e.g. 慈溪市职称评审平台. */
  platformName: string;
  /** The applicant's full ID number: the form goes to the unit and the committee only. Sex and birth date are read from it. */
  idNumber: string;
  /** The unit's registered name. */
  unitName: string;
  plan: Pick<PlanInput, 'year' | 'level' | 'specialty' | 'scoringItems'>;
  facts: Facts;
  materials: readonly UploadedMaterial[];
  /** Junior plans (二(二)): the points each achievement counts for at submission, and the score the rules require. */
  selfAssessment: { points: readonly number[]; minimum: number } | null;
  unitReview: UnitReview;
  /** The municipal audit's approval (三(二)); the opinion is optional. */
  audit: { on: string; opinion: string | null } | null;
  /** The committee office's receipt of the stamped, watermarked paper copies (三(二)), once recorded. */
  paperReceipt: { on: string; copies: number } | null;
  /** The moment of printing (the service clock): the print date, and the PDF's CreationDate. */
  printedAt: Date;
}
