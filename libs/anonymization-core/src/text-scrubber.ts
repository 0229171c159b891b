import { DEFAULT_ANONYMIZATION_POLICY, AnonymizationPolicy } from './anonymization-policy';
import { DetectedSpan, Detector, DetectorOptions } from './detectors/detector.model';
import { EmailDetector, PhoneDetector } from './detectors/contact.detector';
import { CreditCardDetector, IbanDetector, SsnDetector } from './detectors/financial.detector';
import { CredentialUrlDetector, Ipv4Detector, Ipv6Detector, MacAddressDetector } from './detectors/network.detector';
import { HighEntropyDetector, PrefixedTokenDetector, PrivateKeyDetector, SecretAssignmentDetector } from './detectors/secret.detector';
import { HomePathDetector } from './detectors/path.detector';
import { PersonNameDetector } from './detectors/name.detector';
import { EntityType } from './entity-type.model';
import { ScrubSession } from './scrub-session';
import { CleanTextCache } from './clean-text-cache';

/** One replacement made in a text, in the coordinates of the original text. */
export interface AppliedReplacement {
  type: EntityType;
  start: number;
  end: number;
  replacement: string;
}

export interface ScrubTextResult {
  text: string;
  replacements: AppliedReplacement[];
}

/** Every detector, strongest first; the policy chooses which types run. */
export function createDetectors(): Detector[] {
  return [
    new PrivateKeyDetector(),
    new CredentialUrlDetector(),
    new PrefixedTokenDetector(),
    new SecretAssignmentDetector(),
    new HighEntropyDetector(),
    new EmailDetector(),
    new HomePathDetector(),
    new PersonNameDetector(),
    new IbanDetector(),
    new CreditCardDetector(),
    new SsnDetector(),
    new MacAddressDetector(),
    new Ipv6Detector(),
    new Ipv4Detector(),
    new PhoneDetector(),
  ];
}

export interface TextScrubberOptions {
  /** Short texts with no finding remembered across points (see CleanTextCache); 0 examines every text afresh. Default 10,000. */
  cleanTextCacheSize?: number;
}

/**
 * Finds private data in free text and replaces it with typed placeholders from a session.
 * One instance serves every data point; its only state besides the configuration is the set of
 * short texts already found clean (detection is a pure function of the text and the policy).
 */
export class TextScrubber {
  private readonly detectors: Detector[];
  private readonly options: DetectorOptions;
  private readonly cleanTexts: CleanTextCache;

  constructor(policy: AnonymizationPolicy = DEFAULT_ANONYMIZATION_POLICY, options: TextScrubberOptions = {}) {
    this.cleanTexts = new CleanTextCache(options.cleanTextCacheSize);
    const enabled = new Set<EntityType>(policy.enabledEntityTypes);
    this.detectors = createDetectors().filter((detector) => enabled.has(detector.type));
    this.options = {
      keepNonIdentifyingAddresses: policy.keepNonIdentifyingAddresses,
      pathGeneralization: policy.pathGeneralization,
    };
  }

  private readonly detectText = (text: string): DetectedSpan[] => this.detect(text);

  /** Non-overlapping findings, in text order. */
  detect(text: string): DetectedSpan[] {
    if (text.length < 3 || isInertToken(text) || this.cleanTexts.has(text)) return [];
    const candidates: DetectedSpan[] = [];
    for (const detector of this.detectors) detector.detect(text, candidates, this.options);
    if (candidates.length === 0) this.cleanTexts.add(text);
    return resolveOverlaps(candidates);
  }

  scrub(text: string, session: ScrubSession): string {
    // most strings of a point hold nothing: return them without building a result (and inert or
    // known-clean ones without a lookup in, or an entry added to, the session's findings)
    if (text.length < 3 || isInertToken(text) || this.cleanTexts.has(text)) return text;
    if (session.detectionsFor(text, this.detectText).length === 0) return text;
    return this.scrubWithReplacements(text, session).text;
  }

  scrubWithReplacements(text: string, session: ScrubSession): ScrubTextResult {
    const spans = text.length < 3 ? NO_SPANS : session.detectionsFor(text, this.detectText);
    if (spans.length === 0) return { text, replacements: [] };
    const parts: string[] = [];
    const replacements: AppliedReplacement[] = [];
    let cursor = 0;
    for (const span of spans) {
      const original = text.slice(span.start, span.end);
      const replacement = span.replacement ?? session.placeholderFor(span.type, span.key ?? original);
      if (span.type === 'NAME') session.rememberName(span.key ?? original);
      session.count(span.type);
      parts.push(text.slice(cursor, span.start), replacement);
      replacements.push({ type: span.type, start: span.start, end: span.end, replacement });
      cursor = span.end;
    }
    parts.push(text.slice(cursor));
    return { text: parts.join(''), replacements };
  }
}

const NO_SPANS: readonly DetectedSpan[] = Object.freeze([]);

/**
 * Short machine tokens that no detector can match: lower-case identifiers (`code-editing`,
 * `agent-coder-v3`, `routing-policy/1.4.0`) with few digits, ISO timestamps and UUIDs. Most
 * strings of a data point are like this; skipping them saves a regex call per detector.
 */
const INERT_IDENTIFIER = /^[a-z][a-z0-9]{0,30}(?:[\-_./][a-z0-9]{1,30}){0,8}$/;
const INERT_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+\-]\d{2}:\d{2})$/;
const INERT_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isInertToken(text: string): boolean {
  if (text.length > 64) return false;
  if (INERT_IDENTIFIER.test(text)) {
    let digits = 0;
    for (let index = 0; index < text.length; index++) {
      const code = text.charCodeAt(index);
      if (code >= 48 && code <= 57 && ++digits >= 6) return false;
    }
    return true;
  }
  return INERT_TIMESTAMP.test(text) || INERT_UUID.test(text);
}

/** Highest priority first, then the longest; a finding that overlaps an accepted one is dropped. */
export function resolveOverlaps(candidates: DetectedSpan[]): DetectedSpan[] {
  if (candidates.length <= 1) return candidates;
  const ranked = [...candidates].sort(
    (left, right) => right.priority - left.priority || right.end - right.start - (left.end - left.start) || left.start - right.start,
  );
  const accepted: DetectedSpan[] = [];
  for (const candidate of ranked) {
    if (candidate.end <= candidate.start) continue;
    const overlaps = accepted.some((span) => candidate.start < span.end && span.start < candidate.end);
    if (!overlaps) accepted.push(candidate);
  }
  return accepted.sort((left, right) => left.start - right.start);
}
