/** The service's only source of time; machines/ never reads a clock (SPEC §6). */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** CLOCK=manual: stands still until set. The database keeps what was set (src/store/manual-clock.ts). */
export class ManualClock implements Clock {
  /** The stored setting this clock holds; 0 for none (a test's own `set`). */
  revision = 0;
  constructor(private current: Date) {}
  now(): Date {
    return new Date(this.current);
  }
  set(to: Date, revision = this.revision): void {
    this.current = new Date(to);
    this.revision = revision;
  }
}
