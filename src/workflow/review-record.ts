import { z } from 'zod';
import { lastDayBefore, shanghaiDate, shanghaiMidnight } from '../../machines/rules/dates';
import type { ReviewFormInput } from '../documents/review-form-input';
import type { HistoryEntry } from '../store/applications';

// What the steps before the review form recorded, read back from the history (the context
// keeps only the last remark): the unit's publicity and opinion (三(一)2), the municipal
// audit (三(二)) and the receipt of the paper copies. A return to the applicant starts the
// unit's review over, so only what followed the last return counts.

const payloads = {
  START_UNIT_PUBLICITY: z.object({ startDate: z.iso.date(), endsOn: z.iso.date() }),
  UNIT_APPROVE: z.object({ publicityResult: z.enum(['noObjection', 'objectionsResolved']), opinion: z.string() }),
  AUDIT_APPROVE: z.object({ opinion: z.string().optional() }),
  PAPER_RECEIVED: z.object({ copies: z.number() }),
};

export type ReviewRecord = Pick<ReviewFormInput, 'unitReview' | 'audit' | 'paperReceipt'>;

export function reviewRecord(history: readonly Pick<HistoryEntry, 'type' | 'at' | 'payload'>[]): ReviewRecord {
  const record: ReviewRecord = { unitReview: { publicity: null, approval: null }, audit: null, paperReceipt: null };
  for (const { type, at, payload } of history) {
    const on = shanghaiDate(at.toISOString());
    switch (type) {
      case 'RETURN_TO_APPLICANT':
        record.unitReview = { publicity: null, approval: null };
        break;
      case 'START_UNIT_PUBLICITY': {
        const p = payloads.START_UNIT_PUBLICITY.parse(payload);
        // endsOn is the first day after the publicity, which ends at its 00:00.
        record.unitReview.publicity = { start: p.startDate, end: lastDayBefore(shanghaiMidnight(p.endsOn)) };
        break;
      }
      case 'UNIT_APPROVE':
        record.unitReview.approval = { on, ...payloads.UNIT_APPROVE.parse(payload) };
        break;
      case 'AUDIT_APPROVE':
        record.audit = { on, opinion: payloads.AUDIT_APPROVE.parse(payload).opinion ?? null };
        break;
      case 'PAPER_RECEIVED':
        record.paperReceipt = { on, copies: payloads.PAPER_RECEIVED.parse(payload).copies };
        break;
    }
  }
  return record;
}
