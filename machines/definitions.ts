import { type ApplicationMachine, applicationMachine } from './application';
import { applicationMachine2022, MIN_JUNIOR_SCORE_2022, refusals2022 } from './application-2022';
import { type Refusals, refusalsFor } from './refusals';
import { rules } from './rules/eligibility';
import { MIN_JUNIOR_SCORE } from './rules/level-rules';

// Every released definition, by version. A released version is never edited: applications
// keep running on the version they started on until an admin migrates them (README,
// "Changing the workflow"). New applications start on the latest, or on the one their plan names.

export type Definition = {
  version: number;
  /** The notice it implements. */
  notice: string;
  machine: ApplicationMachine;
  refusals: Refusals;
  /** 二(二): the junior self-assessed score SUBMIT requires, printed on the review form beside the score. */
  juniorMinimumScore: number;
};

export const definitions: readonly Definition[] = [
  { version: 1, notice: '2021', machine: applicationMachine, refusals: refusalsFor(rules), juniorMinimumScore: MIN_JUNIOR_SCORE },
  // Typed as the 2021 machine, of which it is a superset: its extra states are plain data to
  // the service (`stateName`), and the oracle tests check its structure.
  {
    version: 2,
    notice: '2022',
    machine: applicationMachine2022 as unknown as ApplicationMachine,
    refusals: refusals2022,
    juniorMinimumScore: MIN_JUNIOR_SCORE_2022,
  },
];

export const definitionVersions = definitions.map((d) => d.version);
export const latestVersion = Math.max(...definitionVersions);

export function definitionOf(version: number): Definition {
  const definition = definitions.find((d) => d.version === version);
  if (!definition) throw new RangeError(`no definition version ${version}`);
  return definition;
}
