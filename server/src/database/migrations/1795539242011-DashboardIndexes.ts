import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Indexes for the dashboard's day series and the queue's wait estimate. */
export class DashboardIndexes1795539242011 implements MigrationInterface {
  name = 'DashboardIndexes1795539242011';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX \`ix_tickets_assigned_at\` ON \`tickets\` (\`assigned_at\`)`);
    await queryRunner.query(`CREATE INDEX \`ix_tickets_closed_at\` ON \`tickets\` (\`closed_at\`)`);
    await queryRunner.query(`CREATE INDEX \`ix_tickets_created_at\` ON \`tickets\` (\`created_at\`)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX \`ix_tickets_created_at\` ON \`tickets\``);
    await queryRunner.query(`DROP INDEX \`ix_tickets_closed_at\` ON \`tickets\``);
    await queryRunner.query(`DROP INDEX \`ix_tickets_assigned_at\` ON \`tickets\``);
  }
}
