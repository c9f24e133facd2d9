import type { ApplicationMachine } from '../../machines/notice';
import { machineInventory, stateIdsOf } from './graph';
import { type Oracle, pairKey } from './oracle';

/** What the suite exercised through the API, against the machine definition and the SPEC table. */
export class Coverage {
  readonly inventory: { states: string[]; transitions: string[] };
  readonly states = new Set<string>();
  readonly transitions = new Set<string>();
  /** SPEC (state, event) pairs the API took and answered as the table says. */
  readonly specPairs = new Set<string>();
  /** SPEC states in which every event and every role was probed. */
  readonly probedStates = new Set<string>();
  /** (state, event) pairs the SPEC table does not list, each refused by the API. */
  readonly illegalPairs = new Set<string>();
  forbiddenChecks = 0;
  /** Legal events sent so that their refusal check had to turn them down. */
  refusalChecks = 0;
  paths = 0;

  constructor(
    machine: ApplicationMachine,
    readonly oracle: Oracle,
  ) {
    this.inventory = machineInventory(machine);
  }

  /** Call only once the API has reported this state. */
  reached(apiState: string): void {
    for (const id of stateIdsOf(apiState)) this.states.add(id);
  }

  /** Call only once the API has accepted the event and reported the expected state. */
  took(transitionKey: string): void {
    this.transitions.add(transitionKey);
  }

  /** Call only once the API has taken `type` from `apiState` to the SPEC's target. */
  walked(apiState: string, type: string): void {
    this.specPairs.add(pairKey(apiState, type));
  }

  missingStates = () => this.inventory.states.filter((s) => !this.states.has(s));
  missingTransitions = () => this.inventory.transitions.filter((t) => !this.transitions.has(t));
  missingSpecPairs = () => this.oracle.pairs().filter((p) => !this.specPairs.has(p));
  unprobedStates = () => this.oracle.spec.states.filter((s) => !this.probedStates.has(s));

  summary(): string {
    const { states, transitions } = this.inventory;
    const spec = this.oracle.pairs();
    const specStates = this.oracle.spec.states;
    return [
      `model coverage, definition version ${this.oracle.spec.version}: ${this.paths} paths driven through the API`,
      `  states      ${states.length - this.missingStates().length}/${states.length}`,
      `  transitions ${transitions.length - this.missingTransitions().length}/${transitions.length}`,
      `  SPEC (state, event) pairs walked ${spec.length - this.missingSpecPairs().length}/${spec.length}`,
      `  SPEC states probed ${specStates.length - this.unprobedStates().length}/${specStates.length}`,
      `  illegal (state, event) pairs refused: ${this.illegalPairs.size}`,
      `  wrong-role sends refused with 403: ${this.forbiddenChecks}`,
      `  legal events refused with a SPEC code: ${this.refusalChecks}`,
      ...this.missingStates().map((s) => `  NOT REACHED: ${s}`),
      ...this.missingTransitions().map((t) => `  NOT TAKEN: ${t}`),
      ...this.missingSpecPairs().map((p) => `  SPEC PAIR NOT WALKED: ${p}`),
      ...this.unprobedStates().map((s) => `  SPEC STATE NOT PROBED: ${s}`),
    ].join('\n');
  }
}
