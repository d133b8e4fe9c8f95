import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ArrayOverlap, DataSource, EntityManager, In, QueryFailedError } from 'typeorm';
import type { Caller } from '../../auth/access.js';
import { FieldProblem, InputError } from '../../http/input-error.js';
import { areasOfPostcode, normaliseArea } from '../postcode-areas.js';
import { Neighbourhood, type Street } from './neighbourhood.entity.js';
import type { CreateNeighbourhoodDto, UpdateNeighbourhoodDto } from './neighbourhoods.dto.js';
import { NeighbourhoodsRepository, type SubscriberCounts } from './neighbourhoods.repository.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The areas the comms team keeps informed, drawn as postcode sectors and districts. */
@Injectable()
export class NeighbourhoodsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repository: NeighbourhoodsRepository,
  ) {}

  async create(dto: CreateNeighbourhoodDto, caller: Caller) {
    const areas = checkedAreas(dto.areas);
    return nameTaken(this.db.transaction(async (db) => {
      await this.checkNameFree(dto.name, null, db);
      const saved = await db.save(db.create(Neighbourhood, { name: dto.name, areas, streets: plainStreets(dto.streets ?? []), createdBy: caller.officerId }));
      return this.view(saved, db);
    }));
  }

  async update(id: string, dto: UpdateNeighbourhoodDto) {
    const areas = dto.areas === undefined ? undefined : checkedAreas(dto.areas);
    return nameTaken(this.db.transaction(async (db) => {
      const found = await db.findOne(Neighbourhood, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!found) throw new NotFoundException('No neighbourhood with this id');
      if (dto.name !== undefined) await this.checkNameFree(dto.name, id, db);
      await db.update(Neighbourhood, { id }, {
        ...(dto.name !== undefined && { name: dto.name }),
        ...(areas && { areas }),
        ...(dto.streets && { streets: plainStreets(dto.streets) }),
      });
      return this.view(await db.findOneByOrFail(Neighbourhood, { id }), db);
    }));
  }

  async get(id: string) {
    const found = await this.db.manager.findOneBy(Neighbourhood, { id });
    if (!found) throw new NotFoundException('No neighbourhood with this id');
    return this.view(found, this.db.manager);
  }

  /** Every neighbourhood, or those covering `postcode` (a 400 naming it when it is not a postcode). */
  async list(postcode?: string) {
    let found: Neighbourhood[];
    if (postcode !== undefined) {
      const areas = areasOfPostcode(postcode);
      if (areas.length === 0) throw InputError.of('postcode', 'isPostcode', 'postcode must be a full UK postcode, such as NN1 3AB');
      found = await this.covering(areas);
    } else {
      found = await this.db.manager.find(Neighbourhood, { order: { name: 'ASC' } });
    }
    const counts = await this.counts(found.map((n) => n.id), this.db.manager);
    return found.map((n) => summary(n, counts.get(n.id)));
  }

  /** For other capabilities (bulletins): the neighbourhoods that exist among `ids`, in no particular order. */
  async find(ids: string[]): Promise<Neighbourhood[]> {
    const valid = [...new Set(ids.filter((id) => typeof id === 'string' && UUID.test(id)))];
    if (valid.length === 0) return [];
    return this.db.manager.findBy(Neighbourhood, { id: In(valid) });
  }

  /** The neighbourhoods any of these areas (a postcode's sector and district) fall in. */
  async covering(areas: string[], db: EntityManager = this.db.manager): Promise<Neighbourhood[]> {
    if (areas.length === 0) return [];
    return db.find(Neighbourhood, { where: { areas: ArrayOverlap(areas) }, order: { name: 'ASC' } });
  }

  /** Names and ids only: what the public subscription page offers. */
  async choices(): Promise<{ id: string; name: string }[]> {
    return this.db.manager.find(Neighbourhood, { select: { id: true, name: true }, order: { name: 'ASC' } });
  }

  private async checkNameFree(name: string, exceptId: string | null, db: EntityManager): Promise<void> {
    if (await this.repository.nameTaken(name, exceptId, db)) throw new ConflictException('There is already a neighbourhood with this name');
  }

  private async view(n: Neighbourhood, db: EntityManager) {
    const counts = await this.counts([n.id], db);
    return { ...summary(n, counts.get(n.id)), streets: n.streets, createdBy: n.createdBy };
  }

  private async counts(ids: string[], db: EntityManager): Promise<Map<string, SubscriberCounts>> {
    if (ids.length === 0) return new Map();
    const rows = await this.repository.subscriberCounts(ids, db);
    return new Map(rows.map(({ id, ...counts }) => [id, counts]));
  }
}

/** Normalised, without repeats; every bad one named by its place in the list. */
function checkedAreas(areas: unknown[]): string[] {
  const problems: FieldProblem[] = [];
  const normalised = areas.map((area, i) => {
    const found = typeof area === 'string' ? normaliseArea(area) : null;
    if (!found) {
      problems.push({ field: `areas[${i}]`, rule: 'isPostcodeArea', message: `areas[${i}] must be a postcode sector such as NN1 3 or a district such as NN1` });
    }
    return found;
  });
  if (problems.length) throw new InputError(problems);
  return [...new Set(normalised as string[])];
}

/** Two people naming neighbourhoods alike at the same moment: the unique index decides, and the loser hears 409. */
async function nameTaken<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505') {
      throw new ConflictException('There is already a neighbourhood with this name');
    }
    throw error;
  }
}

const plainStreets = (streets: Street[]): Street[] => streets.map(({ name, addresses }) => ({ name, addresses }));

const NO_SUBSCRIBERS: SubscriberCounts = { email: 0, sms: 0, people: 0, awaitingConfirmation: 0 };

function summary(n: Neighbourhood, counts: SubscriberCounts | undefined) {
  return {
    id: n.id, name: n.name, areas: n.areas,
    addresses: n.streets.reduce((sum, s) => sum + s.addresses, 0),
    subscribers: counts ?? NO_SUBSCRIBERS,
    createdAt: n.createdAt,
  };
}
