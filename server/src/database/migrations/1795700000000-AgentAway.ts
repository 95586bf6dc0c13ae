import type { MigrationInterface, QueryRunner } from 'typeorm';

/** An agent can say they are away: they take no new tickets (auto-assignment passes them by) while their open chats go on. */
export class AgentAway1795700000000 implements MigrationInterface {
  name = 'AgentAway1795700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`agent_profiles\` ADD \`away\` tinyint NOT NULL DEFAULT 0`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`agent_profiles\` DROP COLUMN \`away\``);
  }
}
