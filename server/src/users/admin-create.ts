import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import * as bcrypt from 'bcryptjs';
import { isEmail } from 'class-validator';
import { LIMITS, Role } from '@ccr/shared';
import { ConfigError, loadConfig } from '../config/config';
import { createDataSource } from '../database/data-source';
import { isCommonPassword } from '../auth/common-passwords';
import { User } from './user.entity';
import { isUniqueViolation } from './users.service';

/**
 * Creates an admin account, e.g. the first one in production:
 *   npm run admin:create -- --email ops@example.com [--first-name Olga --last-name Ops]
 * The password comes from ADMIN_PASSWORD or is asked for (twice, without echo) on a terminal.
 * Reads DATABASE_URL and DATA_DIR as the server does; on MySQL it runs pending migrations first.
 */

const USAGE = 'Usage: npm run admin:create -- --email <address> [--first-name <name>] [--last-name <name>]';

/** Stops the command with a message and exit code 1, without a stack trace. */
export class CliError extends Error {}

export interface AdminArgs {
  email: string;
  firstName: string;
  lastName: string;
}

export function parseAdminArgs(argv: string[]): AdminArgs {
  let values: { email?: string; 'first-name'?: string; 'last-name'?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        email: { type: 'string' },
        'first-name': { type: 'string' },
        'last-name': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (e) {
    throw new CliError(`${(e as Error).message}\n${USAGE}`);
  }
  if (values.help) throw new CliError(USAGE);
  const email = (values.email ?? '').trim().toLowerCase();
  if (!email) throw new CliError(`--email is required\n${USAGE}`);
  if (!isEmail(email) || email.length > LIMITS.emailMaxLength) throw new CliError(`--email must be a valid email address (got "${email}")`);
  const name = (flag: string, value: string | undefined, fallback: string) => {
    const v = (value ?? fallback).trim();
    if (v.length < 1 || v.length > LIMITS.nameMaxLength) throw new CliError(`--${flag} must be 1 to ${LIMITS.nameMaxLength} characters`);
    return v;
  };
  return { email, firstName: name('first-name', values['first-name'], 'Admin'), lastName: name('last-name', values['last-name'], 'User') };
}

/** The server's password rules (auth/password.policy.ts), as a message, or null when the password is acceptable. */
export function passwordProblem(password: string): string | null {
  if (password.length < LIMITS.passwordMinLength || password.length > LIMITS.passwordMaxLength) {
    return `The password must be ${LIMITS.passwordMinLength} to ${LIMITS.passwordMaxLength} characters`;
  }
  if (Buffer.byteLength(password, 'utf8') > LIMITS.passwordMaxBytes) {
    return `The password is too long: at most ${LIMITS.passwordMaxBytes} bytes (accented letters and emoji take more than one)`;
  }
  if (isCommonPassword(password)) return 'The password is one of the most common passwords and easy to guess; choose another';
  return null;
}

/** Asks a question on the terminal without echoing the answer. */
function askHidden(question: string): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      if (!muted) process.stdout.write(chunk);
      callback();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  return new Promise((resolve, reject) => {
    rl.on('SIGINT', () => {
      rl.close();
      process.stdout.write('\n');
      reject(new CliError('Cancelled'));
    });
    rl.question(question, (answer) => {
      rl.close();
      process.stdout.write('\n');
      resolve(answer);
    });
    muted = true;
  });
}

async function readPassword(): Promise<string> {
  const fromEnv = process.env.ADMIN_PASSWORD;
  if (fromEnv) {
    const problem = passwordProblem(fromEnv);
    if (problem) throw new CliError(`ADMIN_PASSWORD: ${problem}`);
    return fromEnv;
  }
  if (!process.stdin.isTTY) throw new CliError('Set ADMIN_PASSWORD, or run this command on a terminal to type the password');
  for (let attempt = 1; ; attempt++) {
    const password = await askHidden('Password: ');
    const problem = passwordProblem(password);
    if (!problem && (await askHidden('Repeat the password: ')) === password) return password;
    const why = problem ?? 'The two passwords differ';
    if (attempt === 3) throw new CliError(why);
    console.error(`${why}. Try again.`);
  }
}

export async function createAdmin(args: AdminArgs, password: string): Promise<User> {
  // ADMIN_EMAIL/ADMIN_PASSWORD configure the server's own first admin; here ADMIN_PASSWORD is this command's input.
  const config = loadConfig({ ...process.env, ADMIN_EMAIL: undefined, ADMIN_PASSWORD: undefined });
  const dataSource = createDataSource(config);
  dataSource.setOptions({ logging: false });
  await dataSource.initialize();
  try {
    const users = dataSource.getRepository(User);
    if (await users.exists({ where: { email: args.email } })) throw new CliError(`An account with the email ${args.email} already exists`);
    const user = users.create({
      id: randomUUID(),
      role: Role.ADMIN,
      firstName: args.firstName,
      lastName: args.lastName,
      email: args.email,
      passwordHash: await bcrypt.hash(password, config.bcryptCost),
      tokenVersion: 0,
      createdAt: new Date(),
    });
    try {
      await users.insert(user);
    } catch (e) {
      if (isUniqueViolation(e)) throw new CliError(`An account with the email ${args.email} already exists`);
      throw e;
    }
    return user;
  } finally {
    await dataSource.destroy();
  }
}

async function main() {
  const args = parseAdminArgs(process.argv.slice(2));
  const password = await readPassword();
  const user = await createAdmin(args, password);
  console.log(`Created the admin account ${user.email} (${user.firstName} ${user.lastName}, id ${user.id})`);
}

if (require.main === module) {
  main().catch((e) => {
    const known = e instanceof CliError || e instanceof ConfigError;
    console.error(known ? (e as Error).message : e);
    process.exit(1);
  });
}
