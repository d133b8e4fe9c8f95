import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export interface Street {
  name: string;
  /** Letterboxes on the street, for door-drop copies. */
  addresses: number;
}

/** An area the comms team keeps informed: postcode sectors (`NN1 3`) and districts (`NN1`). */
@Entity('neighbourhoods')
export class Neighbourhood {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('text') name!: string;
  /** Normalised upper case: `NN1 3` (a sector) or `NN1` (a district). */
  @Column('text', { array: true }) areas!: string[];
  @Column('jsonb', { default: [] }) streets!: Street[];
  @Column('uuid', { nullable: true }) createdBy!: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
}
