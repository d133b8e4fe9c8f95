import { Injectable } from '@nestjs/common';

/**
 * The one source of "now". In the training sandbox the clock can be moved forward so that
 * officers can rehearse a case from report to closure; tests move it the same way.
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

  reset(): void {
    this.offsetMs = 0;
  }
}
