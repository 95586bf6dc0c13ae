import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1795530252483 implements MigrationInterface {
  name = 'Initial1795530252483';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE \`users\` (\`id\` varchar(36) NOT NULL, \`role\` varchar(16) NOT NULL, \`first_name\` varchar(80) NOT NULL, \`last_name\` varchar(80) NOT NULL, \`email\` varchar(254) NOT NULL, \`password_hash\` varchar(100) NOT NULL, \`token_version\` int NOT NULL DEFAULT '0', \`created_at\` datetime(3) NOT NULL, UNIQUE INDEX \`uq_users_email\` (\`email\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    await queryRunner.query(`CREATE TABLE \`agent_profiles\` (\`user_id\` varchar(36) NOT NULL, \`expertise\` text NOT NULL, \`max_concurrent\` int NOT NULL, \`active\` tinyint NOT NULL DEFAULT 1, \`open_tickets\` int NOT NULL DEFAULT '0', \`last_assigned_at\` datetime(3) NULL, INDEX \`ix_agent_profiles_active_load\` (\`active\`, \`open_tickets\`), PRIMARY KEY (\`user_id\`)) ENGINE=InnoDB`);
    await queryRunner.query(`CREATE TABLE \`tickets\` (\`id\` varchar(36) NOT NULL, \`number\` int NOT NULL, \`customer_id\` varchar(36) NOT NULL, \`agent_id\` varchar(36) NULL, \`subject\` varchar(200) NOT NULL, \`category\` varchar(60) NOT NULL, \`description\` text NOT NULL, \`status\` varchar(16) NOT NULL, \`created_at\` datetime(3) NOT NULL, \`updated_at\` datetime(3) NOT NULL, \`assigned_at\` datetime(3) NULL, \`closed_at\` datetime(3) NULL, \`first_response_at\` datetime(3) NULL, \`last_message_at\` datetime(3) NULL, \`last_seq\` int NOT NULL DEFAULT '0', UNIQUE INDEX \`uq_tickets_number\` (\`number\`), INDEX \`ix_tickets_category\` (\`category\`, \`number\`), INDEX \`ix_tickets_status\` (\`status\`, \`number\`), INDEX \`ix_tickets_agent\` (\`agent_id\`, \`number\`), INDEX \`ix_tickets_customer\` (\`customer_id\`, \`number\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    await queryRunner.query(`CREATE TABLE \`ratings\` (\`ticket_id\` varchar(36) NOT NULL, \`score\` int NOT NULL, \`comment\` text NULL, \`created_at\` datetime(3) NOT NULL, PRIMARY KEY (\`ticket_id\`)) ENGINE=InnoDB`);
    await queryRunner.query(`CREATE TABLE \`ticket_events\` (\`id\` varchar(36) NOT NULL, \`ticket_id\` varchar(36) NOT NULL, \`actor_id\` varchar(36) NULL, \`type\` varchar(16) NOT NULL, \`data\` text NOT NULL, \`created_at\` datetime(3) NOT NULL, INDEX \`ix_ticket_events_ticket\` (\`ticket_id\`, \`created_at\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    await queryRunner.query(`CREATE TABLE \`messages\` (\`id\` varchar(36) NOT NULL, \`ticket_id\` varchar(36) NOT NULL, \`seq\` int NOT NULL, \`client_id\` varchar(64) NOT NULL, \`sender_id\` varchar(36) NOT NULL, \`body\` text NOT NULL, \`created_at\` datetime(3) NOT NULL, UNIQUE INDEX \`uq_messages_ticket_sender_client\` (\`ticket_id\`, \`sender_id\`, \`client_id\`), UNIQUE INDEX \`uq_messages_ticket_seq\` (\`ticket_id\`, \`seq\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    await queryRunner.query(`CREATE TABLE \`read_markers\` (\`ticket_id\` varchar(36) NOT NULL, \`user_id\` varchar(36) NOT NULL, \`last_read_seq\` int NOT NULL DEFAULT '0', PRIMARY KEY (\`ticket_id\`, \`user_id\`)) ENGINE=InnoDB`);
    await queryRunner.query(`CREATE TABLE \`password_resets\` (\`id\` varchar(36) NOT NULL, \`user_id\` varchar(36) NOT NULL, \`code_hash\` varchar(128) NOT NULL, \`expires_at\` datetime(3) NOT NULL, \`attempts\` int NOT NULL DEFAULT '0', \`used_at\` datetime(3) NULL, \`created_at\` datetime(3) NOT NULL, INDEX \`ix_password_resets_user\` (\`user_id\`, \`created_at\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    await queryRunner.query(`CREATE TABLE \`app_values\` (\`name\` varchar(64) NOT NULL, \`json\` text NULL, \`counter\` int NOT NULL DEFAULT '0', PRIMARY KEY (\`name\`)) ENGINE=InnoDB`);
    await queryRunner.query(`ALTER TABLE \`agent_profiles\` ADD CONSTRAINT \`FK_a3f917737285aca9254a8fa34ea\` FOREIGN KEY (\`user_id\`) REFERENCES \`users\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE \`tickets\` ADD CONSTRAINT \`FK_42e4343476d9c4a46fb565a5c46\` FOREIGN KEY (\`customer_id\`) REFERENCES \`users\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE \`tickets\` ADD CONSTRAINT \`FK_e0defdfd89a98c958f7bb396209\` FOREIGN KEY (\`agent_id\`) REFERENCES \`users\`(\`id\`) ON DELETE SET NULL ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`tickets\` DROP FOREIGN KEY \`FK_e0defdfd89a98c958f7bb396209\``);
    await queryRunner.query(`ALTER TABLE \`tickets\` DROP FOREIGN KEY \`FK_42e4343476d9c4a46fb565a5c46\``);
    await queryRunner.query(`ALTER TABLE \`agent_profiles\` DROP FOREIGN KEY \`FK_a3f917737285aca9254a8fa34ea\``);
    await queryRunner.query(`DROP TABLE \`app_values\``);
    await queryRunner.query(`DROP INDEX \`ix_password_resets_user\` ON \`password_resets\``);
    await queryRunner.query(`DROP TABLE \`password_resets\``);
    await queryRunner.query(`DROP TABLE \`read_markers\``);
    await queryRunner.query(`DROP INDEX \`uq_messages_ticket_seq\` ON \`messages\``);
    await queryRunner.query(`DROP INDEX \`uq_messages_ticket_sender_client\` ON \`messages\``);
    await queryRunner.query(`DROP TABLE \`messages\``);
    await queryRunner.query(`DROP INDEX \`ix_ticket_events_ticket\` ON \`ticket_events\``);
    await queryRunner.query(`DROP TABLE \`ticket_events\``);
    await queryRunner.query(`DROP TABLE \`ratings\``);
    await queryRunner.query(`DROP INDEX \`ix_tickets_customer\` ON \`tickets\``);
    await queryRunner.query(`DROP INDEX \`ix_tickets_agent\` ON \`tickets\``);
    await queryRunner.query(`DROP INDEX \`ix_tickets_status\` ON \`tickets\``);
    await queryRunner.query(`DROP INDEX \`ix_tickets_category\` ON \`tickets\``);
    await queryRunner.query(`DROP INDEX \`uq_tickets_number\` ON \`tickets\``);
    await queryRunner.query(`DROP TABLE \`tickets\``);
    await queryRunner.query(`DROP INDEX \`ix_agent_profiles_active_load\` ON \`agent_profiles\``);
    await queryRunner.query(`DROP TABLE \`agent_profiles\``);
    await queryRunner.query(`DROP INDEX \`uq_users_email\` ON \`users\``);
    await queryRunner.query(`DROP TABLE \`users\``);
  }
}
