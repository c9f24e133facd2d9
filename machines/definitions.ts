import { applicationMachine, refusals2021, rules2021 } from './application';
import { applicationMachine2022, refusals2022, rules2022 } from './application-2022';
import type { ApplicationMachine } from './notice';
import type { Refusals } from './refusals';
import type { Rule } from './rules/rule';

// Every released definition, by version. A released version is never edited: applications
// keep running on the version they started on until an admin migrates them (README,
// "Changing the workflow"). A plan runs version 1, the 2021 notice, unless it names another.

export type Definition = {
  version: number;
  /** The notice it implements. */
  notice: string;
  /** What it is: the notice itself, or a worked example of a changed one. */
  kind: 'notice' | 'example';
  description: string;
  machine: ApplicationMachine;
  rules: readonly Rule[];
  refusals: Refusals;
  /** 二(二): the junior self-assessed score SUBMIT requires, printed on the review form beside the score. */
  juniorMinimumScore: number;
};

const minimumScoreOf = (rules: readonly Rule[]) => rules.find((r) => r.id === 'junior-score')?.params?.minimumScore ?? 0;

export const definitions: readonly Definition[] = [
  {
    version: 1,
    notice: '2021',
    kind: 'notice',
    description: 'The 2021 Cixi engineering-series notice (慈溪市2021年度工程系列中初级职称评审); the default of every plan.',
    machine: applicationMachine,
    rules: rules2021,
    refusals: refusals2021,
    juniorMinimumScore: minimumScoreOf(rules2021),
  },
  {
    version: 2,
    notice: '2022',
    kind: 'example',
    description:
      'A worked example of a changed notice, not a real one: reviewers may ask for supplementary materials and the junior score needs 100 points. Never a default.',
    machine: applicationMachine2022,
    rules: rules2022,
    refusals: refusals2022,
    juniorMinimumScore: minimumScoreOf(rules2022),
  },
];

export const definitionVersions = definitions.map((d) => d.version);
/** What a plan that names no definition runs: the notice's own. */
export const defaultVersion = 1;

export function definitionOf(version: number): Definition {
  const definition = definitions.find((d) => d.version === version);
  if (!definition) throw new RangeError(`no definition version ${version}`);
  return definition;
}
