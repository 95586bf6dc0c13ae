import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Small named values: settings (JSON) and counters such as the next ticket number. */
@Entity('app_values')
export class AppValue {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  name: string;

  @Column({ type: 'text', nullable: true })
  json: string | null;

  @Column({ type: 'int', default: 0 })
  counter: number;
}
