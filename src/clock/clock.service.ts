import { Injectable } from '@nestjs/common';

/**
 * The one source of "now". In the training sandbox the clock can be moved forward so that
 * officers can rehearse a case from report to closure (the move is kept in PostgreSQL by the
 * training controller and restored at start); tests move it the same way.
 */
@Injectable()
export class ClockService {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** Moves the clock so that now() reads `to`; time then runs on from there. */
  travelTo(to: Date): void {
    this.offsetMs = to.getTime() - Date.now();
  }

  /** How far ahead of real time the clock reads, in milliseconds. */
  get offset(): number {
    return this.offsetMs;
  }

  /** Puts back an offset kept from before a restart. */
  restore(offsetMs: number): void {
    this.offsetMs = offsetMs;
  }

  reset(): void {
    this.offsetMs = 0;
  }
}
