import 'reflect-metadata';
import { randomBytes, randomUUID } from 'node:crypto';
import * as bcrypt from 'bcryptjs';
import { type EntityManager, type EntityTarget, type ObjectLiteral, Like } from 'typeorm';
import { DEFAULT_CATEGORIES, Role, TicketEventType, TicketStatus } from '@ccr/shared';
import { ConfigError, loadConfig } from '../config/config';
import { createDataSource } from './data-source';
import { AppValue } from './kv.entity';
import { User } from '../users/user.entity';
import { AgentProfile } from '../users/agent-profile.entity';
import { Ticket } from '../tickets/ticket.entity';
import { Rating } from '../tickets/rating.entity';
import { TicketEvent } from '../tickets/ticket-event.entity';
import { Message } from '../address-column/message.entity';
import { ReadMarker } from '../address-column/read-marker.entity';
import { SavedReply, TEAM_KEY } from '../saved-replies/saved-reply.entity';
import { CliError, passwordProblem } from '../users/admin-create';

/**
 * A living registry for newcomers: `npm run seed:demo` writes categories, expert agents, customers and
 * tickets in every state with their conversations, ratings and audit trail, on DATABASE_URL or the
 * embedded SQLite file in DATA_DIR. Every demo account has an @demo.local address and one password
 * (DEMO_PASSWORD, or a random one printed at the end). It refuses to run twice.
 */

const DEMO_DOMAIN = 'demo.local';
const DEMO_CATEGORIES = [...DEFAULT_CATEGORIES, 'Toys & Games'];

/** The team's saved replies (kept by admins), and a few of the agents' own, keyed by agent. */
const TEAM_REPLIES = [
  { shortcut: 'hello', title: 'Greeting', body: 'Hi {{customer.firstName}}, I am {{agent.firstName}} and I will help you with this.' },
  {
    shortcut: 'refund',
    title: 'How refunds work',
    body: 'Refunds reach your card within 5 working days of the return arriving at our warehouse.',
  },
  {
    shortcut: 'warranty',
    title: 'Warranty terms',
    body: 'Everything in {{ticket.category}} comes with a two-year warranty from the day it was delivered.',
  },
  {
    shortcut: 'shipping',
    title: 'Delivery times',
    body: 'Orders leave our warehouse within one working day; delivery takes 2 to 4 days after that.',
  },
  {
    shortcut: 'bye',
    title: 'Closing',
    body: 'Glad I could help, {{customer.firstName}}! Close the ticket when you are happy with the answer.',
  },
];
const OWN_REPLIES: Partial<Record<(typeof AGENTS)[number]['key'], { shortcut: string; title: string; body: string }[]>> = {
  ada: [{ shortcut: 'hdmi', title: 'HDMI cables', body: 'Any HDMI 2.1 cable works; the one in the box is 1.5 m long.' }],
  grace: [
    {
      shortcut: 'sizes',
      title: 'Size guide',
      body: 'Our size guide is on every product page, under the pictures; it lists the measurements in cm.',
    },
  ],
};

const AGENTS = [
  { key: 'ada', firstName: 'Ada', lastName: 'Lindqvist', expertise: ['Electronics'], maxConcurrent: 4 },
  { key: 'grace', firstName: 'Grace', lastName: 'Okafor', expertise: ['Electronics', 'Home & Kitchen'], maxConcurrent: 4 },
  { key: 'marta', firstName: 'Marta', lastName: 'Ruiz', expertise: ['Fashion', 'Beauty & Health'], maxConcurrent: 3 },
  { key: 'kenji', firstName: 'Kenji', lastName: 'Sato', expertise: ['Sports & Outdoors', 'Toys & Games'], maxConcurrent: 3 },
  // No expertise: a generalist who takes any category.
  { key: 'lena', firstName: 'Lena', lastName: 'Novak', expertise: [] as string[], maxConcurrent: 5 },
] as const;

const CUSTOMERS = [
  { key: 'tom', firstName: 'Tom', lastName: 'Becker' },
  { key: 'priya', firstName: 'Priya', lastName: 'Nair' },
  { key: 'jonas', firstName: 'Jonas', lastName: 'Weber' },
  { key: 'amara', firstName: 'Amara', lastName: 'Diallo' },
  { key: 'lucas', firstName: 'Lucas', lastName: 'Martin' },
  { key: 'sofia', firstName: 'Sofia', lastName: 'Rossi' },
  { key: 'mei', firstName: 'Mei', lastName: 'Chen' },
  { key: 'omar', firstName: 'Omar', lastName: 'Haddad' },
] as const;

type AgentKey = (typeof AGENTS)[number]['key'];
type CustomerKey = (typeof CUSTOMERS)[number]['key'];
/** c: the customer wrote it, a: the agent. */
type Line = ['c' | 'a', string];

interface DemoTicket {
  customer: CustomerKey;
  category: string;
  subject: string;
  description: string;
  status: TicketStatus;
  agent?: AgentKey;
  /** When the ticket was raised, in hours before the seed runs. */
  hoursAgo: number;
  chat: Line[];
  rating?: [score: number, comment: string | null];
}

const DAY = 24;

const TICKETS: DemoTicket[] = [
  // Waiting in the queue: no agent yet, the customer added details while waiting.
  {
    customer: 'tom',
    category: 'Electronics',
    status: TicketStatus.OPEN,
    hoursAgo: 0.4,
    subject: "Is the X200 soundbar compatible with my TV's HDMI ARC?",
    description:
      'I have a 2019 Samsung QLED with HDMI ARC (not eARC as far as I know). The X200 listing says eARC for Dolby Atmos. Will I still get Atmos, or only stereo?',
    chat: [
      ['c', 'The TV model is QE55Q70R, if that helps.'],
      ['c', "I'd like to order before the weekend sale ends, so a quick answer would be great."],
    ],
  },
  {
    customer: 'priya',
    category: 'Home & Kitchen',
    status: TicketStatus.OPEN,
    hoursAgo: 1.2,
    subject: 'Can the Aero 5 L air fryer basket go in the dishwasher?',
    description: "The manual I found online contradicts the product page. I don't want to ruin the non-stick coating.",
    chat: [
      ['c', 'Also, is the coating PFOA-free?'],
      ['c', 'Found the manual PDF: page 12 says hand wash only, but the product page says dishwasher safe. Which one is right?'],
    ],
  },
  {
    customer: 'sofia',
    category: 'Fashion',
    status: TicketStatus.OPEN,
    hoursAgo: 2.5,
    subject: 'Does the merino wrap dress run small?',
    description: "I'm usually a 38 (EU). Reviews say it runs small and shrinks in the wash. Should I take a 40?",
    chat: [
      ['c', "I'm 168 cm tall, in case the length matters."],
      ['c', 'And can it go in the machine on the wool cycle?'],
    ],
  },
  {
    customer: 'omar',
    category: 'Sports & Outdoors',
    status: TicketStatus.OPEN,
    hoursAgo: 3.8,
    subject: 'Is the Summit 2 tent really waterproof to 3000 mm?',
    description: 'Planning a week in Scotland in October. Is the 3000 mm rating for the fly only or the floor too? Are the seams taped?',
    chat: [
      ['c', 'Also wondering whether the footprint is included or sold separately.'],
      ['c', 'Thanks in advance!'],
    ],
  },
  {
    customer: 'mei',
    category: 'Beauty & Health',
    status: TicketStatus.OPEN,
    hoursAgo: 0.2,
    subject: 'Is the Hydra serum safe during pregnancy?',
    description: "The ingredient list mentions retinyl palmitate. I'm five months pregnant: is this product OK to use?",
    chat: [
      ['c', "I can send a photo of the box's ingredient list if needed."],
      ['c', 'My pharmacist said to ask the manufacturer, so here I am.'],
    ],
  },
  {
    customer: 'lucas',
    category: 'Toys & Games',
    status: TicketStatus.OPEN,
    hoursAgo: 5.5,
    subject: 'Age recommendation for the Orbit marble run',
    description:
      'The box says 8+, my son is 6 and loves building. Are there small parts that are a choking hazard? We also have a 2-year-old.',
    chat: [
      ['c', 'How many of the 120 pieces are smaller than 3 cm?'],
      ['c', 'Just want to be sure before his birthday next week.'],
    ],
  },
  {
    customer: 'jonas',
    category: 'Electronics',
    status: TicketStatus.OPEN,
    hoursAgo: 1.9,
    subject: 'Does the Pixelbook 14 charge from a 65 W USB-C dock?',
    description: 'My work dock delivers 65 W over USB-C PD. The laptop ships with a 90 W charger. Will it charge, and will it throttle?',
    chat: [
      ['c', 'The dock is a Lenovo USB-C Dock Gen 2.'],
      ['c', 'Also: can it drive two external monitors through that dock?'],
    ],
  },

  // Being answered right now.
  {
    customer: 'amara',
    category: 'Electronics',
    status: TicketStatus.ASSIGNED,
    agent: 'ada',
    hoursAgo: 3,
    subject: 'Does noise cancelling on the Quiet 700 work without the app?',
    description: "I don't want to install yet another app. Can I switch the noise-cancelling modes with the buttons only?",
    chat: [
      [
        'a',
        "Hi Amara, I'm Ada from the electronics team. Yes: a long press on the left earcup cycles through noise cancelling, transparency and off, no app needed.",
      ],
      ['c', 'Great. And the EQ? The bass felt a bit heavy on the demo unit in the shop.'],
      ['a', 'The EQ can only be changed in the app, I am afraid. You need it once: the setting is stored on the headphones.'],
      ['c', 'So I could install it once, set the EQ and delete it again?'],
      ['a', 'Exactly. The setting stays on the headphones, even when you pair them with another phone.'],
      ['c', 'Perfect. One last thing: is the hard case included?'],
    ],
  },
  {
    customer: 'tom',
    category: 'Electronics',
    status: TicketStatus.ASSIGNED,
    agent: 'ada',
    hoursAgo: 20,
    subject: 'Pulse 3 smartwatch: swimming in the sea?',
    description: 'The Pulse 3 is rated 5 ATM. Is that fine for swimming in salt water, and do I need to rinse it afterwards?',
    chat: [
      ['a', "Hi Tom! 5 ATM is fine for swimming in the pool and the sea. Snorkelling is OK, diving isn't."],
      ['c', 'And the salt water?'],
      ['a', 'Rinse it with fresh water afterwards and let it dry; salt crystals can block the openings of the pressure sensor over time.'],
      ['c', 'Does swim tracking count laps in open water?'],
      ['a', "In open water it measures distance by GPS rather than laps, so start the 'Open water' workout instead of 'Pool swim'."],
    ],
  },
  {
    customer: 'priya',
    category: 'Home & Kitchen',
    status: TicketStatus.ASSIGNED,
    agent: 'grace',
    hoursAgo: 6,
    subject: 'Do my enamelled cast-iron pans work on the Vita 60 induction hob?',
    description:
      "I'm moving to a flat with the Vita 60 induction hob. My cast-iron pans are enamelled. Will they work, and can they scratch the glass?",
    chat: [
      ['a', 'Hi Priya, Grace here. Enamelled cast iron works very well on induction: it is magnetic, which is all the hob needs.'],
      ['c', 'Phew. And the scratching?'],
      [
        'a',
        'Lift the pan rather than sliding it and keep the base clean. The enamel itself is smooth, but grit under the pan can scratch the glass.',
      ],
      ['c', 'Makes sense. Is there a boost setting to boil water quickly?'],
    ],
  },
  {
    customer: 'jonas',
    category: 'Home & Kitchen',
    status: TicketStatus.ASSIGNED,
    agent: 'grace',
    hoursAgo: 12,
    subject: 'Will the Cleo S robot vacuum handle a high-pile rug?',
    description: 'We have a shag rug (about 4 cm pile) in the living room. Will the Cleo S get stuck, or can I exclude the rug in the app?',
    chat: [
      ['a', 'Hi Jonas, with a 4 cm pile the Cleo S tends to get stuck: the recommended maximum is 2 cm.'],
      ['c', "That's a pity. Can I set a no-go zone?"],
      ['a', 'Yes. Once it has mapped the flat you can draw no-go zones in the app; many customers do that for rugs.'],
      ['c', 'And does it remember the map for each floor? We have two.'],
      ['a', 'It stores up to three maps and recognises the floor by itself.'],
      ['c', "Great, thanks. I'll think about it and get back to you today."],
    ],
  },
  {
    customer: 'sofia',
    category: 'Fashion',
    status: TicketStatus.ASSIGNED,
    agent: 'marta',
    hoursAgo: 26,
    subject: 'Are the Nordic Chelsea boots waterproof or water-resistant?',
    description: "The listing says 'weatherproof'. I walk to work in the rain every day: will my feet stay dry?",
    chat: [
      [
        'a',
        "Hi Sofia, I'm Marta. The Nordic Chelsea is water-resistant: treated leather and a sealed sole, but the elastic side panels let water in during heavy rain.",
      ],
      ['c', 'Hmm. Is there a model that is actually waterproof?'],
      ['a', 'The Nordic Chelsea GTX has a membrane and is fully waterproof. Same last, so the same size fits.'],
      ['c', 'Does the GTX come in dark brown?'],
      ['a', 'It does, in dark brown and black. Dark brown is back in stock on Friday.'],
    ],
  },
  {
    customer: 'mei',
    category: 'Beauty & Health',
    status: TicketStatus.ASSIGNED,
    agent: 'marta',
    hoursAgo: 2,
    subject: 'Which brush heads fit the Sonic Pro 4?',
    description: "I have the Sonic Pro 4 toothbrush. Do the cheaper 'Clean' heads fit, or only the 'Pro' heads?",
    chat: [
      ['a', 'Hi Mei, both fit the Sonic Pro 4: every head of the Sonic range uses the same click mount.'],
      ['c', 'Is there any difference in cleaning, then?'],
      [
        'a',
        'The Pro heads have angled bristles and a wear indicator; the Clean heads are a little softer, which is good for sensitive gums.',
      ],
      ['c', 'My gums are sensitive, so the Clean heads it is. How often should I replace them?'],
    ],
  },
  {
    customer: 'omar',
    category: 'Sports & Outdoors',
    status: TicketStatus.ASSIGNED,
    agent: 'kenji',
    hoursAgo: 8,
    subject: 'Which size of the Ridge 40 backpack for a 49 cm torso?',
    description: 'My torso length is 49 cm. The Ridge 40 comes in S/M and M/L. Which one should I take?',
    chat: [
      ['a', "Hi Omar, Kenji here. 49 cm is right on the border: S/M goes up to 48 cm, M/L fits 47 to 53 cm. I'd take the M/L."],
      ['c', 'Is the back system adjustable?'],
      ['a', 'Yes, the M/L harness slides over about 6 cm, so you can fine-tune it at home.'],
      ['c', 'Great. Is a rain cover included?'],
      ['a', 'It is, tucked into the bottom pocket.'],
    ],
  },
  {
    customer: 'lucas',
    category: 'Toys & Games',
    status: TicketStatus.ASSIGNED,
    agent: 'kenji',
    hoursAgo: 4,
    subject: 'Do the new Blox Technic gears fit our older sets?',
    description: 'We have lots of the 2015 Blox Technic sets. Will the new gear pack fit the old axles?',
    chat: [
      ['a', "Hi Lucas! Yes, the axle profile hasn't changed, so the gears fit old and new axles alike."],
      ['c', 'And the motors? The old battery box has a different plug.'],
      [
        'a',
        'The new motors use the new plug. An adapter cable (item 8886-A) connects old motors to the new hub, but not the other way round.',
      ],
    ],
  },
  {
    customer: 'amara',
    category: 'Home & Kitchen',
    status: TicketStatus.ASSIGNED,
    agent: 'lena',
    hoursAgo: 10,
    subject: 'Does the Brew One coffee machine descale itself?',
    description: 'Before I buy: how much maintenance does the Brew One need? Does it descale automatically?',
    chat: [
      ['a', "Hi Amara, I'm Lena. The Brew One reminds you when it is time and runs the programme, but you add the descaler yourself."],
      ['c', 'How often?'],
      ['a', 'That depends on your water hardness, which you set once in the menu. With hard water, about every six weeks.'],
      ['c', 'Can I use citric acid instead of the branded descaler?'],
      [
        'a',
        "Citric acid works if you follow the dosage in the manual: a stronger solution can damage the seals, and that isn't covered by the warranty.",
      ],
      ['c', 'Good to know, thanks!'],
    ],
  },

  // Answered and closed; most of them rated.
  {
    customer: 'tom',
    category: 'Electronics',
    status: TicketStatus.CLOSED,
    agent: 'ada',
    // Closed a couple of hours ago, so today's dashboard has a closed ticket too.
    hoursAgo: 4,
    subject: 'Does the Nova 13 laptop have a backlit keyboard?',
    description: "The spec sheet doesn't say. I often work in the evenings.",
    chat: [
      ['a', 'Hi Tom, yes: the Nova 13 has a backlit keyboard with two brightness levels (Fn + F5).'],
      ['c', 'Great. Does the EU store ship a UK or a US layout?'],
      [
        'a',
        "The store ships the layout of the delivery country, so UK for you. You can choose another one on the product page under 'Keyboard'.",
      ],
      ['c', 'Perfect, ordered. Thanks Ada!'],
    ],
    rating: [5, 'Quick and precise answer.'],
  },
  {
    customer: 'priya',
    category: 'Home & Kitchen',
    status: TicketStatus.CLOSED,
    agent: 'grace',
    hoursAgo: 3 * DAY,
    subject: 'Can the Chef 4.8 L stand mixer knead bread dough?',
    description: 'Can the Chef 4.8 L mixer knead dough made with 1 kg of flour, or is it too small?',
    chat: [
      ['a', 'Hi Priya, 1 kg of flour is the upper limit for the 4.8 L bowl with the dough hook. It works, on speed 1 or 2.'],
      ['c', 'Will the motor overheat?'],
      ['a', 'Knead for up to 8 minutes at a time. The motor has thermal protection, but short pauses help.'],
      ['c', 'OK. I might go for the 6.7 L model then. Same attachments?'],
      ['a', 'Yes, every attachment fits both models.'],
      ['c', 'Thanks, that settles it.'],
    ],
    rating: [4, null],
  },
  {
    customer: 'jonas',
    category: 'Electronics',
    status: TicketStatus.CLOSED,
    agent: 'ada',
    hoursAgo: 5 * DAY,
    subject: 'Mesh AX Wi-Fi: two units or three?',
    description: 'Our flat has 120 m² over two floors. Is the two-pack of the Mesh AX enough, or do I need the three-pack?',
    chat: [
      ['a', 'Hi Jonas, for 120 m² over two floors the two-pack is usually enough: one unit by the router, one on the other floor.'],
      ['c', 'The walls are concrete. Does that change things?'],
      [
        'a',
        'Concrete weakens the signal a lot. If you can, connect the second unit by cable (wired backhaul); otherwise the three-pack is the safer choice.',
      ],
      ['c', 'I do have an ethernet socket upstairs.'],
      ['a', 'Then the two-pack with wired backhaul gives you the best speed.'],
      ['c', 'Does the second unit need its own setup?'],
      ['a', 'No: plug it in, press the button on the first unit and it joins the network within a minute or two.'],
      ['c', 'Great, thanks!'],
    ],
    rating: [5, 'Really knew her stuff.'],
  },
  {
    customer: 'amara',
    category: 'Fashion',
    status: TicketStatus.CLOSED,
    agent: 'marta',
    hoursAgo: 6 * DAY,
    subject: 'Are the white linen trousers see-through?',
    description: 'The white Linen Relaxed trousers look quite thin in the pictures. Are they lined?',
    chat: [
      ['a', "Hi Amara, the white ones are half-lined, down to the knee, so they aren't see-through."],
      ['c', 'And the sand colour?'],
      ['a', "Sand isn't lined, but the fabric is denser: in daylight it isn't see-through either."],
      ['c', "Thanks, I'll take the white ones."],
    ],
    rating: [4, 'Helpful; a photo would have been nice.'],
  },
  {
    customer: 'sofia',
    category: 'Beauty & Health',
    status: TicketStatus.CLOSED,
    agent: 'marta',
    hoursAgo: 8 * DAY,
    subject: 'Does the Ionic 2200 hair dryer come with a diffuser?',
    description: 'I have curly hair. Does the Ionic 2200 come with a diffuser, and does the cool shot button lock?',
    chat: [
      ['a', "Hi Sofia, the Ionic 2200 comes with a diffuser and two nozzles. The cool shot is a button you hold; it doesn't lock."],
      ['c', 'Hmm, holding it is tiring. Is there a model where it locks?'],
      ['a', 'The Ionic Pro has a cool setting you can leave on, and it comes with the diffuser too.'],
      ['c', "OK, I'll look at the Pro."],
      ['c', 'Ordered, thank you!'],
    ],
    rating: [3, 'Fine answer, but the Pro costs a lot more.'],
  },
  {
    customer: 'omar',
    category: 'Sports & Outdoors',
    status: TicketStatus.CLOSED,
    agent: 'kenji',
    hoursAgo: 9 * DAY,
    subject: 'Aero Road helmet with MIPS in size L?',
    description: 'Is the Aero Road helmet available with MIPS in size L (59 to 62 cm)?',
    chat: [
      ['a', 'Hi Omar, yes: the MIPS version comes in S, M and L, and L fits 59 to 62 cm.'],
      ['c', 'Can I attach a rear light?'],
      ['a', 'There is a clip at the back for the Aero light, sold separately.'],
      ['c', 'Great, thanks Kenji.'],
    ],
    rating: [5, null],
  },
  {
    customer: 'mei',
    category: 'Electronics',
    status: TicketStatus.CLOSED,
    agent: 'grace',
    hoursAgo: 10 * DAY,
    subject: 'Can I borrow library e-books on the Page 7 e-reader?',
    description: 'Does the Page 7 support library loans (EPUB with Adobe DRM)?',
    chat: [
      ['a', 'Hi Mei, Grace here. Yes, the Page 7 reads Adobe DRM EPUBs: you authorise it once with an Adobe ID.'],
      ['c', 'Over Wi-Fi, or only through a computer?'],
      [
        'a',
        'If your library uses the built-in lending service you can borrow directly on the device; otherwise through Adobe Digital Editions on a computer.',
      ],
      ['c', 'My library uses the built-in service. Perfect!'],
    ],
    rating: [5, 'Super helpful.'],
  },
  {
    customer: 'lucas',
    category: 'Sports & Outdoors',
    status: TicketStatus.CLOSED,
    agent: 'kenji',
    hoursAgo: 12 * DAY,
    subject: 'Bike size for my 7-year-old: 20 or 24 inch?',
    description: 'My daughter is 122 cm tall. Should we get 20 or 24 inch wheels?',
    chat: [
      ['a', 'Hi Lucas! At 122 cm a 20 inch bike fits best; 24 inch starts at around 130 cm.'],
      ['c', 'She grows fast, though...'],
      ['a', 'The Junior 20 has an adjustable seat post and stem, which gives her about two more years on it.'],
      ['c', 'OK, thanks.'],
    ],
    rating: [4, null],
  },
  {
    customer: 'tom',
    category: 'Home & Kitchen',
    status: TicketStatus.CLOSED,
    agent: 'lena',
    hoursAgo: 14 * DAY,
    subject: 'Replacement filters for the Pure 300 water jug',
    description: 'Which filter cartridges fit the Pure 300? The original ones are sold out.',
    chat: [
      ['a', 'Hi Tom, Lena here. The Pure 300 takes Maxtra-style cartridges: both the Pure cartridges and Maxtra+ fit.'],
      ['c', 'Are third-party cartridges fine as well?'],
      ['a', "They fit, but we can't vouch for how well they filter. The Pure cartridges are back in stock next week."],
      ['c', "I'll wait for the originals, then."],
      ['c', 'Thanks for the quick answer.'],
    ],
    rating: [4, 'Friendly and honest.'],
  },
  {
    customer: 'priya',
    category: 'Toys & Games',
    status: TicketStatus.CLOSED,
    agent: 'lena',
    hoursAgo: 15 * DAY,
    subject: 'Which battery does the Rally RC car use?',
    description: 'Which battery does the Rally RC car take, and how long does a charge last?',
    chat: [
      ['a', 'Hi Priya, it uses the included 7.4 V Li-ion pack: about 25 minutes of driving per charge.'],
      ['c', 'Can I buy a second battery?'],
      ['a', 'Yes, the spare pack is item RC-74. It charges with the same USB cable in about two hours.'],
      ['c', 'Great, thanks.'],
    ],
    rating: [5, null],
  },
  {
    customer: 'jonas',
    category: 'Fashion',
    status: TicketStatus.CLOSED,
    agent: 'marta',
    hoursAgo: 16 * DAY,
    subject: 'Is the Harbour wool coat dry clean only?',
    description: 'Can the Harbour wool coat go in the washing machine on the wool cycle?',
    chat: [
      ['a', 'Hi Jonas, the label says dry clean only because of the lining: washing can make it shrink unevenly.'],
      ['c', "OK, that's a shame. Thanks for the honest answer."],
    ],
  },
  {
    customer: 'amara',
    category: 'Sports & Outdoors',
    status: TicketStatus.CLOSED,
    agent: 'kenji',
    hoursAgo: 18 * DAY,
    subject: 'Yoga mat thickness for sensitive knees',
    description: 'Is the 6 mm Flow mat enough cushioning for sensitive knees, or should I get the 8 mm one?',
    chat: [
      ['a', "Hi Amara, for sensitive knees I'd take the 8 mm Comfort mat: softer, but still stable for standing poses."],
      ['c', 'Is it much heavier to carry?'],
      ['a', 'About 2.3 kg instead of 1.8 kg, and it comes with a carry strap.'],
      ['c', 'Fine. Thanks!'],
    ],
    rating: [5, 'Exactly what I needed.'],
  },
  {
    customer: 'sofia',
    category: 'Electronics',
    status: TicketStatus.CLOSED,
    agent: 'grace',
    hoursAgo: 19 * DAY,
    subject: 'Does the Snap 2 compact camera shoot RAW?',
    description: "I'm learning photography. Does the Snap 2 save RAW files?",
    chat: [
      ['a', 'Hi Sofia, yes: RAW (DNG), JPEG, or both at once.'],
      ['c', 'Which software opens them?'],
      ['a', 'DNG is an open format: Lightroom, darktable and most photo apps open it.'],
      ['c', 'Thank you!'],
    ],
  },
  {
    customer: 'omar',
    category: 'Beauty & Health',
    status: TicketStatus.CLOSED,
    agent: 'lena',
    hoursAgo: 20 * DAY,
    subject: 'Can I use the Edge beard trimmer in the shower?',
    description: 'Is the Edge trimmer waterproof, so I can use it in the shower?',
    chat: [
      ['a', 'Hi Omar, the Edge is rated IPX7: fine in the shower and rinsable under the tap. Only charge it when it is dry.'],
      ['c', 'And the battery life?'],
      ['a', 'About 90 minutes of trimming; a full charge takes an hour.'],
      ['c', 'Great, ordering now.'],
    ],
    rating: [4, null],
  },
];

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** A small seeded generator, so every run lays out the same timeline. */
function generator(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return (min: number, max: number) => min + next() * (max - min);
}

/** TypeORM on SQLite refuses very large multi-row inserts; a few hundred rows at a time is safe everywhere. */
async function insertAll<T extends ObjectLiteral>(em: EntityManager, target: EntityTarget<T>, rows: T[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) await em.insert(target, rows.slice(i, i + 200) as never);
}

const event = (
  ticketId: string,
  actorId: string | null,
  type: TicketEventType,
  data: Record<string, unknown>,
  createdAt: Date,
): TicketEvent => ({
  id: randomUUID(),
  ticketId,
  actorId,
  type,
  data,
  createdAt,
});

export interface SeedSummary {
  categories: string[];
  agents: number;
  customers: number;
  tickets: Record<TicketStatus, number>;
  messages: number;
  ratings: number;
  savedReplies: number;
  password: string;
  passwordGenerated: boolean;
}

function demoPassword(): { password: string; generated: boolean } {
  const fromEnv = process.env.DEMO_PASSWORD;
  if (fromEnv) {
    const problem = passwordProblem(fromEnv);
    if (problem) throw new CliError(`DEMO_PASSWORD: ${problem}`);
    return { password: fromEnv, generated: false };
  }
  return { password: `demo-${randomBytes(6).toString('base64url')}`, generated: true };
}

export async function seedDemo(opts: { allowProduction?: boolean } = {}): Promise<SeedSummary> {
  // ADMIN_EMAIL/ADMIN_PASSWORD belong to the server's first start; the seed neither needs nor checks them.
  const config = loadConfig({ ...process.env, ADMIN_EMAIL: undefined, ADMIN_PASSWORD: undefined });
  if (config.production && !opts.allowProduction) {
    throw new CliError(
      'NODE_ENV=production: the demo writes accounts with a shared, printed password. Pass --allow-production if this is really a demo deployment.',
    );
  }
  const { password, generated } = demoPassword();
  const dataSource = createDataSource(config);
  dataSource.setOptions({ logging: false });
  await dataSource.initialize();
  try {
    const existing = await dataSource.getRepository(User).count({ where: { email: Like(`%@${DEMO_DOMAIN}`) } });
    if (existing) {
      throw new CliError(
        `The demo is already seeded (${existing} @${DEMO_DOMAIN} account${existing === 1 ? '' : 's'} exist). Use a fresh database or DATA_DIR to seed it again.`,
      );
    }
    // One hash for every demo account: they share the password, and bcrypt at production cost is slow.
    const passwordHash = await bcrypt.hash(password, config.bcryptCost);
    const summary = await dataSource.transaction((em) => writeDemo(em, passwordHash));
    return { ...summary, password, passwordGenerated: generated };
  } finally {
    await dataSource.destroy();
  }
}

async function writeDemo(em: EntityManager, passwordHash: string): Promise<Omit<SeedSummary, 'password' | 'passwordGenerated'>> {
  const now = Date.now();
  const at = (ms: number) => new Date(Math.min(ms, now));
  const rand = generator(8);

  // Categories: the demo's joined to whatever the admin already offers, written as SettingsService writes them.
  const stored = await em.findOne(AppValue, { where: { name: 'categories' } });
  const categories: string[] = stored?.json ? (JSON.parse(stored.json) as string[]) : [...DEFAULT_CATEGORIES];
  for (const c of DEMO_CATEGORIES) if (!categories.some((x) => x.toLowerCase() === c.toLowerCase())) categories.push(c);
  await em.upsert(AppValue, { name: 'categories', json: JSON.stringify(categories), counter: 0 }, ['name']);

  // Accounts, created a month ago so they predate their tickets.
  const joined = at(now - 30 * DAY * HOUR);
  const account = (role: Role, p: { key: string; firstName: string; lastName: string }): User => ({
    id: randomUUID(),
    role,
    firstName: p.firstName,
    lastName: p.lastName,
    email: `${p.key}@${DEMO_DOMAIN}`,
    passwordHash,
    tokenVersion: 0,
    createdAt: joined,
  });
  const agents = new Map(AGENTS.map((a) => [a.key, account(Role.AGENT, a)]));
  const customers = new Map(CUSTOMERS.map((c) => [c.key, account(Role.CUSTOMER, c)]));
  await insertAll(em, User, [...agents.values(), ...customers.values()]);

  // Ticket numbers from the same counter the server uses, taken under its row lock, so a running server and the seed never collide.
  const TICKET_NUMBER = 'ticket_number';
  if (!(await em.exists(AppValue, { where: { name: TICKET_NUMBER } }))) {
    const max = await em.maximum(Ticket, 'number');
    await em.insert(AppValue, { name: TICKET_NUMBER, json: null, counter: max ?? 0 });
  }
  await em.increment(AppValue, { name: TICKET_NUMBER }, 'counter', TICKETS.length);
  const { counter } = await em.findOneOrFail(AppValue, { where: { name: TICKET_NUMBER } });
  let number = counter - TICKETS.length;

  // An existing admin "assigned" the tickets; without one they read as auto-assigned.
  const admin = await em.findOne(User, { where: { role: Role.ADMIN }, order: { createdAt: 'ASC' } });

  const tickets: Ticket[] = [];
  const messages: Message[] = [];
  const markers: ReadMarker[] = [];
  const ratings: Rating[] = [];
  const events: TicketEvent[] = [];
  const load = new Map<string, { open: number; lastAssignedAt: Date | null }>();

  // Numbers follow the order in which the tickets were raised, as they would have been.
  for (const demo of [...TICKETS].sort((a, b) => b.hoursAgo - a.hoursAgo)) {
    const customer = customers.get(demo.customer)!;
    const agent = demo.agent ? agents.get(demo.agent)! : null;
    const id = randomUUID();
    const createdAt = now - demo.hoursAgo * HOUR;
    let clock = createdAt;
    events.push(event(id, customer.id, TicketEventType.CREATED, { category: demo.category }, at(createdAt)));

    let assignedAt: Date | null = null;
    if (agent) {
      clock += rand(4, 40) * MINUTE;
      assignedAt = at(clock);
      events.push(
        event(
          id,
          admin?.id ?? null,
          TicketEventType.ASSIGNED,
          { agentId: agent.id, previousAgentId: null, mode: admin ? 'manual' : 'auto' },
          assignedAt,
        ),
      );
      const l = load.get(agent.id) ?? { open: 0, lastAssignedAt: null };
      if (demo.status === TicketStatus.ASSIGNED) l.open += 1;
      if (!l.lastAssignedAt || l.lastAssignedAt < assignedAt) l.lastAssignedAt = assignedAt;
      load.set(agent.id, l);
    }

    // Replies come minutes apart; squeeze them if the ticket is younger than its conversation.
    const gaps = demo.chat.map(() => rand(1, 12) * MINUTE);
    const closing = demo.status === TicketStatus.CLOSED ? 90 * MINUTE : MINUTE;
    const room = now - closing - clock;
    const total = gaps.reduce((s, g) => s + g, 0);
    const scale = total > room ? Math.max(room, 0) / total : 1;
    let firstResponseAt: Date | null = null;
    const lastSeqBy = new Map<string, number>();
    for (const [i, [who, body]] of demo.chat.entries()) {
      clock += gaps[i] * scale;
      const sender = who === 'a' && agent ? agent : customer;
      const seq = i + 1;
      const sentAt = at(clock);
      if (sender === agent && !firstResponseAt) firstResponseAt = sentAt;
      lastSeqBy.set(sender.id, seq);
      messages.push({ id: randomUUID(), ticketId: id, seq, clientId: randomUUID(), senderId: sender.id, body, createdAt: sentAt });
    }
    const lastSeq = demo.chat.length;
    const lastMessageAt = lastSeq ? at(clock) : null;

    let closedAt: Date | null = null;
    if (demo.status === TicketStatus.CLOSED) {
      clock += rand(5, 40) * MINUTE;
      closedAt = at(clock);
      events.push(event(id, customer.id, TicketEventType.CLOSED, { by: Role.CUSTOMER }, closedAt));
      if (demo.rating) {
        const [score, comment] = demo.rating;
        const ratedAt = at(clock + rand(1, 40) * MINUTE);
        ratings.push({ ticketId: id, score, comment, createdAt: ratedAt });
        events.push(event(id, customer.id, TicketEventType.RATED, { score }, ratedAt));
      }
    }

    // Everyone has read what they wrote (the ticket's sent seqs); a closed conversation has been read to the end by both.
    if (closedAt && lastSeq)
      for (const user of agent ? [customer, agent] : [customer]) markers.push({ ticketId: id, userId: user.id, lastReadSeq: lastSeq });

    tickets.push({
      id,
      number: ++number,
      customerId: customer.id,
      agentId: agent?.id ?? null,
      subject: demo.subject,
      category: demo.category,
      description: demo.description,
      status: demo.status,
      createdAt: at(createdAt),
      updatedAt: closedAt ?? assignedAt ?? at(createdAt),
      assignedAt,
      closedAt,
      firstResponseAt,
      lastMessageAt,
      lastSeq,
      customerSentSeq: lastSeqBy.get(customer.id) ?? 0,
      agentSentSeq: agent ? (lastSeqBy.get(agent.id) ?? 0) : 0,
    });
  }

  await insertAll(
    em,
    AgentProfile,
    AGENTS.map((a) => {
      const user = agents.get(a.key)!;
      const l = load.get(user.id);
      return {
        userId: user.id,
        expertise: [...a.expertise],
        maxConcurrent: a.maxConcurrent,
        active: true,
        away: false,
        openTickets: l?.open ?? 0,
        lastAssignedAt: l?.lastAssignedAt ?? null,
      };
    }),
  );
  await insertAll(em, Ticket, tickets);
  await insertAll(em, Message, messages);
  await insertAll(em, ReadMarker, markers);
  await insertAll(em, Rating, ratings);
  await insertAll(
    em,
    TicketEvent,
    events.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime()),
  );

  // Saved replies: the team's that the registry does not have yet (an admin may have kept some), and the agents' own.
  const taken = new Set((await em.find(SavedReply, { where: { ownerKey: TEAM_KEY } })).map((r) => r.shortcut));
  const reply = (ownerId: string | null, r: { shortcut: string; title: string; body: string }): SavedReply => ({
    id: randomUUID(),
    ownerId,
    ownerKey: ownerId ?? TEAM_KEY,
    ...r,
    createdAt: joined,
    updatedAt: joined,
  });
  const savedReplies = [
    ...TEAM_REPLIES.filter((r) => !taken.has(r.shortcut)).map((r) => reply(null, r)),
    ...Object.entries(OWN_REPLIES).flatMap(([key, own]) => own.map((r) => reply(agents.get(key as keyof typeof OWN_REPLIES)!.id, r))),
  ];
  await insertAll(em, SavedReply, savedReplies);

  const count = (s: TicketStatus) => tickets.filter((t) => t.status === s).length;
  return {
    categories,
    agents: agents.size,
    customers: customers.size,
    tickets: { OPEN: count(TicketStatus.OPEN), ASSIGNED: count(TicketStatus.ASSIGNED), CLOSED: count(TicketStatus.CLOSED) },
    messages: messages.length,
    ratings: ratings.length,
    savedReplies: savedReplies.length,
  };
}

async function main() {
  const args = process.argv.slice(2);
  const unknown = args.filter((a) => a !== '--allow-production');
  if (unknown.length) throw new CliError(`Unknown argument ${unknown[0]}\nUsage: npm run seed:demo [-- --allow-production]`);
  const s = await seedDemo({ allowProduction: args.includes('--allow-production') });
  const line = (label: string, value: string) => console.log(`  ${label.padEnd(10)} ${value}`);
  console.log(`Seeded the demo registry:`);
  line(
    'tickets',
    `${s.tickets.OPEN + s.tickets.ASSIGNED + s.tickets.CLOSED} (${s.tickets.OPEN} open, ${s.tickets.ASSIGNED} assigned, ${s.tickets.CLOSED} closed)`,
  );
  line('messages', String(s.messages));
  line('ratings', String(s.ratings));
  line('replies', `${s.savedReplies} saved replies (type / in an agent's chat)`);
  line('categories', s.categories.join(', '));
  console.log('');
  console.log('Sign in with any of these accounts:');
  line('agents', AGENTS.map((a) => `${a.key}@${DEMO_DOMAIN}`).join(', '));
  line('customers', CUSTOMERS.map((c) => `${c.key}@${DEMO_DOMAIN}`).join(', '));
  line('password', s.password + (s.passwordGenerated ? '   (random; set DEMO_PASSWORD to choose it)' : ''));
  console.log(
    'The admin is the one the server creates on its first start (see its log, or ADMIN_EMAIL), or one made with npm run admin:create.',
  );
}

if (require.main === module) {
  main().catch((e) => {
    const known = e instanceof CliError || e instanceof ConfigError;
    console.error(known ? (e as Error).message : e);
    process.exit(1);
  });
}
