import type { EntityManager } from 'typeorm';
import type { Caller } from '../auth/access.js';
import type { CreateCaseDto } from './case.dto.js';
import type { Case } from './case.entity.js';

/**
 * A case has been opened. Emitted by CaseIntakeService.create inside the new case's transaction
 * (`db`) and awaited: the contact agreement is recorded with it
 * (src/agreements/agreements.service.ts), and a listener's throw means no case.
 */
export class CaseOpened {
  static readonly event = 'case.opened';
  constructor(
    readonly opened: Case,
    readonly dto: CreateCaseDto,
    readonly caller: Caller,
    readonly db: EntityManager,
  ) {}
}
