import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** A letter waiting for the day's print batch; its content (name, address, words) is sealed. */
@Entity('letters_for_print')
export class LetterForPrint {
  @PrimaryColumn('uuid') contactId!: string;
  @Column('bytea') contentEnc!: Buffer;
  @Column('text') postage!: 'first' | 'second';
  @Column('timestamptz') queuedAt!: Date;
  @Column('uuid', { nullable: true }) printBatchId!: string | null;
}

/**
 * One run for one organisation's post room: its letters in one PDF, with a CSV manifest, both
 * sealed. `organisationId` is null only for runs made before runs were split by organisation
 * that mixed partners' letters: no one may download those.
 */
@Entity('print_batches')
export class PrintBatchRecord {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { nullable: true }) organisationId!: string | null;
  @Column('timestamptz') createdAt!: Date;
  @Column('int') letters!: number;
  @Column('int') sheets!: number;
  /** One per recipient in the run; null for runs made before envelopes were counted. */
  @Column('int', { nullable: true }) envelopes!: number | null;
  /** How many of the envelopes go first class (the rest second); null as `envelopes`. */
  @Column('int', { nullable: true }) firstClassEnvelopes!: number | null;
  /** When the post room said the run was posted, and who said so; null until then. */
  @Column('timestamptz', { nullable: true }) postedAt!: Date | null;
  @Column('uuid', { nullable: true }) postedBy!: string | null;
  @Column('bytea', { nullable: true }) pdfEnc!: Buffer | null;
  @Column('bytea', { nullable: true }) manifestEnc!: Buffer | null;
}
