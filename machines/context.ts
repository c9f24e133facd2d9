import { z } from 'zod';
import { Facts, Material, PlanInput } from './facts';
import { RuleResult } from './rules/rule';
import { hrVerifiedFacts, unitVerifiedFacts } from './rules/verification';

const verifiableFacts = [...unitVerifiedFacts, ...hrVerifiedFacts] as const;

// The application's context, defined once: the machine's types are inferred from these
// schemas, and the API's response schemas import them.

/** An instant the machine recorded: ISO 8601 in UTC, as the service clock writes it. */
const Instant = z.iso.datetime();
const isoDate = z.iso.date();

/** A plan as the machine sees it: copied into the application when it is created. */
export const Plan = PlanInput.extend({ id: z.uuid(), fee: z.number() });
export type Plan = z.infer<typeof Plan>;

export const Objection = z.object({
  text: z.string(),
  raisedAt: Instant,
  resolution: z.string().nullable(),
  resolvedAt: Instant.nullable(),
});
export type Objection = z.infer<typeof Objection>;

export const ApplicationContext = z.object({
  applicationId: z.string(),
  idNumber: z.string(),
  unitId: z.string(),
  plan: Plan,
  facts: Facts,
  materials: z.array(Material),
  submittedAt: Instant.nullable(),
  warnings: z.array(RuleResult),
  unitPublicity: z.object({ startDate: isoDate, endsOn: isoDate }).nullable(),
  /** The platform publicity in progress (qualification or result, 三(三)); its list shows the period from `startedAt`. */
  publicity: z.object({ startedAt: Instant, endsAt: Instant, objections: z.array(Objection) }).nullable(),
  /** The review form exported from paperSubmission on (三(二)): the code its paper copies must carry. */
  reviewForm: z.object({ verificationCode: z.string(), issuedAt: Instant }).nullable(),
  /** When a falsification finding returned the materials (五(四)). */
  materialsReturnedAt: Instant.nullable(),
  interview: z.object({ time: z.string(), place: z.string() }).nullable(),
  /** The last return to the applicant, and the last day a resubmission is accepted after it. */
  returned: z.object({ at: Instant, resubmitBy: isoDate }).nullable(),
  /** Facts from records that a reviewer has checked, with their note (SPEC §9). */
  verifications: z.partialRecord(z.enum(verifiableFacts), z.object({ at: Instant, note: z.string() })),
  /** Definition version 2 on: the supplementary materials a reviewer has asked for and not yet received. */
  supplement: z
    .object({ requestedBy: z.enum(['unit', 'hr']), items: z.array(z.string()), requestedAt: Instant })
    .nullable()
    .optional(),
  /**
   * Issue 24: the fee (feePayment) or paper-copies (paperSubmission) deadline in force; past it the
   * service's timer closes the application as abandoned. Absent in applications from before deadlines.
   */
  deadline: z
    .object({ kind: z.enum(['fee', 'paper']), dueAt: Instant })
    .nullable()
    .optional(),
  /** Last reason, opinion or finding recorded by a reviewer. */
  remark: z.string().nullable(),
});
export type ApplicationContext = z.infer<typeof ApplicationContext>;

export type ApplicationInput = Pick<ApplicationContext, 'applicationId' | 'idNumber' | 'unitId' | 'plan' | 'facts' | 'materials'>;
