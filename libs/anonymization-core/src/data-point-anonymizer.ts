import { AnonymizationPolicy, DEFAULT_ANONYMIZATION_POLICY } from './anonymization-policy';
import { DETECTOR_VERSION, IDENTIFIER_ENTITY } from './entity-type.model';
import { IdentifierRenamer, mapFencedBlocks } from './identifier-renamer';
import { ScrubSession } from './scrub-session';
import { TenantHasher, TenantKeyring } from './tenant-hasher';
import { TextScrubber, TextScrubberOptions } from './text-scrubber';

/** Same shape as RedactionRecord in libs/contracts: counts and field paths, never values. */
export interface RedactionRecord {
  detectorVersion: string;
  keyId: string;
  entities: Record<string, number>;
  identityFieldsRemoved: string[];
}

export interface AnonymizedDataPoint<T> {
  point: T;
  redaction: RedactionRecord;
}

type Json = unknown;

interface CodeString {
  holder: Record<string, Json> | Json[];
  key: string | number;
  fenced: boolean;
}

/** Marks the step into JSON text decoded from a string (`tool.arguments{json}.password`). */
const JSON_STEP = -1;

interface WalkState {
  session: ScrubSession;
  /** paths of removed identity fields */
  removed: string[];
  codeStrings: CodeString[];
  tenantHashes: Set<string>;
  /** steps from the root to the node being walked: keys, array indexes, JSON_STEP */
  path: Array<string | number>;
}

/** `execution.turns[2].toolCalls[0].arguments{json}.userId` */
function renderPath(path: ReadonlyArray<string | number>): string {
  let text = '';
  for (const step of path) {
    if (step === JSON_STEP) text += '{json}';
    else if (typeof step === 'number') text += `[${step}]`;
    else text += text === '' ? step : `.${step}`;
  }
  return text;
}

interface KeyKind {
  identity: boolean;
  tenant: boolean;
  code: boolean;
  plain: boolean;
}

/** Numbers, booleans and null (most values of a point) are copied as they are, without a walk. */
function isCopiedAsIs(value: Json): boolean {
  return typeof value !== 'string' && (value === null || typeof value !== 'object');
}

/**
 * Scrubs a whole data point: every string (values and unusual keys) through the text scrubber
 * with one session, identity fields removed, tenant ids replaced by their keyed hash. Build one
 * per policy and keyring and reuse it: it holds the compiled detectors.
 */
export class DataPointAnonymizer {
  private readonly keyKinds = new Map<string, KeyKind>();
  private readonly scrubber: TextScrubber;
  private readonly hasher: TenantHasher;
  private readonly identityFields: Set<string>;
  private readonly tenantFields: Set<string>;
  private readonly codeFields: Set<string>;

  constructor(
    private readonly policy: AnonymizationPolicy = DEFAULT_ANONYMIZATION_POLICY,
    keyring: TenantKeyring | TenantHasher,
    scrubberOptions: TextScrubberOptions = {},
  ) {
    this.scrubber = new TextScrubber(policy, scrubberOptions);
    this.hasher = keyring instanceof TenantHasher ? keyring : new TenantHasher(keyring);
    this.identityFields = new Set(policy.identityFields.map(normaliseFieldName));
    this.tenantFields = new Set(policy.tenantFields.map(normaliseFieldName));
    this.codeFields = new Set(policy.identifierRenaming.codeFields.map(normaliseFieldName));
  }

  get textScrubber(): TextScrubber {
    return this.scrubber;
  }

  /** Returns a scrubbed deep copy; the input is never modified. */
  anonymize<T>(point: T): AnonymizedDataPoint<T> {
    const state: WalkState = { session: new ScrubSession(), removed: [], codeStrings: [], tenantHashes: new Set(), path: [] };
    const { session, codeStrings, tenantHashes } = state;
    const result = this.walk(point, undefined, undefined, state, this.policy.identifierRenaming.enabled);

    if (this.policy.propagateNames && session.knownNames().length > 0) {
      const { pattern, gate } = knownNamesPattern(session.knownNames());
      const replaceNames = (text: string): string =>
        !gate.test(text) ? text : text.replace(pattern, (name) => {
          session.count('NAME');
          return session.placeholderFor('NAME', name.replace(/\s+/g, ' '));
        });
      mapStrings(result, (text) => (tenantHashes.has(text) ? text : replaceNames(text)));
    }

    if (this.policy.identifierRenaming.enabled && codeStrings.length > 0) {
      const renamer = new IdentifierRenamer();
      const readCode = (entry: CodeString): string => (entry.holder as Record<string | number, Json>)[entry.key] as string;
      for (const entry of codeStrings) {
        const code = readCode(entry);
        if (entry.fenced) mapFencedBlocks(code, (block) => (renamer.collect(block), block));
        else renamer.collect(code);
      }
      for (const entry of codeStrings) {
        const code = readCode(entry);
        (entry.holder as Record<string | number, Json>)[entry.key] = entry.fenced
          ? mapFencedBlocks(code, (block) => renamer.rename(block))
          : renamer.rename(code);
      }
      if (renamer.renamed > 0) {
        for (let index = 0; index < renamer.renamed; index++) session.count(IDENTIFIER_ENTITY);
      }
    }

    return {
      point: result as T,
      redaction: {
        detectorVersion: DETECTOR_VERSION,
        keyId: this.hasher.activeKeyId,
        entities: session.entityCounts(),
        identityFieldsRemoved: state.removed,
      },
    };
  }

  /**
   * `state.path` holds the steps to `value` (keys, array indexes, JSON_STEP); it is only rendered
   * for a removed identity field, so the walk builds no path string per node.
   */
  private walk(value: Json, field: KeyKind | undefined, fieldName: string | undefined, state: WalkState, collectCode: boolean): Json {
    if (typeof value === 'string') {
      if (field !== undefined && field.tenant) {
        const hash = this.hasher.hash(value);
        state.tenantHashes.add(hash);
        return hash;
      }
      const scrubbed = this.scrubber.scrub(value, state.session);
      // Tool arguments and results are often JSON text. The first pass saw `"password": "x"` with
      // its key; a second pass over the decoded values catches what escaped quotes and `\n` hid,
      // and removes identity fields inside.
      const embedded = parseEmbeddedJson(scrubbed);
      if (embedded !== undefined) {
        state.path.push(JSON_STEP);
        const inner = this.walk(embedded.value, undefined, undefined, state, false);
        state.path.pop();
        return JSON.stringify(inner, null, embedded.indent);
      }
      return scrubbed;
    }
    if (value === null || typeof value !== 'object') return value;
    const path = state.path;
    if (Array.isArray(value)) {
      const copy: Json[] = new Array(value.length);
      for (let index = 0; index < value.length; index++) {
        const item = value[index];
        if (isCopiedAsIs(item)) {
          copy[index] = item;
          continue;
        }
        path.push(index);
        copy[index] = this.walk(item, field, fieldName, state, collectCode);
        path.pop();
        if (collectCode) this.noteCode(copy, index, fieldName, state.codeStrings);
      }
      return copy;
    }
    const copy: Record<string, Json> = {};
    for (const key in value) {
      if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
      const kind = this.keyKind(key);
      if (kind.identity) {
        path.push(key);
        state.removed.push(renderPath(path));
        path.pop();
        continue;
      }
      const child = (value as Record<string, Json>)[key];
      const outputKey = kind.plain ? key : this.scrubber.scrub(key, state.session);
      if (isCopiedAsIs(child)) {
        copy[outputKey] = child;
        continue;
      }
      path.push(key);
      copy[outputKey] = this.walk(child, kind, key, state, collectCode);
      path.pop();
      if (collectCode) this.noteCode(copy, outputKey, key, state.codeStrings);
    }
    return copy;
  }

  /** Field names repeat across points; classify each once. */
  private keyKind(key: string): KeyKind {
    let kind = this.keyKinds.get(key);
    if (kind === undefined) {
      const normalised = normaliseFieldName(key);
      kind = {
        identity: this.identityFields.has(normalised),
        tenant: this.tenantFields.has(normalised),
        code: this.codeFields.has(normalised),
        plain: isPlainKey(key),
      };
      if (this.keyKinds.size < 10_000) this.keyKinds.set(key, kind);
    }
    return kind;
  }

  private noteCode(
    holder: Record<string, Json> | Json[],
    key: string | number,
    fieldName: string | undefined,
    codeStrings: CodeString[],
  ): void {
    if (!this.policy.identifierRenaming.enabled) return;
    const text = (holder as Record<string | number, Json>)[key];
    if (typeof text !== 'string') return;
    if (fieldName !== undefined && this.keyKind(fieldName).code) {
      codeStrings.push({ holder, key, fenced: false });
    } else if (this.policy.identifierRenaming.includeFencedBlocks && text.includes('```')) {
      codeStrings.push({ holder, key, fenced: true });
    }
  }
}

const anonymizers = new WeakMap<object, Map<string, DataPointAnonymizer>>();

/**
 * Functional entry point; caches one DataPointAnonymizer per policy object and keyring. Prefer
 * holding a DataPointAnonymizer in the service.
 */
export function scrubDataPoint<T>(
  point: T,
  policy: AnonymizationPolicy = DEFAULT_ANONYMIZATION_POLICY,
  keyring: TenantKeyring | TenantHasher,
): AnonymizedDataPoint<T> {
  let byKeyring = anonymizers.get(policy);
  if (byKeyring === undefined) {
    byKeyring = new Map();
    anonymizers.set(policy, byKeyring);
  }
  const cacheKey = keyring instanceof TenantHasher ? '' : JSON.stringify(keyring);
  let anonymizer = cacheKey === '' ? undefined : byKeyring.get(cacheKey);
  if (anonymizer === undefined) {
    anonymizer = new DataPointAnonymizer(policy, keyring);
    if (cacheKey !== '') byKeyring.set(cacheKey, anonymizer);
  }
  return anonymizer.anonymize(point);
}

/** A string holding a JSON object or array, with the indentation it was written with. */
export function parseEmbeddedJson(text: string): { value: unknown; indent: string | undefined } | undefined {
  if (text.length < 2) return undefined;
  const first = text.charCodeAt(0);
  const last = text.charCodeAt(text.length - 1);
  // `{...}` or `[...]` only; anything else (numbers, quoted strings, prose) stays text.
  if (!((first === 123 && last === 125) || (first === 91 && last === 93))) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (value === null || typeof value !== 'object') return undefined;
  const indent = /\n([ \t]+)["{[\]}]/.exec(text)?.[1];
  return { value, indent };
}

/** `user_id`, `User-ID` and `userId` are the same field. */
export function normaliseFieldName(name: string): string {
  return name.toLowerCase().replace(/[_\-\s]/g, '');
}

function isPlainKey(key: string): boolean {
  return key.length < 6 || /^[A-Za-z_$][\w$.\-]*$/.test(key);
}

/**
 * `pattern` replaces whole-word mentions; `gate` is the same alternation without the Unicode
 * word boundaries (and without the `u` flag, which makes every scan slower), so a text that
 * fails it cannot match `pattern` and is left alone without a Unicode-mode scan.
 */
function knownNamesPattern(names: string[]): { pattern: RegExp; gate: RegExp } {
  const alternatives = names
    .sort((left, right) => right.length - left.length)
    .map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+'))
    .join('|');
  return {
    pattern: new RegExp(`(?<![\\p{L}\\p{M}\\w])(?:${alternatives})(?![\\p{L}\\p{M}\\w])`, 'gu'),
    gate: new RegExp(alternatives),
  };
}

/** Rewrites every string value of a tree built by `walk` (a fresh copy, so in place is safe). */
function mapStrings(value: Json, transform: (text: string) => string): void {
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      const item = value[index];
      if (typeof item === 'string') value[index] = transform(item);
      else mapStrings(item, transform);
    }
    return;
  }
  const record = value as Record<string, Json>;
  for (const key of Object.keys(record)) {
    const item = record[key];
    if (typeof item === 'string') record[key] = transform(item);
    else mapStrings(item, transform);
  }
}
