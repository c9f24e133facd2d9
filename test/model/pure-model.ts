import { initialTransition, transition } from 'xstate';
import { applicationMachine, refusals2021 } from '../../machines/application';
import type { ApplicationInput } from '../../machines/context';
import type { MachineEvent } from '../../machines/events';
import { type EventType, eventSenders, type Role } from '../../machines/events';
import { shanghaiDate, shanghaiMidnight } from '../../machines/rules/dates';
import { publicityEndsOn } from '../../machines/rules/working-days';
import { createCalendar } from '../../src/calendar/holidays';
import { acceptedTypes, inPublicity, openObjectionsOf, type Snapshot, stateName } from './graph';

// The pure side of the differential test: the machine, its refusal checks and the facts the
// service adds to an event, with no database. What it predicts the API must answer.

/** The package calendar: the test database loads no year of its own. */
const calendar = createCalendar(new Map());

export class PureModel {
  snapshot: Snapshot;
  /** Applied events, timers included: the API's version. */
  version = 0;

  constructor(
    input: ApplicationInput,
    public now: Date,
  ) {
    [this.snapshot] = initialTransition(applicationMachine, input);
    this.lastChange = now;
  }

  get state(): string {
    return stateName(this.snapshot);
  }

  get openObjections(): number {
    return openObjectionsOf(this.snapshot);
  }

  /** 'OK' or the problem code the API must answer, in the service's check order; applies the event on 'OK'. */
  send(type: EventType, role: Role, payload: Record<string, unknown>): string {
    if (!eventSenders[type].includes(role)) return 'FORBIDDEN';
    if (!acceptedTypes(this.snapshot).includes(type)) return type === 'UPDATE_DRAFT' ? 'MATERIALS_FROZEN' : 'ILLEGAL_TRANSITION';
    return this.apply({ type, ...payload, ...this.serviceFacts(type, payload), at: this.now.toISOString() } as MachineEvent);
  }

  /**
   * Moves the clock; the durable timers fire as the service's do, at the moment each fell due (or
   * the last change, if later): a publicity that has elapsed with no open objection ends, a fee or
   * paper deadline that has passed closes the application (issue 24).
   */
  advance(to: Date): number {
    this.now = to;
    let fired = 0;
    for (let due = this.dueTimer(to); due; due = this.dueTimer(to)) {
      const at = new Date(Math.max(Date.parse(due.dueAt), this.lastChange.getTime())).toISOString();
      const code = this.apply({ type: due.type, fee: this.snapshot.context.plan.fee, at } as MachineEvent);
      if (code !== 'OK') throw new Error(`the model's timer was refused: ${code}`);
      fired += 1;
    }
    return fired;
  }

  private dueTimer(to: Date): { type: 'PUBLICITY_ENDED' | 'DEADLINE_PASSED'; dueAt: string } | null {
    const { publicity, deadline } = this.snapshot.context;
    if (inPublicity(this.snapshot) && this.openObjections === 0 && publicity && to >= new Date(publicity.endsAt))
      return { type: 'PUBLICITY_ENDED', dueAt: publicity.endsAt };
    if (deadline && to >= new Date(deadline.dueAt)) return { type: 'DEADLINE_PASSED', dueAt: deadline.dueAt };
    return null;
  }

  /** When the last event was applied: a timer that fell due before it fires at that moment. */
  private lastChange: Date;

  private apply(event: MachineEvent): string {
    const refusal = refusals2021.refusalOf(this.snapshot.context, event);
    if (refusal) return refusal.code;
    const [next] = transition(applicationMachine, this.snapshot, event);
    this.snapshot = next;
    this.version += 1;
    this.lastChange = new Date(event.at);
    return 'OK';
  }

  private serviceFacts(type: EventType, payload: Record<string, unknown>): Record<string, unknown> {
    const today = shanghaiDate(this.now.toISOString());
    switch (type) {
      // Every run uses an ID number never seen before, so nobody is banned.
      case 'SUBMIT':
        return {
          activeBans: [],
          planWindow: { opensAt: this.snapshot.context.plan.opensAt, closesAt: this.snapshot.context.plan.closesAt },
        };
      // The model uploads nothing: a draft may list only what it listed before.
      case 'UPDATE_DRAFT':
        return { uploaded: [] };
      // The API draws its own code; the walk reads each side's from its own context.
      case 'AUDIT_APPROVE':
        return { reviewFormCode: 'MODEL123' };
      case 'START_UNIT_PUBLICITY':
        return { endsOn: publicityEndsOn(payload.startDate as string, calendar) };
      case 'PAPER_RECEIVED':
      case 'REVIEW_PASS':
        return { publicityEndsAt: shanghaiMidnight(publicityEndsOn(today, calendar)) };
      default:
        return {};
    }
  }
}
