import { EntityType } from '../entity-type.model';

/** One finding in a text: the half-open range [start, end) that must be replaced. */
export interface DetectedSpan {
  type: EntityType;
  start: number;
  end: number;
  /** Higher wins when two findings overlap (a URL with credentials beats the e-mail inside it). */
  priority: number;
  /** Literal replacement for generalised entities (paths); typed placeholders otherwise. */
  replacement?: string;
  /** Normalised value, so `Jane@X.com` and `jane@x.com` share one placeholder. */
  key?: string;
}

export interface DetectorOptions {
  /** Keep loopback, unspecified, broadcast and netmask addresses (see README). */
  keepNonIdentifyingAddresses: boolean;
  /** true: `/[PATH]/[FILE].ts`; false: only the user-name segment becomes `[USER]`. */
  pathGeneralization: boolean;
}

export interface Detector {
  readonly name: string;
  readonly type: EntityType;
  /** Pushes every finding in `text` onto `sink`; must be linear in the text length. */
  detect(text: string, sink: DetectedSpan[], options: DetectorOptions): void;
}

/** Already-scrubbed output (`<EMAIL_1>`, `[USER]`, `/[PATH]/`) must never be detected again. */
export const PLACEHOLDER_PATTERN = /<[A-Z][A-Z_]*_\d+>|\[(?:PATH|FILE|USER)\]/;

/** Runs a global regex over the whole text; the callback returns a span or nothing. */
export function forEachMatch(
  pattern: RegExp,
  text: string,
  callback: (match: RegExpExecArray) => void,
): void {
  pattern.lastIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(text)) !== null) {
    if (match[0].length === 0) pattern.lastIndex++;
    callback(match);
  }
}
