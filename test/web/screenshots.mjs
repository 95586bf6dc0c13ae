#!/usr/bin/env node
/**
 * `npm run screenshots`: starts the built app on a throw-away SQLite DATA_DIR, fills it with a
 * realistic registry through the public API (agents with expertise, customers, tickets in every
 * state with their conversations and ratings), and photographs every main page of each role at
 * desktop (1440×900) and phone (360×780) sizes, a few of them in the dark scheme too, into
 * docs/screenshots/. Needs the build (`npm run build`) and Chromium at /usr/bin/chromium.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { io } from 'socket.io-client';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const MAIN = join(ROOT, 'server', 'dist', 'main.js');
const WEB = join(ROOT, 'web', 'build', 'index.html');
const OUT = join(ROOT, 'docs', 'screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const PASSWORD = 'Demo-passw0rd-2024';
const SIZES = {
  desktop: { width: 1440, height: 900 },
  phone: { width: 360, height: 780 },
};

for (const [what, path] of [
  ['the server build (npm run build)', MAIN],
  ['the web build (npm run build)', WEB],
  ['Chromium', CHROMIUM],
]) {
  if (!existsSync(path)) {
    console.error(`Missing ${what}: ${path}`);
    process.exit(1);
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

// ---------- the server ----------

const dataDir = mkdtempSync(join(tmpdir(), 'ccr-shots-'));
const port = await freePort();
const origin = `http://127.0.0.1:${port}`;
const admin = { email: 'admin@registry.example', password: PASSWORD };
let log = '';
const serverEnv = {
  PATH: process.env.PATH ?? '',
  NODE_ENV: 'test',
  PORT: String(port),
  DATA_DIR: dataDir,
  JWT_SECRET: randomBytes(32).toString('hex'),
  ADMIN_EMAIL: admin.email,
  ADMIN_PASSWORD: admin.password,
  BCRYPT_COST: '4',
  RATE_LIMIT_SCALE: '1000',
};
const server = spawn(process.execPath, [MAIN], { env: serverEnv, stdio: ['ignore', 'pipe', 'pipe'] });
server.stdout.on('data', (d) => (log += d));
server.stderr.on('data', (d) => (log += d));
const sockets = [];
let browser = null;

async function cleanup() {
  for (const s of sockets) s.disconnect();
  await browser?.close().catch(() => undefined);
  if (server.exitCode === null) {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
  }
  rmSync(dataDir, { recursive: true, force: true });
}

// ---------- the data, through the public API ----------

async function call(method, path, body, token) {
  const res = await fetch(`${origin}/api${path}`, {
    method,
    headers: {
      Accept: 'application/json',
      ...(body ? { 'Content-Type': 'application/json' } : {}),
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

const pause = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * The public API cannot write the past, so the last two weeks (for the stats charts, ratings and
 * the closed tickets) come from the server's own demo seeder, `npm run seed:demo`, run beside the
 * server; `--no-history` leaves it out. Everything of today is made through the API below.
 */
const SEED = join(ROOT, 'server', 'dist', 'database', 'seed-demo.js');
const withHistory = !process.argv.includes('--no-history') && existsSync(SEED);

async function seedHistory() {
  await new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SEED], { env: { ...serverEnv, DEMO_PASSWORD: PASSWORD }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`seed-demo failed:\n${out}`))));
  });
}

async function fill() {
  if (withHistory) await seedHistory();
  const adminToken = (await call('POST', '/auth/login', admin)).accessToken;
  const emailOf = (first, last) => `${first}.${last}`.toLowerCase().replace(/[^a-z.]/g, '') + '@example.com';

  const agentSpecs = [
    ['Hannah', 'Brooks', ['Electronics', 'Home & Kitchen'], 5],
    ['Felix', 'Wagner', ['Electronics'], 4],
    ['Ines', 'Costa', ['Fashion', 'Beauty & Health'], 3],
    ['Yusuf', 'Demir', ['Sports & Outdoors'], 3],
  ];
  const agents = {};
  for (const [firstName, lastName, expertise, maxConcurrent] of agentSpecs) {
    const email = emailOf(firstName, lastName);
    await call('POST', '/agents', { firstName, lastName, email, password: PASSWORD, expertise, maxConcurrent }, adminToken);
    const auth = await call('POST', '/auth/login', { email, password: PASSWORD });
    agents[firstName] = { ...auth.user, token: auth.accessToken, email };
  }

  const customerSpecs = [
    ['Oliver', 'Grant'],
    ['Elena', 'Petrova'],
    ['Noah', 'Fischer'],
    ['Chloe', 'Dubois'],
    ['Ravi', 'Patel'],
    ['Hana', 'Kim'],
    ['Diego', 'Alvarez'],
    ['Freya', 'Hansen'],
  ];
  const customers = {};
  for (const [firstName, lastName] of customerSpecs) {
    const email = emailOf(firstName, lastName);
    const auth = await call('POST', '/auth/register', { firstName, lastName, email, password: PASSWORD, confirmPassword: PASSWORD });
    customers[firstName] = { ...auth.user, token: auth.accessToken, email };
  }

  const say = (ticket, who, body) => call('POST', `/tickets/${ticket.id}/messages`, { clientId: randomUUID(), body }, who.token);
  async function ticket(spec) {
    const c = customers[spec.customer];
    const t = await call('POST', '/tickets', { subject: spec.subject, category: spec.category, description: spec.description }, c.token);
    if (spec.agent) await call('POST', `/tickets/${t.id}/assign`, { agentId: agents[spec.agent].id }, adminToken);
    for (const [side, body] of spec.chat ?? []) await say(t, side === 'c' ? c : agents[spec.agent], body);
    if (spec.close) await call('POST', `/tickets/${t.id}/close`, undefined, c.token);
    if (spec.rating) await call('POST', `/tickets/${t.id}/rating`, spec.rating, c.token);
    return t;
  }

  // History first (closed and rated), then the conversations in progress, then the queue.
  const closed = [
    {
      customer: 'Oliver',
      category: 'Electronics',
      agent: 'Felix',
      subject: 'Which charger for the Volt 14 laptop?',
      description: 'The original 65 W charger broke. Can I use a 100 W USB-C charger safely?',
      chat: [
        ['a', 'Hi Oliver! Yes: USB-C Power Delivery negotiates the power, so a 100 W charger only gives the laptop the 65 W it asks for.'],
        ['c', 'Great, and the cable?'],
        ['a', 'Any USB-C cable rated for 5 A / 100 W. The one in the box of most 100 W chargers is fine.'],
        ['c', 'Perfect, ordered. Thanks!'],
      ],
      close: true,
      rating: { score: 5, comment: 'Fast and clear answer.' },
    },
    {
      customer: 'Elena',
      category: 'Home & Kitchen',
      agent: 'Hannah',
      subject: 'Grind setting for espresso on the Mill 2',
      description: 'My espresso runs through in 10 seconds. Which grind setting should I start from?',
      chat: [
        ['a', 'Hello Elena, start at setting 4 and go one step finer until a double shot takes 25–30 seconds.'],
        ['c', 'Setting 3 did it, 27 seconds. Thanks!'],
      ],
      close: true,
      rating: { score: 4, comment: null },
    },
    {
      customer: 'Noah',
      category: 'Fashion',
      agent: 'Ines',
      subject: 'Return window for the winter parka',
      description: 'Bought a parka 25 days ago, still has tags. Can I still return it?',
      chat: [
        ['a', 'Hi Noah, yes: the return window is 30 days for unworn items with tags.'],
        ['c', 'Thanks, I will send it back this week.'],
      ],
      close: true,
      rating: { score: 5, comment: 'Very helpful.' },
    },
    {
      customer: 'Chloe',
      category: 'Sports & Outdoors',
      agent: 'Yusuf',
      subject: 'Trail shoes for muddy terrain',
      description: 'Looking at the Ridge GTX and the Ridge Trail. Which grips better in mud?',
      chat: [
        ['a', 'The Ridge Trail has 5 mm lugs versus 3.5 mm: much better in mud. The GTX is warmer and waterproof.'],
        ['c', 'Mud is the priority, Ridge Trail then.'],
      ],
      close: true,
      rating: { score: 3, comment: 'OK, took a while.' },
    },
    {
      customer: 'Oliver',
      category: 'Electronics',
      agent: 'Felix',
      subject: 'Smart plug not found by the app',
      description: 'The plug blinks blue but the app cannot find it.',
      chat: [
        ['a', 'Hi Oliver, the plug only supports 2.4 GHz Wi-Fi. Is your phone on a 5 GHz network?'],
        ['c', 'That was it! Works now.'],
      ],
      close: true,
      rating: { score: 5, comment: null },
    },
  ];
  for (const spec of closed) await ticket(spec);

  const talking = {};
  talking.soundbar = await ticket({
    customer: 'Oliver',
    category: 'Electronics',
    agent: 'Hannah',
    subject: 'Will the Vista 300 soundbar give me Atmos over HDMI ARC?',
    description:
      'I have a 2019 Samsung QLED with HDMI ARC (not eARC as far as I know). The Vista 300 listing says eARC for Dolby Atmos. Will I still get Atmos?',
    chat: [
      ['a', 'Hi Oliver, I am Hannah, I look after audio products. Happy to help!'],
      ['c', 'The TV model is QE55Q70R, if that helps.'],
      [
        'a',
        'Thanks. The Q70R has ARC only, so Atmos arrives as Dolby Digital Plus: you get Atmos from streaming apps on the TV, not lossless Atmos from a Blu-ray player.',
      ],
      ['c', 'Good to know. Is there a setting I need to change on the TV?'],
      [
        'a',
        'Yes: Sound → Expert settings → Digital output audio format → Auto. The steps are also on the support page: https://support.example.com/x200/arc-setup',
      ],
      ['c', 'Found it, thanks! One more thing: <b>does it come with a wall mount</b>?'],
    ],
  });
  talking.airfryer = await ticket({
    customer: 'Ravi',
    category: 'Home & Kitchen',
    agent: 'Hannah',
    subject: 'Which blade crushes ice in the Vortex blender?',
    description: 'The box came with two blades and the manual only shows pictures. Which one is for crushed ice?',
    chat: [
      ['c', 'Also, can the jug go in the dishwasher?'],
      ['a', 'Hi Ravi! Use the 4-prong blade for ice; the jug is dishwasher-safe on the top rack.'],
    ],
  });
  talking.headphones = await ticket({
    customer: 'Hana',
    category: 'Electronics',
    agent: 'Hannah',
    subject: 'Hissing from the Calm buds when noise cancelling is on',
    description: 'When ANC is on I hear a faint hiss in quiet rooms. Is that normal or a defect?',
    chat: [['c', 'It is only noticeable at night, but it bothers me.']],
  });
  talking.dress = await ticket({
    customer: 'Freya',
    category: 'Fashion',
    agent: 'Ines',
    subject: 'Linen shirt: slim or regular fit for broad shoulders?',
    description: "I'm usually an M. Reviews say the slim fit is tight across the shoulders.",
    chat: [
      ['c', 'I am 175 cm, in case the length matters.'],
      ['a', 'Hi Freya, take the regular fit in M: the slim fit is cut about 4 cm narrower across the back.'],
    ],
  });
  talking.tent = await ticket({
    customer: 'Diego',
    category: 'Sports & Outdoors',
    agent: 'Yusuf',
    subject: 'Paddle length for a touring kayak',
    description: 'I am 1.85 m and the kayak is 62 cm wide. 220 or 230 cm?',
    chat: [['a', 'Hello Diego, with a 62 cm beam and your height, 230 cm is the comfortable choice.']],
  });

  // The queue: waiting tickets, oldest first, a few minutes apart.
  const waiting = [
    [
      'Noah',
      'Beauty & Health',
      'Does the Glow SPF 50 leave a white cast?',
      'I have a darker skin tone and most mineral sunscreens look grey on me.',
    ],
    ['Chloe', 'Electronics', 'Tablet keyboard: French layout available?', 'I need the AZERTY layout for the Slate 11 keyboard cover.'],
    [
      'Elena',
      'Home & Kitchen',
      'Cast-iron pan arrived with rust spots',
      'Two small orange spots on the rim. Can I just re-season it, or should I return it?',
    ],
    [
      'Diego',
      'Sports & Outdoors',
      'Climbing shoes: street size or smaller?',
      'My street size is 43. The brand chart says 42, reviews say 41.',
    ],
  ];
  const queue = [];
  for (const [customer, category, subject, description] of waiting) {
    queue.push(await ticket({ customer, category, subject, description }));
    await pause(1200);
  }
  await say(queue[1], customers.Chloe, 'The model number is SK-11-FR, if that helps.');

  return { adminToken, agents, customers, talking, queue, say, history: withHistory };
}

// ---------- the pictures ----------

async function shoot(world) {
  mkdirSync(OUT, { recursive: true });
  for (const f of readdirSync(OUT)) if (f.endsWith('.png')) rmSync(join(OUT, f));

  // Felix and two demo agents are online (a connected socket); Hannah will be, through her browser.
  const online = [world.agents.Felix.token];
  if (world.history) {
    for (const key of ['lena', 'ada'])
      online.push((await call('POST', '/auth/login', { email: `${key}@demo.local`, password: PASSWORD })).accessToken);
  }
  for (const token of online) {
    const s = io(origin, { auth: { token }, transports: ['websocket'] });
    sockets.push(s);
    await new Promise((resolve) => s.once('connect', resolve));
  }

  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--no-first-run',
      '--hide-scrollbars',
      '--font-render-hinting=none',
    ],
  });

  const tom = world.customers.Oliver;
  const grace = world.agents.Hannah;
  const adminToken = world.adminToken;
  const closedForTom = (await call('GET', '/tickets?status=CLOSED', undefined, adminToken)).items.find(
    (t) => t.subject === 'Which charger for the Volt 14 laptop?',
  );

  // Saved replies: the team's come with the demo history (made here when it is left out), and Hannah keeps her own.
  if (!world.history) {
    for (const [shortcut, title, body] of [
      ['hello', 'Greeting', 'Hi {{customer.firstName}}, I am {{agent.firstName}} and I will help you with this.'],
      ['warranty', 'Warranty terms', 'Everything in {{ticket.category}} comes with a two-year warranty from the day it was delivered.'],
    ])
      await call('POST', '/saved-replies', { shortcut, title, body }, adminToken);
  }
  await call(
    'POST',
    '/saved-replies',
    { shortcut: 'wall-mount', title: 'Wall mounts', body: 'The WM-2 bracket fits every soundbar we sell; it holds up to 12 kg.' },
    grace.token,
  );
  await call(
    'POST',
    '/saved-replies',
    {
      shortcut: 'firmware',
      title: 'Firmware update',
      body: 'Hold the power button for 10 seconds, then update from the app under Settings → Device.',
    },
    grace.token,
  );

  const pages = [
    { name: 'sign-in', token: null, path: '/login', dark: true },
    { name: 'customer-dashboard', token: tom.token, path: '/customer', dark: false },
    { name: 'customer-new-ticket', token: tom.token, path: '/customer/tickets/new', dark: false },
    { name: 'customer-ticket-chat', token: tom.token, path: `/customer/tickets/${world.talking.soundbar.id}`, dark: true },
    { name: 'customer-ticket-waiting', token: world.customers.Chloe.token, path: `/customer/tickets/${world.queue[1].id}`, dark: false },
    { name: 'agent-workspace', token: grace.token, path: `/agent/tickets/${world.talking.soundbar.id}`, dark: true, agent: true },
    { name: 'agent-conversations', token: grace.token, path: '/agent', dark: false, phoneOnly: true, agent: true },
    { name: 'admin-queue', token: adminToken, path: '/admin', dark: true },
    { name: 'admin-tickets', token: adminToken, path: '/admin/tickets', dark: false },
    { name: 'admin-ticket-history', token: adminToken, path: `/admin/tickets/${closedForTom.id}`, dark: false },
    { name: 'admin-agents', token: adminToken, path: '/admin/agents', dark: false },
    { name: 'admin-stats', token: adminToken, path: '/admin/stats', dark: true },
    { name: 'admin-settings', token: adminToken, path: '/admin/settings', dark: false },
    { name: 'admin-saved-replies', token: adminToken, path: '/admin/settings/replies', dark: false },
    { name: 'agent-saved-replies', token: grace.token, path: '/agent/replies', dark: true },
    {
      name: 'agent-saved-reply-picker',
      token: grace.token,
      path: `/agent/tickets/${world.talking.soundbar.id}`,
      dark: false,
      picker: true,
    },
    { name: 'account', token: grace.token, path: '/account', dark: true },
  ];

  for (const [size, viewport] of Object.entries(SIZES)) {
    for (const scheme of ['light', 'dark']) {
      const context = await browser.newContext({ viewport, colorScheme: scheme, reducedMotion: 'reduce', deviceScaleFactor: 1 });
      for (const p of pages) {
        if (scheme === 'dark' && !p.dark) continue;
        if (p.phoneOnly && size !== 'phone') continue;
        const page = await context.newPage();
        await page.addInitScript((token) => {
          if (token) localStorage.setItem('ccr.token', token);
          else localStorage.removeItem('ccr.token');
        }, p.token);
        await page.goto(`${origin}${p.path}`);
        await settle(page);
        if (p.agent) await agentScene(page, world);
        if (p.picker) await pickerScene(page);
        const file = `${p.name}-${size}${scheme === 'dark' ? '-dark' : ''}.png`;
        await page.screenshot({ path: join(OUT, file), fullPage: false });
        console.log(`  ${file}`);
        await page.close();
      }
      await context.close();
    }
  }
}

/** Waits until the page has loaded its data: no spinner left, charts drawn, fonts ready. */
async function settle(page) {
  await page.getByRole('main').waitFor();
  await page.waitForLoadState('networkidle').catch(() => undefined);
  await page.waitForFunction(() => !document.querySelector('main .spinner'), undefined, { timeout: 15_000 }).catch(() => undefined);
  await page.evaluate(() => document.fonts.ready);
  await page.waitForTimeout(400);
}

let agentRound = 0;
/** The agent workspace with some life in it: a draft, and customers writing in the other chats. */
async function agentScene(page, world) {
  const composer = page.getByRole('textbox', { name: 'Message', exact: true });
  if (await composer.count()) {
    await composer.fill('There is no wall mount in the box, but the WM-2 bracket fits: ');
  }
  agentRound++;
  await world.say(
    world.talking.headphones,
    world.customers.Hana,
    agentRound === 1 ? 'Should I try a firmware update first?' : 'Thanks for looking into it!',
  );
  await world.say(world.talking.airfryer, world.customers.Ravi, agentRound === 1 ? 'Great, thank you!' : 'One more: max temperature?');
  await page.waitForTimeout(600);
}

/** An agent typing "/" in the composer: the saved replies listed above it. */
async function pickerScene(page) {
  const composer = page.getByRole('textbox', { name: 'Message', exact: true });
  await composer.fill('/');
  await page.getByRole('listbox', { name: 'Saved replies' }).waitFor();
  await composer.press('ArrowDown');
  await page.waitForTimeout(200);
}

// ---------- run ----------

try {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`the server exited:\n${log}`);
    const ok = await fetch(`${origin}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`the server did not start:\n${log}`);
    await new Promise((r) => setTimeout(r, 150));
  }
  const world = await fill();
  await shoot(world);
  const files = readdirSync(OUT).filter((f) => f.endsWith('.png'));
  const kb = Math.round(files.reduce((n, f) => n + statSync(join(OUT, f)).size, 0) / 1024);
  console.log(`Wrote ${files.length} screenshots (${kb} KB) to ${OUT}`);
} catch (e) {
  console.error(e);
  process.exitCode = 1;
} finally {
  await cleanup();
}
