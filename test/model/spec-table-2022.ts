import type { EventType } from '../../machines/events';
import { type SpecTransition, specStates, specTransitions } from './spec-table';

// The oracle for definition version 2, "the 2022 notice" (README, "Changing the workflow"):
// the 2021 table plus the supplementary-materials step, copied by hand from that description.
// Nothing here is computed from the machine.

export const specStates2022 = [...specStates, 'supplementRequested.byUnit', 'supplementRequested.byBureau'] as const;
export type SpecState2022 = (typeof specStates2022)[number];

const falsifiable = { FLAG_FALSIFIED: { to: 'falsified', refusals: [] } } as const;

export const specTransitions2022: Record<SpecState2022, Partial<Record<EventType, SpecTransition<SpecState2022>>>> = {
  ...specTransitions,
  // The unit asks before it starts its publicity…
  submitted: { ...specTransitions.submitted, UNIT_REQUEST_SUPPLEMENT: { to: 'supplementRequested.byUnit', refusals: [] } },
  // …the bureau before it approves its audit.
  municipalAudit: { ...specTransitions.municipalAudit, HR_REQUEST_SUPPLEMENT: { to: 'supplementRequested.byBureau', refusals: [] } },
  // The applicant answers and the application returns to where it was; it may still withdraw
  // while only its unit has it, and a falsification finding may come at any time.
  // The answer names one file per requested item, each uploaded since the request (issue 13:
  // naming another's file proves nothing; issue 25: an upload alone answers nothing, and a file
  // listed or uploaded before the request is no answer).
  'supplementRequested.byUnit': {
    SUPPLEMENT_PROVIDED: { to: 'submitted', refusals: ['SUPPLEMENT_ITEMS_MISMATCH', 'SUPPLEMENT_NOT_UPLOADED'] },
    WITHDRAW: { to: 'withdrawn', refusals: [] },
    ...falsifiable,
  },
  'supplementRequested.byBureau': {
    SUPPLEMENT_PROVIDED: { to: 'municipalAudit', refusals: ['SUPPLEMENT_ITEMS_MISMATCH', 'SUPPLEMENT_NOT_UPLOADED'] },
    ...falsifiable,
  },
};
