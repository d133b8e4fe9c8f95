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

/** One run for the post room: every letter in one PDF, with a CSV manifest. Both sealed. */
@Entity('print_batches')
export class PrintBatchRecord {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('timestamptz') createdAt!: Date;
  @Column('int') letters!: number;
  @Column('int') sheets!: number;
  @Column('bytea', { nullable: true }) pdfEnc!: Buffer | null;
  @Column('bytea', { nullable: true }) manifestEnc!: Buffer | null;
}
