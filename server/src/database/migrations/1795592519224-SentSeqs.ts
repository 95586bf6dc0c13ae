import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each ticket keeps the seq of its customer's and its current agent's latest message: a writer's
 * unread count runs from the higher of that and their read marker, so storing a message no longer
 * writes a read marker. Existing rows keep 0: their senders' markers were written with each send.
 */
export class SentSeqs1795592519224 implements MigrationInterface {
  name = 'SentSeqs1795592519224';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`tickets\` ADD \`customer_sent_seq\` int NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE \`tickets\` ADD \`agent_sent_seq\` int NOT NULL DEFAULT '0'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`tickets\` DROP COLUMN \`agent_sent_seq\``);
    await queryRunner.query(`ALTER TABLE \`tickets\` DROP COLUMN \`customer_sent_seq\``);
  }
}
