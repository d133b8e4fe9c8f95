import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ident, type Catalogue, type ChildTable, type PersonalTable } from './personal-data-columns.js';
import { timeColumn } from './record-view.js';

type Raw = Record<string, unknown>;

/** In the order things happened, ties in the order they were written. */
function orderBy(columns: string[]): string {
  const keys = [timeColumn(columns), columns.includes('id') ? 'id' : null].filter((c): c is string => c !== null);
  return keys.length ? `ORDER BY ${keys.map(ident).join(', ')}` : '';
}

/** Rows of the victim records matched to one person, with how each matched. */
export interface MatchedVictimRow {
  id: string;
  this_record: boolean;
  phone: boolean;
  email: boolean;
  name_postcode: boolean;
}

/** A case of the person, with whether the caller's organisation can see it and leads it. */
export interface PersonCaseRow {
  id: string;
  reference: string;
  victim_id: string;
  status: string;
  lead_organisation_id: string;
  visible: boolean;
  led: boolean;
}

/** The data-rights slice's queries: the schema's catalogue, a person's records, legal holds, subject access and erasure requests. */
@Injectable()
export class DataRightsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Every column of every base table in the schema (by table and position), and every single-column foreign key. */
  async catalogue(db: EntityManager = this.db.manager): Promise<Catalogue> {
    const columns = await db.query(
      `SELECT c.table_name, c.column_name, c.data_type, c.is_nullable
         FROM information_schema.columns c
         JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
        WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
        ORDER BY c.table_name, c.ordinal_position`,
    );
    const foreignKeys = await db.query(
      `SELECT ch.relname AS child, a.attname AS column, pa.relname AS parent, pk.attname AS parent_column
         FROM pg_constraint f
         JOIN pg_class ch ON ch.oid = f.conrelid
         JOIN pg_class pa ON pa.oid = f.confrelid
         JOIN pg_attribute a ON a.attrelid = f.conrelid AND a.attnum = f.conkey[1]
         JOIN pg_attribute pk ON pk.attrelid = f.confrelid AND pk.attnum = f.confkey[1]
        WHERE f.contype = 'f' AND cardinality(f.conkey) = 1 AND f.connamespace = current_schema()::regnamespace`,
    );
    return { columns, foreignKeys };
  }

  /** The victim record and every record sharing a keyed hash with it (none: no such victim). */
  matchingVictims(victimId: string, db: EntityManager = this.db.manager): Promise<MatchedVictimRow[]> {
    return db.query(
      `SELECT m.id, m.id = v.id AS this_record,
              COALESCE(m.phone_hash = v.phone_hash, false) AS phone,
              COALESCE(m.email_hash = v.email_hash, false) AS email,
              COALESCE(m.name_postcode_hash = v.name_postcode_hash, false) AS name_postcode
         FROM victims v JOIN victims m
           ON m.id = v.id OR m.phone_hash = v.phone_hash OR m.email_hash = v.email_hash OR m.name_postcode_hash = v.name_postcode_hash
        WHERE v.id = $1`,
      [victimId],
    );
  }

  /** The victims' cases by report time, with what `organisationId` may see and leads; `lock` holds them FOR UPDATE. */
  casesOfVictims(victimIds: string[], organisationId: string, lock: boolean, db: EntityManager = this.db.manager): Promise<PersonCaseRow[]> {
    return db.query(
      `SELECT c.id, c.reference, c.victim_id, c.status, c.lead_organisation_id,
              (c.lead_organisation_id = $2
               OR EXISTS (SELECT 1 FROM case_shares s WHERE s.case_id = c.id AND s.organisation_id = $2)) AS visible,
              (c.lead_organisation_id = $2) AS led
         FROM cases c WHERE c.victim_id = ANY($1::uuid[]) ORDER BY c.reported_at, c.reference
         ${lock ? 'FOR UPDATE OF c' : ''}`,
      [victimIds, organisationId],
    );
  }

  /** The cases' reference and status, in order of report. */
  caseStatuses(caseIds: string[], db: EntityManager = this.db.manager): Promise<{ id: string; reference: string; status: string }[]> {
    return db.query(`SELECT id, reference, status FROM cases WHERE id = ANY($1::uuid[]) ORDER BY reported_at`, [caseIds]);
  }

  /** Cases with a court hearing after `now` (hearings belong to `src/court/`). */
  async casesWithHearingsAfter(caseIds: string[], now: Date, db: EntityManager = this.db.manager): Promise<Set<string>> {
    if (caseIds.length === 0) return new Set();
    const rows: { case_id: string }[] = await db.query(
      'SELECT DISTINCT case_id FROM court_hearings WHERE case_id = ANY($1::uuid[]) AND at > $2',
      [caseIds, now],
    );
    return new Set(rows.map((row) => row.case_id));
  }

  /** Every row of `table` whose key (`case_id` or `victim_id`) is one of `ids`, in the order things happened. */
  rowsOf(table: PersonalTable, ids: string[], db: EntityManager = this.db.manager): Promise<Raw[]> {
    return db.query(`SELECT * FROM ${ident(table.table)} WHERE ${table.key} = ANY($1::uuid[]) ${orderBy(table.columns)}`, [ids]);
  }

  /** Every row of `child` below the rows of `table` whose key is one of `ids`, in the order things happened. */
  childRowsOf(child: ChildTable, table: PersonalTable, ids: string[], db: EntityManager = this.db.manager): Promise<Raw[]> {
    return db.query(
      `SELECT * FROM ${ident(child.table)}
        WHERE ${ident(child.column)} IN (SELECT ${ident(child.parentColumn)} FROM ${ident(table.table)} WHERE ${table.key} = ANY($1::uuid[]))
        ${orderBy(child.columns)}`,
      [ids],
    );
  }

  /** The case rows, each with its lead organisation's and SPOC's names. */
  caseRows(caseIds: string[], db: EntityManager = this.db.manager): Promise<Raw[]> {
    return db.query(
      `SELECT c.*, o.name AS lead_organisation, s.name AS spoc FROM cases c
         JOIN organisations o ON o.id = c.lead_organisation_id LEFT JOIN officers s ON s.id = c.spoc_officer_id
        WHERE c.id = ANY($1::uuid[])`,
      [caseIds],
    );
  }

  /** The victim rows, oldest first. */
  victimRows(victimIds: string[], db: EntityManager = this.db.manager): Promise<Raw[]> {
    return db.query(`SELECT * FROM victims WHERE id = ANY($1::uuid[]) ORDER BY created_at`, [victimIds]);
  }

  /** Inbound texts from any of these phone hashes that arrived with no case, oldest first. */
  textsWithoutCase(phoneHashes: unknown[], db: EntityManager = this.db.manager): Promise<Raw[]> {
    return db.query(`SELECT * FROM inbound_messages WHERE case_id IS NULL AND from_hash = ANY($1) ORDER BY received_at`, [phoneHashes]);
  }

  /** Audit entries about the victims or the cases, with the staff member's role and organisation (never their name). */
  auditEntriesAbout(victimIds: string[], caseIds: string[], db: EntityManager = this.db.manager): Promise<Raw[]> {
    return db.query(
      `SELECT a.id, a.at, a.action, a.case_id, c.reference AS case_reference, a.victim_id, a.fields,
              o.role AS staff_role, org.name AS organisation
         FROM audit_entries a
         JOIN officers o ON o.id = a.officer_id JOIN organisations org ON org.id = a.organisation_id
         LEFT JOIN cases c ON c.id = a.case_id
        WHERE a.victim_id = ANY($1::uuid[]) OR a.case_id = ANY($2::uuid[])
        ORDER BY a.at, a.id`,
      [victimIds, caseIds],
    );
  }

  /** The officer's name and role, and their organisation's name. */
  async officer(officerId: string, db: EntityManager = this.db.manager): Promise<{ name: string; role: string; organisation: string }> {
    const [row] = await db.query(
      `SELECT o.name, o.role, org.name AS organisation FROM officers o JOIN organisations org ON org.id = o.organisation_id WHERE o.id = $1`,
      [officerId],
    );
    return row;
  }

  /** Records an erasure of the victim's data on the case: when asked, when done, by whom, and the sealed reason. */
  async recordErasureRequest(
    request: { caseId: string; victimId: string; requestReceivedAt: Date; erasedAt: Date; erasedBy: string; organisationId: string; reasonEnc: Buffer },
    db: EntityManager,
  ): Promise<void> {
    await db.query(
      `INSERT INTO erasure_requests (case_id, victim_id, request_received_at, erased_at, erased_by, organisation_id, reason_enc)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [request.caseId, request.victimId, request.requestReceivedAt, request.erasedAt, request.erasedBy, request.organisationId, request.reasonEnc],
    );
  }
}
