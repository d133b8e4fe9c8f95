import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** The person harmed. Every personal field is AES-256-GCM ciphertext; hashes are keyed. */
@Entity('victims')
export class Victim {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('bytea') nameEnc!: Buffer;
  @Column('bytea', { nullable: true }) phoneEnc!: Buffer | null;
  @Column('bytea', { nullable: true }) emailEnc!: Buffer | null;
  @Column('bytea', { nullable: true }) addressEnc!: Buffer | null;
  @Column('bytea', { nullable: true }) dateOfBirthEnc!: Buffer | null;
  @Column('text', { nullable: true }) phoneHash!: string | null;
  @Column('text', { nullable: true }) emailHash!: string | null;
  @Column('text', { nullable: true }) namePostcodeHash!: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
}
