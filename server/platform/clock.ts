/**
 * Where "now" comes from for work whose timing is business logic (reminders, escalation,
 * delegation dates). Production uses the system clock; tests set and advance a manual one.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that moves only when told to. */
export class ManualClock implements Clock {
  private current: number;

  constructor(start: Date | string) {
    this.current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  set(at: Date | string): void {
    this.current = new Date(at).getTime();
  }

  advanceHours(hours: number): void {
    this.current += hours * 3_600_000;
  }

  advanceMinutes(minutes: number): void {
    this.current += minutes * 60_000;
  }
}
