import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const ROOT = join(__dirname, '..', '..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

interface Service {
  image?: string;
  build?: unknown;
  command?: unknown;
  environment?: Record<string, string | number>;
  healthcheck?: { test: string[] | string; interval?: string; retries?: number };
  depends_on?: Record<string, { condition: string }>;
  volumes?: string[];
  ports?: string[];
}

/** Every environment variable the server's configuration reads (config.ts: `env.NAME`, `int(env, 'NAME', …)`). */
function variablesTheAppReads(): string[] {
  const source = read('server/src/config/config.ts');
  const names = [...source.matchAll(/\benv\.([A-Z][A-Z0-9_]+)/g), ...source.matchAll(/\benv, '([A-Z][A-Z0-9_]+)'/g)].map((m) => m[1]);
  return [...new Set(names)].sort();
}

/** Names in .env.example, set (`NAME=`) or shown commented out (`# NAME=`). */
function exampleVariables(): Set<string> {
  return new Set([...read('.env.example').matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]));
}

describe('containers', () => {
  const compose = parse(read('docker-compose.yml')) as { services: Record<string, Service>; volumes?: Record<string, unknown> };
  const { mysql, redis, app } = compose.services;

  it('docker-compose.yml runs the app on mysql:8 and redis:7, each with a healthcheck and a named volume', () => {
    expect(mysql?.image).toBe('mysql:8');
    expect(redis?.image).toBe('redis:7');
    for (const [name, service] of [
      ['mysql', mysql],
      ['redis', redis],
    ] as const) {
      const test = service.healthcheck?.test;
      expect([name, Array.isArray(test) ? test.join(' ') : test]).toEqual([
        name,
        expect.stringMatching(name === 'mysql' ? /mysqladmin.* ping/ : /redis-cli.* ping/),
      ]);
      expect(service.healthcheck?.retries).toBeGreaterThan(1);
    }
    const mounted = (s: Service, path: string) => (s.volumes ?? []).map((v) => v.split(':')).find(([, target]) => target === path)?.[0];
    const volumes = Object.keys(compose.volumes ?? {});
    // Named volumes (declared at the end of the file), so `docker compose down` keeps the data.
    expect(volumes).toEqual(expect.arrayContaining([mounted(mysql, '/var/lib/mysql'), mounted(redis, '/data'), mounted(app, '/app/data')]));
    expect(volumes).not.toContain(undefined);
  });

  it('starts the app only when MySQL and Redis are healthy, and points it at them', () => {
    expect(app.build).toBeDefined();
    expect(app.depends_on).toMatchObject({ mysql: { condition: 'service_healthy' }, redis: { condition: 'service_healthy' } });
    const env = app.environment ?? {};
    expect(env.NODE_ENV).toBe('production');
    expect(String(env.DATABASE_URL)).toMatch(/^mysql:\/\/registry:\$\{MYSQL_PASSWORD\}@mysql:3306\/registry$/);
    expect(String(env.REDIS_URL)).toBe('redis://redis:6379');
    expect(mysql.environment).toMatchObject({ MYSQL_DATABASE: 'registry', MYSQL_USER: 'registry' });
    expect(app.ports).toContain('3000:3000');
    expect(JSON.stringify(app.healthcheck?.test)).toContain('/api/health/ready');
  });

  it('passes every variable the app reads into the app container (compose or the image)', () => {
    const dockerfileEnv = new Set(
      [...read('Dockerfile').matchAll(/^ENV (.*)$/gm)].flatMap((m) => [...m[1].matchAll(/([A-Z][A-Z0-9_]+)=/g)].map((x) => x[1])),
    );
    const passed = new Set([...Object.keys(app.environment ?? {}), ...dockerfileEnv]);
    // WEB_DIR: the image serves the web app it was built with.
    const missing = variablesTheAppReads().filter((v) => v !== 'WEB_DIR' && !passed.has(v));
    expect(missing).toEqual([]);
  });

  it('.env.example lists every variable the app reads and every one that docker-compose.yml interpolates', () => {
    const app = variablesTheAppReads();
    expect(app).toEqual(expect.arrayContaining(['DATABASE_URL', 'REDIS_URL', 'JWT_SECRET', 'LOG_LEVEL', 'NODE_ENV']));
    const interpolated = [...read('docker-compose.yml').matchAll(/(?<!\$)\$\{([A-Z][A-Z0-9_]+)/g)].map((m) => m[1]);
    const listed = exampleVariables();
    expect([...new Set([...app, ...interpolated])].filter((v) => !listed.has(v))).toEqual([]);
  });

  it('starts the server with the same node flags in the image, npm start and the bench', () => {
    const cmd: string[] = JSON.parse(/^CMD (\[.*\])$/m.exec(read('Dockerfile'))![1]);
    expect(cmd[0]).toBe('node');
    expect(cmd.at(-1)).toBe('server/dist/main.js');
    const flags = cmd.slice(1, -1);
    // The heap and its young generation are kept through quiet spells (bench/README.md, seventeenth and nineteenth sessions).
    expect(flags).toContain('--no-memory-reducer');
    expect(flags).toContain('--min-semi-space-size=16');
    const root = JSON.parse(read('package.json')).scripts;
    expect(root.start).toContain(`node ${flags.join(' ')} server/dist/main.js`);
    expect(root['start:prod']).toBe(`node ${flags.join(' ')} server/dist/main.js`);
    expect(JSON.parse(read('server/package.json')).scripts.start).toBe(`node ${flags.join(' ')} dist/main.js`);
    // The bench reads them from the Dockerfile.
    expect(read('bench/lib/servers.mjs')).toMatch(/deployedNodeArgs\(\)/);
  });

  it('the Dockerfile builds in a stage of its own and runs production dependencies only, as a non-root user, on Node 20', () => {
    const dockerfile = read('Dockerfile');
    const stages = dockerfile.split(/^FROM /m).slice(1);
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(stages.every((s) => /^node:20[-.\w]*/.test(s))).toBe(true);
    expect(stages[0]).toMatch(/npm ci/);
    expect(stages[0]).toMatch(/npm prune --omit=dev|npm ci --omit=dev/);
    const runtime = stages.at(-1)!;
    expect(runtime).toMatch(/COPY --from=build/);
    expect(runtime).not.toMatch(/npm (ci|install)(?![^\n]*--omit=dev)/);
    const user = [...runtime.matchAll(/^USER (\S+)/gm)].at(-1)?.[1];
    expect(user).toBeDefined();
    expect(['root', '0']).not.toContain(user);
    expect(runtime).toMatch(/NODE_ENV=production/);
    expect(runtime).toMatch(/^HEALTHCHECK .*\/api\/health/m);
  });
});
