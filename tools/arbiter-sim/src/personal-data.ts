import { SeededRandom } from './seeded-random';

/** The kinds of personal data the simulator plants in free text for anonymization to catch. */
export type PersonalDataKind = 'email' | 'phone' | 'api-key' | 'home-path';
export const PERSONAL_DATA_KINDS: readonly PersonalDataKind[] = ['email', 'phone', 'api-key', 'home-path'];

export interface PlantedPersonalData {
  kind: PersonalDataKind;
  value: string;
}

const FIRST_NAMES = ['jane', 'omar', 'li', 'priya', 'lucas', 'amara', 'kenji', 'sofia', 'mateo', 'ingrid', 'tomasz', 'aisha'];
const LAST_NAMES = ['doe', 'haddad', 'wei', 'raman', 'martin', 'okafor', 'tanaka', 'rossi', 'garcia', 'larsen', 'nowak', 'bello'];
const DOMAINS = ['example.com', 'acme-corp.io', 'globex.example', 'initech.test', 'mail.example.org'];
const KEY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function plantPersonalData(random: SeededRandom, kind: PersonalDataKind): PlantedPersonalData {
  const first = random.pick(FIRST_NAMES);
  const last = random.pick(LAST_NAMES);
  switch (kind) {
    case 'email':
      return { kind, value: `${first}.${last}${random.bernoulli(0.3) ? random.integer(1, 99) : ''}@${random.pick(DOMAINS)}` };
    case 'phone':
      return {
        kind,
        value: random.pick([
          `+1 415-555-${String(random.integer(100, 9999)).padStart(4, '0')}`,
          `+44 20 7946 ${String(random.integer(0, 9999)).padStart(4, '0')}`,
          `(212) 555-${String(random.integer(100, 9999)).padStart(4, '0')}`,
          `+49 30 ${random.integer(1000000, 9999999)}`,
        ]),
      };
    case 'api-key':
      return {
        kind,
        value: random.pick([
          `sk-live-${random.characters(KEY_ALPHABET, 32)}`,
          `AKIA${random.characters('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)}`,
          `ghp_${random.characters(KEY_ALPHABET, 36)}`,
          `xoxb-${random.integer(100000000000, 999999999999)}-${random.characters(KEY_ALPHABET, 24)}`,
        ]),
      };
    case 'home-path':
      return {
        kind,
        value: random.pick([
          `/home/${first}${last[0]}/projects/${random.pick(['billing', 'webapp', 'etl', 'mobile'])}`,
          `/Users/${first}.${last}/src/${random.pick(['api', 'dashboard', 'reports'])}`,
          `C:\\Users\\${first}${last}\\Documents\\repo`,
        ]),
      };
  }
}

/** A sentence that carries the planted value the way people really leak it in task descriptions. */
export function personalDataSentence(random: SeededRandom, planted: PlantedPersonalData): string {
  switch (planted.kind) {
    case 'email':
      return random.pick([
        `Reported by ${planted.value}; please reply to them when done.`,
        `Contact ${planted.value} if the reproduction steps are unclear.`,
        `cc ${planted.value} on the pull request.`,
      ]);
    case 'phone':
      return random.pick([
        `The customer can be reached at ${planted.value} for follow-up.`,
        `On-call escalation: ${planted.value}.`,
      ]);
    case 'api-key':
      return random.pick([
        `The staging key is ${planted.value} (do not commit it).`,
        `Repro: curl -H "Authorization: Bearer ${planted.value}" https://staging.example.com/api/v2/orders`,
        `export API_KEY=${planted.value} before running the script.`,
      ]);
    case 'home-path':
      return random.pick([
        `Stack trace points at ${planted.value}/src/index.ts:42.`,
        `I ran it locally from ${planted.value} and it failed there too.`,
      ]);
  }
}
