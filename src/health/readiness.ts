import { Injectable } from '@nestjs/common';

/** Ready once the first-run set-up is done; not ready again from the moment the service stops. */
@Injectable()
export class Readiness {
  ready = false;
}
