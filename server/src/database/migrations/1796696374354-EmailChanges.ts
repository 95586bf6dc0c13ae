import type { MigrationInterface, QueryRunner } from 'typeorm';

/** New email addresses waiting for the code mailed to them. */
export class EmailChanges1796696374354 implements MigrationInterface {
  name = 'EmailChanges1796696374354';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`email_changes\` (\`id\` varchar(36) NOT NULL, \`user_id\` varchar(36) NOT NULL, \`new_email\` varchar(254) NOT NULL, \`code_hash\` varchar(128) NOT NULL, \`expires_at\` datetime(3) NOT NULL, \`attempts\` int NOT NULL DEFAULT '0', \`used_at\` datetime(3) NULL, \`created_at\` datetime(3) NOT NULL, INDEX \`ix_email_changes_user\` (\`user_id\`, \`created_at\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX \`ix_email_changes_user\` ON \`email_changes\``);
    await queryRunner.query(`DROP TABLE \`email_changes\``);
  }
}
