import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../config/config';
import { createDataSource } from './data-source';

/**
 * Database commands on DATABASE_URL (MySQL/MariaDB):
 *   migrate            run pending migrations
 *   revert             undo the last migration
 *   generate <Name>    write a migration for the difference between the entities and the schema
 *   pending            print the SQL a generated migration would contain (empty when in sync)
 */
async function main() {
  const [command, name] = process.argv.slice(2);
  const config = loadConfig();
  if (config.database.type === 'better-sqlite3') throw new Error('Set DATABASE_URL to a mysql:// or mariadb:// URL first');
  const dataSource = createDataSource(config);
  dataSource.setOptions({ migrationsRun: false, logging: false });
  await dataSource.initialize();
  try {
    if (command === 'migrate') {
      const done = await dataSource.runMigrations({ transaction: 'each' });
      console.log(done.length ? `Ran ${done.map((m) => m.name).join(', ')}` : 'Nothing to migrate');
    } else if (command === 'revert') {
      await dataSource.undoLastMigration({ transaction: 'each' });
      console.log('Reverted the last migration');
    } else if (command === 'generate' || command === 'pending') {
      await dataSource.runMigrations({ transaction: 'each' });
      const sql = await dataSource.driver.createSchemaBuilder().log();
      if (command === 'pending') {
        for (const q of sql.upQueries) console.log(q.query + ';');
        return;
      }
      if (!name || !/^[A-Za-z][A-Za-z0-9]*$/.test(name)) throw new Error('Usage: generate <Name> (letters and digits)');
      if (!sql.upQueries.length) {
        console.log('The schema matches the entities: no migration needed');
        return;
      }
      const stamp = Date.now();
      const esc = (s: string) => s.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${');
      const up = sql.upQueries.map((q) => `    await queryRunner.query(\`${esc(q.query)}\`);`).join('\n');
      const down = sql.downQueries
        .reverse()
        .map((q) => `    await queryRunner.query(\`${esc(q.query)}\`);`)
        .join('\n');
      const file = join(__dirname, '..', '..', 'src', 'database', 'migrations', `${stamp}-${name}.ts`);
      writeFileSync(
        file,
        `import type { MigrationInterface, QueryRunner } from 'typeorm';\n\nexport class ${name}${stamp} implements MigrationInterface {\n  name = '${name}${stamp}';\n\n  async up(queryRunner: QueryRunner): Promise<void> {\n${up}\n  }\n\n  async down(queryRunner: QueryRunner): Promise<void> {\n${down}\n  }\n}\n`,
      );
      console.log(`Wrote ${file}`);
    } else {
      throw new Error('Usage: db <migrate|revert|generate Name|pending>');
    }
  } finally {
    await dataSource.destroy();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
