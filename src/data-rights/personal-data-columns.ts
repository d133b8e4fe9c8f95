
/** A table whose rows belong to a case or a victim, found by the schema's conventions. */
export interface PersonalTable {
  table: string;
  /** `case_id` when the table has one, else `victim_id`. */
  key: 'case_id' | 'victim_id';
  /** Sealed columns (`*_enc`, bytea) that can be cleared. */
  sealed: string[];
  /** Sealed columns the schema still declares NOT NULL: they cannot be cleared (reported, skipped). */
  notNullable: string[];
  /** Every column, in table order. */
  columns: string[];
  /** Columns of type `date` (the driver reads them as local midnight). */
  dates: string[];
}

/** A table one foreign key below a case table (task attempts below tasks, letters below contacts). */
export interface ChildTable {
  table: string;
  /** The child's column referencing `parent.parentColumn`. */
  column: string;
  parent: string;
  parentColumn: string;
  sealed: string[];
  notNullable: string[];
  columns: string[];
  dates: string[];
}

export interface PersonalDataMap {
  /** Tables with `case_id` or `victim_id`. */
  owned: PersonalTable[];
  children: ChildTable[];
  /** Sealed columns of the `cases` and `victims` rows themselves. */
  caseSealed: string[];
  caseDates: string[];
  victimSealed: string[];
  /** Keyed hashes of the victim (phone, email, name with postcode): they let a person be matched. */
  victimHashes: string[];
}

/** Quotes a name read from the catalogue for use in SQL. */
export const ident = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** One column as the schema's catalogue describes it. */
export interface CatalogueColumn {
  table_name: string;
  column_name: string;
  data_type: string;
  is_nullable: string;
}

/** A single-column foreign key: `child.column` references `parent.parent_column`. */
export interface CatalogueForeignKey {
  child: string;
  column: string;
  parent: string;
  parent_column: string;
}

/** The schema as its catalogue describes it (DataRightsRepository.catalogue). */
export interface Catalogue {
  columns: CatalogueColumn[];
  foreignKeys: CatalogueForeignKey[];
}

const isSealed = (c: CatalogueColumn) => c.column_name.endsWith('_enc') && c.data_type === 'bytea';

/**
 * Where personal data lives, from the catalogue (read afresh on every call) so tables other capabilities
 * add (surveys, proceedings, action plans, evidence…) are covered without a list here: every
 * table with a `case_id` or `victim_id`, every table one foreign key below those, and their
 * sealed `*_enc` columns.
 */
export function personalDataMap({ columns, foreignKeys }: Catalogue): PersonalDataMap {
  const byTable = new Map<string, CatalogueColumn[]>();
  for (const column of columns) byTable.set(column.table_name, [...(byTable.get(column.table_name) ?? []), column]);
  const describe = (table: string) => {
    const own = byTable.get(table) ?? [];
    return {
      sealed: own.filter((c) => isSealed(c) && c.is_nullable === 'YES').map((c) => c.column_name),
      notNullable: own.filter((c) => isSealed(c) && c.is_nullable !== 'YES').map((c) => c.column_name),
      columns: own.map((c) => c.column_name),
      dates: own.filter((c) => c.data_type === 'date').map((c) => c.column_name),
    };
  };
  const owned: PersonalTable[] = [];
  for (const [table, own] of byTable) {
    if (table === 'cases' || table === 'victims') continue; // the case and the person themselves
    const names = new Set(own.map((c) => c.column_name));
    if (names.has('case_id')) owned.push({ table, key: 'case_id', ...describe(table) });
    else if (names.has('victim_id')) owned.push({ table, key: 'victim_id', ...describe(table) });
  }
  const ownedNames = new Set(owned.map((t) => t.table));
  const children: ChildTable[] = foreignKeys
    .filter((fk) => ownedNames.has(fk.parent) && !ownedNames.has(fk.child) && !['cases', 'victims'].includes(fk.child))
    .map((fk) => ({ table: fk.child, column: fk.column, parent: fk.parent, parentColumn: fk.parent_column, ...describe(fk.child) }));
  const victims = byTable.get('victims') ?? [];
  return {
    owned,
    children,
    caseSealed: describe('cases').sealed,
    caseDates: describe('cases').dates,
    victimSealed: describe('victims').sealed,
    victimHashes: victims.filter((c) => c.column_name.endsWith('_hash') && c.is_nullable === 'YES').map((c) => c.column_name),
  };
}
