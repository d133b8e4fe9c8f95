import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** The person harmed. Every personal field is AES-256-GCM ciphertext; hashes are keyed. */
@Entity('victims')
export class Victim {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('bytea', { nullable: true }) nameEnc!: Buffer | null;
  /** "What should we call you": the greeting in messages. */
  @Column('bytea', { nullable: true }) preferredNameEnc!: Buffer | null;
  @Column('bytea', { nullable: true }) phoneEnc!: Buffer | null;
  @Column('bytea', { nullable: true }) emailEnc!: Buffer | null;
  @Column('bytea', { nullable: true }) addressEnc!: Buffer | null;
  @Column('bytea', { nullable: true }) dateOfBirthEnc!: Buffer | null;
  @Column('text', { nullable: true }) phoneHash!: string | null;
  @Column('text', { nullable: true }) emailHash!: string | null;
  @Column('text', { nullable: true }) namePostcodeHash!: string | null;
  /** Erased on request: personal fields removed, the case kept anonymised. */
  @Column('timestamptz', { nullable: true }) erasedAt!: Date | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
}
