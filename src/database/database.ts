import type { TypeOrmModuleOptions } from '@nestjs/typeorm';
import pg from 'pg';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { AuditEntry } from '../audit/audit-entry.entity.js';
import { ApiKey } from '../auth/api-key.entity.js';
import { CaseEvent } from '../cases/case-event.entity.js';
import { CaseShare } from '../cases/case-share.entity.js';
import { Case } from '../cases/case.entity.js';
import { Incident } from '../cases/incident.entity.js';
import { Victim } from '../cases/victim.entity.js';
import { Officer } from '../partnership/officer.entity.js';
import { Organisation } from '../partnership/organisation.entity.js';
import { RiskAssessment } from '../risk/risk-assessment.entity.js';
import { Foundation1764000000000 } from './migrations/1764000000000-foundation.js';
import { ContactsAndChannels1764100000000 } from './migrations/1764100000000-contacts-and-channels.js';
import { AgreementsAndDispatch1764200000000 } from './migrations/1764200000000-agreements-and-dispatch.js';
import { VictimJourney1764300000000 } from './migrations/1764300000000-victim-journey.js';
import { ContactAgreement } from '../agreements/contact-agreement.entity.js';
import { ContactEvent } from '../contacts/contact-event.entity.js';
import { Contact } from '../contacts/contact.entity.js';
import { LetterForPrint, PrintBatchRecord } from '../channels/letter/print.entities.js';
import { OfficerTask, TaskAttempt } from '../tasks/officer-task.entity.js';
import { Survey } from '../surveys/survey.entity.js';
import { Surveys1764310000000 } from './migrations/1764310000000-surveys.js';
import { ActionPlan, EvidenceItem, EvidenceReview } from '../case-journey/case-journey.entities.js';
import { CourtHearing, CourtProceedings } from '../court/proceedings.entity.js';
import { SpecialMeasuresApplication } from '../court/special-measures.entity.js';
import { WitnessServiceReferral } from '../court/witness-service-referral.entity.js';
import { CourtSupport1764320000000 } from './migrations/1764320000000-court-support.js';
import { DataRights1764330000000 } from './migrations/1764330000000-data-rights.js';
import { Bulletin, BulletinDelivery } from '../community/bulletins/bulletin.entity.js';
import { Neighbourhood } from '../community/neighbourhoods/neighbourhood.entity.js';
import { NeighbourhoodSubscription, Subscriber } from '../community/subscribers/subscriber.entity.js';
import { Community1764400000000 } from './migrations/1764400000000-community.js';
import { Subscribers1764410000000 } from './migrations/1764410000000-subscribers.js';
import { ContactProblems1764510000000 } from './migrations/1764510000000-contact-problems.js';
import { VictimJourneyFieldReports1764540000000 } from './migrations/1764540000000-victim-journey-field-reports.js';
import { ContactPipeline1764630000000 } from './migrations/1764630000000-contact-pipeline.js';
import { DashboardIndexes1764700000000 } from './migrations/1764700000000-dashboard-indexes.js';
import { CaseReopening } from '../cases/case-reopening.entity.js';
import { CaseReview } from '../case-review/case-review.entity.js';
import { NamesAndDiscretion1764530000000 } from './migrations/1764530000000-names-and-discretion.js';
import { IdempotencyFingerprint1764500000000 } from './migrations/1764500000000-idempotency-fingerprint.js';
import { AccessControl1764515000000 } from './migrations/1764515000000-access-control.js';
import { AgreementFirst1764520000000 } from './migrations/1764520000000-agreement-first.js';
import { EarlyDeliveryReports1764535000000 } from './migrations/1764535000000-early-delivery-reports.js';
import { RequestCounters1764605000000 } from './migrations/1764605000000-request-counters.js';
import { Console1764610000000 } from './migrations/1764610000000-console.js';
import { PrintRoom1764710000000 } from './migrations/1764710000000-print-room.js';
import { BulletinRules1764730000000 } from './migrations/1764730000000-bulletin-rules.js';
import { WitnessServiceContact1764740000000 } from './migrations/1764740000000-witness-service-contact.js';
import { CommsConsole1764720000000 } from './migrations/1764720000000-comms-console.js';
import { ping, releaseMigrationLock, takeMigrationLock } from './database.repository.js';
import { SnakeNamingStrategy } from './snake-naming.strategy.js';

export const ENTITIES = [
  Organisation, Officer, ApiKey, Victim, Case, CaseShare, Incident, RiskAssessment, CaseEvent, AuditEntry,
  Contact, ContactEvent, LetterForPrint, PrintBatchRecord, OfficerTask, TaskAttempt, ContactAgreement,
  ActionPlan, EvidenceItem, EvidenceReview,
  Neighbourhood, Subscriber, NeighbourhoodSubscription, Bulletin, BulletinDelivery, Survey,
  CourtProceedings, CourtHearing, SpecialMeasuresApplication, WitnessServiceReferral,
  CaseReopening, CaseReview,
];
export const MIGRATIONS = [
  Foundation1764000000000, ContactsAndChannels1764100000000, AgreementsAndDispatch1764200000000, VictimJourney1764300000000,
  Surveys1764310000000, CourtSupport1764320000000, DataRights1764330000000, Community1764400000000, Subscribers1764410000000,
  IdempotencyFingerprint1764500000000, ContactProblems1764510000000, AccessControl1764515000000, AgreementFirst1764520000000, NamesAndDiscretion1764530000000, EarlyDeliveryReports1764535000000, VictimJourneyFieldReports1764540000000,
  RequestCounters1764605000000, Console1764610000000, ContactPipeline1764630000000,
  DashboardIndexes1764700000000,
  PrintRoom1764710000000,
  CommsConsole1764720000000,
  BulletinRules1764730000000,
  WitnessServiceContact1764740000000,
];

/** Schema changes only by migrations, run at start-up; never `synchronize`. */
export function typeOrmOptions(url: string): TypeOrmModuleOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsRun: false, // run by openDatabase, under a lock
    synchronize: false,
    namingStrategy: new SnakeNamingStrategy(),
    retryAttempts: 1,
    logging: false,
    extra: { max: 20, connectionTimeoutMillis: 5000, application_name: 'asb-contact-orchestrator' },
  };
}

/**
 * Connects and brings the schema up to date. Instances starting together take turns: the
 * advisory lock makes the second wait until the first has migrated, then find nothing to do.
 */
export async function openDatabase(options: DataSourceOptions): Promise<DataSource> {
  const dataSource = await new DataSource(options).initialize();
  const lock = dataSource.createQueryRunner();
  try {
    await takeMigrationLock(lock);
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await releaseMigrationLock(lock).catch(() => undefined);
    await lock.release();
  }
  return dataSource;
}

/** Fails fast, with the reason, when the configured database cannot be reached. */
export async function checkDatabaseReachable(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await ping(client);
  } catch (error) {
    const where = safeLocation(url);
    throw new Error(`Cannot reach the database at ${where} (${errorCode(error)}); check DATABASE_URL and that PostgreSQL is running`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** host:port/database, never the password. */
export function safeLocation(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
  } catch {
    return 'the configured address';
  }
}

/** ECONNREFUSED rather than a stack: node reports a refused dual-stack connect as an AggregateError. */
function errorCode(error: unknown): string {
  const first = error instanceof AggregateError ? error.errors[0] : error;
  const code = (first as NodeJS.ErrnoException | undefined)?.code;
  return code ?? (first instanceof Error ? first.message : String(first));
}
