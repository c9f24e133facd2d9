import { stateNames2021 } from '../application';
import type { stateNames2022 } from '../application-2022';
import { type Migration, sameNames } from './types';

type From = (typeof stateNames2021)[number];
type To = (typeof stateNames2022)[number];

/** The 2022 notice only adds to the 2021 one: every state has its counterpart of the same name. */
export const migration2021to2022: Migration<From, To> = {
  from: 1,
  to: 2,
  states: sameNames(stateNames2021),
  refuseContext: () => null,
};
