/**
 * The last gate before storage: a second, independently written detector set that looks for
 * private data left in an already scrubbed point. It shares no code or patterns with the
 * scrubber on purpose, so one mistake does not blind both. It reports where and what kind,
 * never the value. Patterns are simple and lean towards reporting: a false finding
 * quarantines a point, a missed one leaks it.
 */

import { CleanTextCache } from '../clean-text-cache';

export interface PrivacyFinding {
  /** Dotted JSON path of the string, e.g. `execution.turns[2].messages[0].content`. */
  path: string;
  type: string;
}

export interface PrivacyScannerOptions {
  /** Types to look for; defaults to all. Keep equal to the anonymization policy's enabled types. */
  types?: readonly string[];
  /** Mirror of the policy flag: loopback and unspecified addresses are not findings. */
  keepNonIdentifyingAddresses?: boolean;
  /**
   * `false` runs every check whatever characters a text holds (its cue triggers still apply):
   * the reference that the character gates are tested against. Default true.
   */
  characterGates?: boolean;
  /** Short texts with no finding remembered across scans (see CleanTextCache); 0 examines every text afresh. Default 10,000. */
  cleanTextCacheSize?: number;
}

interface Check {
  type: string;
  /** Characters the pattern cannot match without (see characterKinds); checked before `trigger`. */
  needs?: (kinds: number) => boolean;
  trigger: RegExp | ((text: string, kinds: number) => boolean);
  pattern: RegExp;
  accept?: (match: RegExpExecArray, text: string, keepNonIdentifying: boolean) => boolean;
}

const ALREADY_REPLACED = /^<[A-Z_]+_\d+>$/;

/** Types whose checks look for digit runs with a checksum or a shape, which hex identifiers can imitate. */
const DIGIT_RUN_TYPES: ReadonlySet<string> = new Set(['CREDIT_CARD', 'IBAN', 'PHONE', 'SSN']);

/**
 * Hex identifiers that the scrubber keeps as look-alikes: UUIDs, and runs of 16 or more hex
 * digits (commit hashes, object ids, digests). Their digit runs pass the Luhn or IBAN checksum
 * by chance: the digit-run checks flagged 0.3 % of random `task-<uuid>` ids, and as many commit
 * hashes. Such points were quarantined and never stored. No card, phone number or SSN is written
 * inside such an identifier, so those checks see them masked. An IBAN can be a hex run itself
 * (`BE68539007547034`, `DE89…`), so the IBAN check sees only UUIDs masked. Its pattern cannot
 * match inside a run longer than 35 characters (SHA-1, SHA-256).
 */
const UUID = /(?<![0-9A-Za-z])[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(?![0-9A-Za-z])/g;
const HEX_RUN = /(?<![0-9A-Za-z])[0-9a-fA-F]{16,}(?![0-9A-Za-z])/g;

/**
 * The text with every UUID, and with `longRuns` every run of 16+ hex digits that mixes letters
 * and digits, replaced by `_`s of the same length (offsets are kept).
 */
export function maskHexIdentifiers(text: string, longRuns = true): string {
  const masked = maskUuids(text);
  return longRuns ? maskLongHexRuns(masked) : masked;
}

function maskUuids(text: string): string {
  return text.length < 36 ? text : text.replace(UUID, (uuid) => '_'.repeat(uuid.length));
}

function maskLongHexRuns(text: string): string {
  return text.length < 16 ? text : text.replace(HEX_RUN, (run) => (/[a-fA-F]/.test(run) && /\d/.test(run) ? '_'.repeat(run.length) : run));
}

function digitsOnly(text: string): string {
  let out = '';
  for (const character of text) if (character >= '0' && character <= '9') out += character;
  return out;
}

function luhnValid(number: string): boolean {
  let total = 0;
  for (let position = 0; position < number.length; position++) {
    let digit = Number(number[number.length - 1 - position]);
    if (position % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
    total += digit;
  }
  return total % 10 === 0;
}

function ibanChecksumValid(compact: string): boolean {
  const moved = compact.slice(4) + compact.slice(0, 4);
  let expanded = '';
  for (const character of moved) {
    expanded += /[A-Z]/.test(character) ? String(character.charCodeAt(0) - 55) : character;
  }
  let remainder = 0;
  for (let offset = 0; offset < expanded.length; offset += 7) {
    remainder = Number(String(remainder) + expanded.slice(offset, offset + 7)) % 97;
  }
  return remainder === 1;
}

function isLocalOrUnspecifiedV4(address: string): boolean {
  const parts = address.split('.');
  return parts[0] === '127' || address === '0.0.0.0' || parts[0] === '255';
}

const DIGIT = 1;
const AT_OR_PERCENT = 2;
const COLON = 4;
const DASH = 8;
const DOT = 16;
const SLASH = 32;
const BACKSLASH = 64;
const EQUALS = 128;
const AT = 256;
/** a run of digits, spaces, `.` and `-` holds 13 digits (a card number needs as many) */
const CARD_RUN = 1 << 9;
/** the same run holds 9 digits (an SSN) */
const SSN_RUN = 1 << 10;
/** a run of digits, spaces and `.-()+` holds 10 digits (a phone number, as the check accepts it) */
const PHONE_RUN = 1 << 11;
/** a run of digits and dots holds 3 dots (an IPv4 address) */
const IPV4_RUN = 1 << 12;
/** a run of hex digits, `:` and `-` holds 5 separators (a MAC address) */
const MAC_RUN = 1 << 13;

const ALL_KINDS = (1 << 14) - 1;

// What each ASCII character contributes to the one pass below: its kind bits (low 16 bits) and
// the runs it may continue (high bits). Every other character ends every run.
const C_DIGIT = 1 << 16;
const C_CARD = 1 << 17;
const C_PHONE = 1 << 18;
const C_IPV4 = 1 << 19;
const C_MAC = 1 << 20;
const C_MAC_SEPARATOR = 1 << 21;
const C_IPV4_DOT = 1 << 22;
const KIND_BITS = 0xffff;
const CHARACTER_TABLE = (() => {
  const table = new Uint32Array(128);
  const add = (characters: string, bits: number): void => {
    for (const character of characters) table[character.charCodeAt(0)] |= bits;
  };
  add('0123456789', DIGIT | C_DIGIT | C_CARD | C_PHONE | C_IPV4 | C_MAC);
  add('abcdefABCDEF', C_MAC);
  add(' .-', C_CARD | C_PHONE);
  add('()+', C_PHONE);
  add('@', AT_OR_PERCENT | AT);
  add('%', AT_OR_PERCENT);
  add(':', COLON | C_MAC | C_MAC_SEPARATOR);
  add('-', DASH | C_MAC | C_MAC_SEPARATOR);
  add('.', DOT | C_IPV4 | C_IPV4_DOT);
  add('/', SLASH);
  add('\\', BACKSLASH);
  add('=', EQUALS);
  return table;
})();

/**
 * Which of the character kinds and runs above occur in `text`, in one pass: most checks then skip
 * a text without a regex scan. Each run flag is implied by every match its check accepts, so a
 * text without it cannot hold a finding of that check (the spec compares with ungated scans).
 */
function characterKinds(text: string): number {
  let kinds = 0;
  let cardDigits = 0;
  let phoneDigits = 0;
  let ipv4Dots = 0;
  let macSeparators = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    const entry = code < 128 ? CHARACTER_TABLE[code] : 0;
    kinds |= entry & KIND_BITS;
    if (entry <= KIND_BITS) {
      cardDigits = phoneDigits = ipv4Dots = macSeparators = 0;
      continue;
    }
    if ((entry & C_DIGIT) !== 0) {
      if (++cardDigits >= 9) kinds |= cardDigits >= 13 ? CARD_RUN | SSN_RUN : SSN_RUN;
      if (++phoneDigits >= 10) kinds |= PHONE_RUN;
    } else {
      if ((entry & C_CARD) === 0) cardDigits = 0;
      if ((entry & C_PHONE) === 0) phoneDigits = 0;
    }
    if ((entry & C_IPV4) === 0) ipv4Dots = 0;
    else if ((entry & C_IPV4_DOT) !== 0 && ++ipv4Dots >= 3) kinds |= IPV4_RUN;
    if ((entry & C_MAC) === 0) macSeparators = 0;
    else if ((entry & C_MAC_SEPARATOR) !== 0 && ++macSeparators >= 5) kinds |= MAC_RUN;
  }
  return kinds;
}

function isHexCode(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 70) || (code >= 97 && code <= 102);
}

/**
 * `::`, or three hex digits, a colon, one to four hex digits and a colon: found from each colon,
 * which is far cheaper than a regex that tries a hex class at every position.
 */
function hasIpv6Shape(text: string): boolean {
  for (let colon = text.indexOf(':'); colon >= 0; colon = text.indexOf(':', colon + 1)) {
    if (text.charCodeAt(colon + 1) === 58) return true;
    if (colon < 3 || !isHexCode(text.charCodeAt(colon - 1)) || !isHexCode(text.charCodeAt(colon - 2)) || !isHexCode(text.charCodeAt(colon - 3))) continue;
    let next = colon + 1;
    while (next < text.length && next - colon <= 4 && isHexCode(text.charCodeAt(next))) next++;
    if (next > colon + 1 && text.charCodeAt(next) === 58) return true;
  }
  return false;
}

const hasAny = (mask: number) => (kinds: number): boolean => (kinds & mask) !== 0;
const hasAll = (mask: number) => (kinds: number): boolean => (kinds & mask) === mask;

const CHECKS: Check[] = [
  {
    type: 'EMAIL',
    needs: hasAny(AT_OR_PERCENT),
    trigger: /@|%40/,
    // Anchored on the separator: a pattern that begins with the local part retries at every letter.
    // No lookbehind for the local part either (it makes every scan slow): `accept` requires one.
    pattern: /(?:@|%40)([A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,})/g,
    accept: (match, text) => {
      let start = match.index;
      while (start > 0 && /[A-Za-z0-9._%+\-]/.test(text[start - 1])) start--;
      const local = text.slice(start, match.index);
      const after = text.slice(match.index + match[0].length, match.index + match[0].length + 64);
      if (/^(?::[^\s$#]*|\s[^\s\]]*\])\s?[$#%>]/.test(after)) return false; // shell prompt
      if (local === 'git' && after.startsWith(':')) return false; // scp-style git remote
      if (/^\d+x\.(?:png|jpe?g|gif|webp|svg|avif)$/i.test(match[1])) return false; // icon@2x.png
      return /[A-Za-z0-9]/.test(local);
    },
  },
  {
    type: 'CREDIT_CARD',
    needs: hasAny(CARD_RUN),
    trigger: /\d{4}/,
    pattern: /(?<![\d.])\d(?:[ \-.]?\d){12,18}(?![\d])/g,
    accept: (match) => {
      const number = digitsOnly(match[0]);
      return /^[2-6]/.test(number) && luhnValid(number);
    },
  },
  {
    type: 'IBAN',
    needs: hasAny(DIGIT),
    trigger: /[A-Za-z]{2}\d\d/,
    pattern: /\b[A-Za-z]{2}\d\d(?: ?[A-Za-z0-9]{4}){2,7}(?: ?[A-Za-z0-9]{1,3})?\b/g,
    accept: (match) => ibanChecksumValid(match[0].replace(/ /g, '').toUpperCase()),
  },
  {
    type: 'SSN',
    needs: hasAll(SSN_RUN | DASH),
    trigger: /\d{3}-\d\d-\d{4}/,
    pattern: /(?<![\d\-])\d{3}-\d\d-\d{4}(?![\d\-])/g,
    accept: (match) => !match[0].startsWith('000'),
  },
  {
    type: 'SSN',
    needs: hasAny(SSN_RUN),
    trigger: /ssn|social security/i,
    pattern: /(?:ssn|social security(?: number| no\.?)?)["']?\s*[:=#]?\s*["']?(?:is\s+)?(\d{3}[ \-]?\d\d[ \-]?\d{4})(?!\d)/gi,
  },
  {
    type: 'PHONE',
    needs: hasAny(PHONE_RUN),
    trigger: /\d{3}/,
    pattern: /(?<![\w+])(?:\+|00)[1-9]\d{0,2}[ .\-]?(?:\(\d{1,4}\)[ .\-]?)?\d[\d .\-]{5,16}\d(?![\d])|(?<![\w\-.])\(\d{3}\) ?\d{3}[\-. ]\d{4}(?!\d)|(?<![\w\-.:/])\d{3}[\-.]\d{3}[\-.]\d{4}(?=x\d|ext|\b)(?![\-]|[.:]\d)/g,
    accept: (match, text) => {
      const count = digitsOnly(match[0]).length;
      // Not the tail of a longer run of digit groups (account numbers, hex dumps).
      if (/\d[ .\-]$/.test(text.slice(Math.max(0, match.index - 2), match.index))) return false;
      // Not the second object id of a git `index <hash>..<hash> <mode>` line (a hash may start with 00).
      if (/[0-9a-f]{7,40}\.\.$/.test(text.slice(Math.max(0, match.index - 42), match.index))) return false;
      return count >= 10 && count <= 15;
    },
  },
  {
    type: 'IP',
    needs: hasAny(IPV4_RUN),
    trigger: /\d\.\d/,
    pattern: /(?<![\w.]|[A-Za-z]\/|[<>~]=\s?["']?|[\^~]["']?)(?<!(?:[Vv]ersion|VERSION|[Rr]elease|[Bb]uild|[Vv]er)[ :=]{0,3}["']?)(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?![\w]|\.\d)/g,
    accept: (match, _text, keepNonIdentifying) => {
      if (match.slice(1, 5).some((octet) => Number(octet) > 255 || (octet.length > 1 && octet.startsWith('0')))) return false;
      return !(keepNonIdentifying && isLocalOrUnspecifiedV4(match[0]));
    },
  },
  {
    type: 'IP',
    needs: hasAny(COLON),
    trigger: hasIpv6Shape,
    pattern: /(?<![\w:])(?:[0-9a-fA-F]{1,4}:){7}[0-9a-fA-F]{1,4}(?![\w:])|(?<![\w:])(?:[0-9a-fA-F]{1,4}:){1,6}:(?:[0-9a-fA-F]{1,4}:){0,5}[0-9a-fA-F]{1,4}(?![\w:])/g,
    accept: (match) => {
      const groups = match[0].split(':').filter((group) => group !== '');
      // Needs real address material: at least two groups, one of them 3–4 hex digits long.
      return groups.length >= 2 && groups.some((group) => group.length >= 3) && groups.length <= 8;
    },
  },
  {
    type: 'MAC',
    needs: hasAny(MAC_RUN),
    trigger: /[0-9a-fA-F]{2}[:\-][0-9a-fA-F]{2}/,
    pattern: /(?<![\w:\-])[0-9a-fA-F]{2}([:\-])(?:[0-9a-fA-F]{2}\1){4}[0-9a-fA-F]{2}(?![\w:\-])/g,
    accept: (match, _text, keepNonIdentifying) =>
      !(keepNonIdentifying && /^(?:00[:\-]){5}00$|^(?:ff[:\-]){5}ff$/i.test(match[0])),
  },
  {
    type: 'URL',
    needs: hasAll(COLON | SLASH),
    trigger: /:\/\//,
    pattern: /\b\w[\w+.\-]*:\/\/[^\s\/:@<>"']+:[^\s\/@<>"']+@|[?&](?:access_token|token|api_key|apikey|secret|client_secret|password|sig|signature|X-Amz-Signature)=([^&\s<>"']+)|hooks\.slack\.com\/services\/T\w+/gi,
    accept: (match) => match[1] === undefined || !(ALREADY_REPLACED.test(match[1]) || /^[{$<*x]/i.test(match[1])),
  },
  {
    type: 'SECRET',
    trigger: /AKIA|ASIA|gh[pousr]_|github_pat_|glpat-|xox[bpoasr]-|_live_|_test_|AIza|eyJ|PRIVATE KEY|sk-ant-|sk-proj-|npm_|hf_|SG\.|GOCSPX-|dckr_pat_|whsec_|AccountKey=/,
    pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b|\bgh[pousr]_[A-Za-z0-9]{30,}|\bgithub_pat_\w{20,}|\bglpat-[\w\-]{20,}|\bxox[bpoasr]-[\w\-]{10,}|\b[srp]k_(?:live|test)_\w{10,}|\bAIza[\w\-]{30,}|\beyJ[\w\-]{5,}\.eyJ[\w\-]{5,}\.|-----BEGIN [A-Z ]*PRIVATE KEY-----|\bsk-(?:ant|proj)-[\w\-]{20,}|\bnpm_[A-Za-z0-9]{36}\b|\bhf_[A-Za-z0-9]{30,}|\bSG\.[\w\-]{16,}\.[\w\-]{16,}|\bGOCSPX-[\w\-]{20,}|\bdckr_pat_[\w\-]{20,}|\bwhsec_\w{20,}|AccountKey=[A-Za-z0-9+\/]{40,}/g,
  },
  {
    type: 'SECRET',
    needs: hasAny(COLON | EQUALS),
    trigger: /pass|pwd|secret|token|api.?key|access.?key|auth/i,
    pattern: /(?:password|passwd|pwd|pass|secret|token|api_?key|access_?key|private_?key|client_?secret|authorization)["']?\]?[ \t]*[=:][ \t]*["']?(?:(?:Basic|Bearer|token)[ \t]+)?([^\s"'<>,;)}\]]{6,})/gi,
    accept: (match) => {
      const value = match[1];
      if (ALREADY_REPLACED.test(value) || /^[$%{!*&@(\[<]/.test(value)) return false;
      if (/^[A-Za-z_][\w]*(?:\.[A-Za-z_]\w*)+$/.test(value) && !/\d/.test(value)) return false; // member access
      // Literal credentials mix letters with digits or symbols; identifiers and types do not.
      return /[A-Za-z]/.test(value) && /[\d!#%^+\/=~$@&*-]/.test(value) && !/^[a-z_]+\d*$/.test(value) && !/^[\w]+\(/.test(value);
    },
  },
  {
    type: 'SECRET',
    needs: hasAny(DIGIT), // accept wants a digit in the value
    trigger: /Basic |Bearer |password is|passphrase/,
    pattern: /\b(?:Basic|Bearer) ([A-Za-z0-9+\/._~\-]{12,}=*)|\b(?:password|passphrase) (?:is|was) ["']?([^\s"']{4,})/g,
    accept: (match) => {
      const value = match[1] ?? match[2];
      return !/^<[A-Z_]+_\d+>/.test(value) && /\d/.test(value) && /[A-Za-z]/.test(value);
    },
  },
  {
    type: 'PATH',
    needs: hasAny(SLASH | BACKSLASH),
    trigger: /\/home\/|\/Users\/|:\\+Users\\+|:\/Users\//,
    pattern: /(?<![\w.])\/(?:home|Users)\/([^\/\s"'`:]+)|[A-Za-z]:(?:\\+|\/)Users(?:\\+|\/)([^\\\/\s"'`:]+)/g,
    accept: (match) => {
      const user = match[1] ?? match[2];
      return user !== '[USER]';
    },
  },
  {
    type: 'NAME',
    // the last alternative (`"First Last" <local@host>`) needs an '@'
    trigger: (text, kinds) => /Author|by:|name is/i.test(text) || ((kinds & AT) !== 0 && /[A-Za-z]"? </.test(text)),
    pattern: /^[ \t>+\-]*(?:Author|Signed-off-by|Co-authored-by|Committer)\s*:\s*(\S[^<\n]*)|\bmy name is\s+(\S+)|@author\s+(\S[^\n*<]*)|"?\b([A-Z][a-z]+(?: [A-Z][a-z'\-]+)+)"? <[^\s<>@]+@[^\s<>]+>/gim,
    accept: (match) => {
      const value = (match[1] ?? match[2] ?? match[3] ?? match[4]).trim();
      return value !== '' && !value.startsWith('<NAME_') && !value.startsWith('<EMAIL_');
    },
  },
];

/**
 * Lower-case words joined by `-`, `_` or `.` with at most four digits, or a UTC timestamp:
 * enum values, ids and dates, which none of the checks can match. Checked with a character
 * loop so it shares nothing with the scrubber's fast path.
 */
function isPlainToken(text: string): boolean {
  if (text.length > 48) return false;
  if (/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z$/.test(text)) return true;
  let digits = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code >= 97 && code <= 122) continue;
    if (code >= 48 && code <= 57) {
      if (++digits > 4) return false;
      continue;
    }
    if (code !== 45 && code !== 95 && code !== 46) return false;
  }
  return /^[a-z]/.test(text);
}

/** Every string (keys included) inside a string that is a JSON object or array; empty otherwise. */
function decodedJsonStrings(text: string): string[] {
  const opener = text[0];
  if (!((opener === '{' && text.endsWith('}')) || (opener === '[' && text.endsWith(']')))) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return [];
  }
  const strings: string[] = [];
  const collect = (value: unknown): void => {
    if (typeof value === 'string') {
      strings.push(value, ...decodedJsonStrings(value));
    } else if (Array.isArray(value)) {
      value.forEach(collect);
    } else if (value !== null && typeof value === 'object') {
      for (const key of Object.keys(value)) {
        strings.push(key);
        collect((value as Record<string, unknown>)[key]);
      }
    }
  };
  collect(parsed);
  return strings;
}

export class PrivacyScanner {
  private readonly checks: Check[];
  private readonly keepNonIdentifying: boolean;
  private readonly characterGates: boolean;
  private readonly cleanTexts: CleanTextCache;
  /** Object keys already seen to be identifiers: a point's keys are its schema's, checked once each. */
  private readonly identifierKeys = new Set<string>();

  constructor(options: PrivacyScannerOptions = {}) {
    this.cleanTexts = new CleanTextCache(options.cleanTextCacheSize);
    const types = options.types === undefined ? undefined : new Set(options.types);
    this.checks = CHECKS.filter((check) => types === undefined || types.has(check.type));
    this.keepNonIdentifying = options.keepNonIdentifyingAddresses ?? true;
    this.characterGates = options.characterGates ?? true;
  }

  /** Types of private data found in one string (one entry per finding). */
  scanText(text: string): string[] {
    const found: string[] = [];
    this.scanInto(text, found);
    return found;
  }

  private scanInto(text: string, found: string[]): void {
    if (text.length < 5 || isPlainToken(text)) return;
    const kinds = this.characterGates ? characterKinds(text) : ALL_KINDS;
    let masked: string | undefined;
    let uuidsMasked: string | undefined;
    for (const check of this.checks) {
      if (check.needs !== undefined && !check.needs(kinds)) continue;
      if (typeof check.trigger === 'function' ? !check.trigger(text, kinds) : !check.trigger.test(text)) continue;
      // the UUID mask is computed once and shared: the IBAN check takes it as is, the others with long runs masked too
      const subject = !DIGIT_RUN_TYPES.has(check.type) ? text
        : check.type === 'IBAN' ? (uuidsMasked ??= maskUuids(text))
        : (masked ??= maskLongHexRuns(uuidsMasked ??= maskUuids(text)));
      check.pattern.lastIndex = 0;
      let match: RegExpExecArray | null;
      while ((match = check.pattern.exec(subject)) !== null) {
        if (check.accept === undefined || check.accept(match, subject, this.keepNonIdentifying)) found.push(check.type);
      }
    }
  }

  /** Every string (and object key) of a JSON value; findings carry the path and type only. */
  scan(value: unknown): PrivacyFinding[] {
    const findings: PrivacyFinding[] = [];
    // A point repeats strings (file contents in a tool result and in the artifacts): scan each once.
    const typesByText = new Map<string, readonly string[]>();
    const typesIn = (text: string): readonly string[] => {
      // a plain token is neither scanned (scanInto) nor JSON: nothing to look up or remember
      if (isPlainToken(text) || this.cleanTexts.has(text)) return NOTHING_FOUND;
      let types = typesByText.get(text);
      if (types === undefined) {
        const found: string[] = [];
        this.scanInto(text, found);
        // JSON inside a string (tool arguments): its escapes could hide values from the patterns.
        for (const inner of decodedJsonStrings(text)) this.scanInto(inner, found);
        types = found.length === 0 ? NOTHING_FOUND : found;
        typesByText.set(text, types);
        if (found.length === 0) this.cleanTexts.add(text);
      }
      return types;
    };
    // steps from the root (keys and array indexes): a path string is only built for a finding
    const steps: Array<string | number> = [];
    const visit = (node: unknown): void => {
      if (typeof node === 'string') {
        // shorter than any finding (nor can JSON this short hold one): no cache lookup either
        if (node.length < 5) return;
        const types = typesIn(node);
        if (types.length > 0) {
          const path = pathOf(steps);
          for (const type of types) findings.push({ path, type });
        }
        return;
      }
      if (node === null || typeof node !== 'object') return;
      if (Array.isArray(node)) {
        for (let index = 0; index < node.length; index++) {
          steps.push(index);
          visit(node[index]);
          steps.pop();
        }
        return;
      }
      for (const key in node) {
        if (!Object.prototype.hasOwnProperty.call(node, key)) continue;
        steps.push(key);
        if (!this.identifierKeys.has(key) && !this.rememberIdentifierKey(key)) {
          const types = this.scanText(key);
          if (types.length > 0) {
            const path = pathOf(steps);
            for (const type of types) findings.push({ path, type });
          }
        }
        visit((node as Record<string, unknown>)[key]);
        steps.pop();
      }
    };
    visit(value);
    return findings;
  }

  private rememberIdentifierKey(key: string): boolean {
    if (!isIdentifierKey(key)) return false;
    if (this.identifierKeys.size < 10_000) this.identifierKeys.add(key);
    return true;
  }
}

const NOTHING_FOUND: readonly string[] = Object.freeze([]);

/** `a.b[2].c`, the form redactFindings matches. */
function pathOf(steps: ReadonlyArray<string | number>): string {
  let path = '';
  for (const step of steps) {
    if (typeof step === 'number') path += `[${step}]`;
    else path = path === '' ? step : `${path}.${step}`;
  }
  return path;
}

/** `/^[A-Za-z_$][\w$]*$/` as a character loop: object keys are checked on every node. */
function isIdentifierKey(key: string): boolean {
  if (key.length === 0) return false;
  for (let index = 0; index < key.length; index++) {
    const code = key.charCodeAt(index);
    const letter = (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code === 36;
    if (!letter && (index === 0 || code < 48 || code > 57)) return false;
  }
  return true;
}

/**
 * A copy of `value` with every string (or object key) the scanner flagged replaced by
 * `[REDACTED:<TYPE>]`. Use it on a quarantined point so the quarantine topic never carries
 * what the scrubber missed. Paths are matched exactly as `scan` builds them.
 */
export function redactFindings<T>(value: T, findings: readonly PrivacyFinding[]): T {
  if (findings.length === 0) return value;
  const typeByPath = new Map<string, string>();
  for (const finding of findings) if (!typeByPath.has(finding.path)) typeByPath.set(finding.path, finding.type);
  let redactedKeys = 0;
  const copy = (node: unknown, path: string): unknown => {
    if (typeof node === 'string') {
      const type = typeByPath.get(path);
      return type === undefined ? node : `[REDACTED:${type}]`;
    }
    if (node === null || typeof node !== 'object') return node;
    if (Array.isArray(node)) return node.map((item, index) => copy(item, `${path}[${index}]`));
    const result: Record<string, unknown> = {};
    for (const key of Object.keys(node)) {
      const childPath = path === '' ? key : `${path}.${key}`;
      const child = copy((node as Record<string, unknown>)[key], childPath);
      const keyType = isIdentifierKey(key) ? undefined : typeByPath.get(childPath);
      result[keyType === undefined ? key : `[REDACTED:${keyType}:${++redactedKeys}]`] = child;
    }
    return result;
  };
  return copy(value, '') as T;
}
