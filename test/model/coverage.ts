import { machineInventory, stateIdsOf } from './graph';

/** What the suite exercised through the API, against what the machine definition holds. */
export class Coverage {
  readonly inventory = machineInventory();
  readonly states = new Set<string>();
  readonly transitions = new Set<string>();
  /** (state, event) pairs the machine has no transition for, each refused by the API. */
  readonly illegalPairs = new Set<string>();
  forbiddenChecks = 0;
  paths = 0;

  /** Call only once the API has reported this state. */
  reached(apiState: string): void {
    for (const id of stateIdsOf(apiState)) this.states.add(id);
  }

  /** Call only once the API has accepted the event and reported the expected state. */
  took(transitionKey: string): void {
    this.transitions.add(transitionKey);
  }

  missingStates = () => this.inventory.states.filter((s) => !this.states.has(s));
  missingTransitions = () => this.inventory.transitions.filter((t) => !this.transitions.has(t));

  summary(): string {
    const { states, transitions } = this.inventory;
    return [
      `model coverage: ${this.paths} paths driven through the API`,
      `  states      ${states.length - this.missingStates().length}/${states.length}`,
      `  transitions ${transitions.length - this.missingTransitions().length}/${transitions.length}`,
      `  illegal (state, event) pairs refused: ${this.illegalPairs.size}`,
      `  wrong-role sends refused with 403: ${this.forbiddenChecks}`,
      ...this.missingStates().map((s) => `  NOT REACHED: ${s}`),
      ...this.missingTransitions().map((t) => `  NOT TAKEN: ${t}`),
    ].join('\n');
  }
}
