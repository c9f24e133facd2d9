import { stateNames2021 } from '../application';
import type { stateNames2022 } from '../application-2022';
import { type Migration, sameNames } from './types';

type From = (typeof stateNames2022)[number];
type To = (typeof stateNames2021)[number];

const noSupplements = { blocked: 'the 2021 notice has no supplementary materials step: answer the request first' };

/** Back to the 2021 notice, for an application moved too early: only where 2021 has the same state. */
export const migration2022to2021: Migration<From, To> = {
  from: 2,
  to: 1,
  states: {
    ...sameNames(stateNames2021),
    'supplementRequested.byUnit': noSupplements,
    'supplementRequested.byBureau': noSupplements,
  },
  // A draft sent back while a request was open would carry it into a version that cannot answer it.
  refuseContext: (context) => (context.supplement ? 'a supplementary-materials request is open' : null),
};
