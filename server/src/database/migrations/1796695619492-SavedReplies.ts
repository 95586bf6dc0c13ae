import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Saved replies: the team's (owner_key TEAM) and each agent's own, a shortcut unique within each. */
export class SavedReplies1796695619492 implements MigrationInterface {
  name = 'SavedReplies1796695619492';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`saved_replies\` (\`id\` varchar(36) NOT NULL, \`owner_id\` varchar(36) NULL, \`owner_key\` varchar(36) NOT NULL, \`shortcut\` varchar(32) NOT NULL, \`title\` varchar(80) NOT NULL, \`body\` text NOT NULL, \`created_at\` datetime(3) NOT NULL, \`updated_at\` datetime(3) NOT NULL, UNIQUE INDEX \`uq_saved_replies_owner_shortcut\` (\`owner_key\`, \`shortcut\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `ALTER TABLE \`saved_replies\` ADD CONSTRAINT \`FK_849569d350573888d0e3a7496d6\` FOREIGN KEY (\`owner_id\`) REFERENCES \`users\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`saved_replies\` DROP FOREIGN KEY \`FK_849569d350573888d0e3a7496d6\``);
    await queryRunner.query(`DROP INDEX \`uq_saved_replies_owner_shortcut\` ON \`saved_replies\``);
    await queryRunner.query(`DROP TABLE \`saved_replies\``);
  }
}
