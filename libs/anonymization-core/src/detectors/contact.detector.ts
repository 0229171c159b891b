import { DetectedSpan, Detector, forEachMatch } from './detector.model';

const EMAIL_PRIORITY = 60;
const PHONE_PRIORITY = 30;

/** Internationalised addresses too (RFC 6531): `josé@bäckerei-müller.de` is as personal as an ASCII one. */
const LOCAL_PART_CHARACTER = /[\p{L}\p{N}._%+\-]/u;
const EMAIL_DOMAIN = /(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.)+(\p{L}{2,24})(?![\p{L}\p{N}-])/uy;
/** `alice@build-01.corp:~/src$` or `[alice@build-01.corp src]$`: a shell prompt, not an address. */
const SHELL_PROMPT_TAIL = /(?::[~\w/.\-]*|\s[~\w/.\-]*\])\s?[$#%>]/y;
/** `icon@2x.png`: retina asset names. */
const RETINA_ASSET = /^\d+(?:\.\d+)?x\.(?:png|jpe?g|gif|webp|svg|avif)$/i;
const OBFUSCATED_EMAIL =
  /(?<![\w.%+-])[A-Za-z0-9][\w.%+-]{0,63}\s*[[({]\s*at\s*[\])}]\s*[A-Za-z0-9-]+(?:\s*(?:[[({]\s*dot\s*[\])}]|\.)\s*[A-Za-z0-9-]+)+/gi;
const OBFUSCATED_TRIGGER = /[[({]\s*at\s*[\])}]/i;

/**
 * E-mail addresses, found from each `@` (or URL-encoded `%40`) outwards rather than with one
 * big pattern: a pattern that starts with the local part retries at every word character.
 */
export class EmailDetector implements Detector {
  readonly name = 'email';
  readonly type = 'EMAIL' as const;

  detect(text: string, sink: DetectedSpan[]): void {
    let from = 0;
    for (;;) {
      const at = nextAt(text, from);
      if (at < 0) break;
      const atLength = text.charCodeAt(at) === 64 ? 1 : 3;
      from = at + atLength;
      let start = at;
      while (start > 0 && LOCAL_PART_CHARACTER.test(text[start - 1])) start--;
      while (start < at && (text[start] === '.' || text[start] === '-' || text[start] === '+')) start++;
      // No local part: `@scope/pkg`, `@Decorator`, `@@ -1,2 +1,2 @@`.
      if (start === at) continue;
      EMAIL_DOMAIN.lastIndex = from;
      const domain = EMAIL_DOMAIN.exec(text);
      if (domain === null) continue;
      const end = from + domain[0].length;
      const domainText = domain[0];
      if (RETINA_ASSET.test(domainText)) continue;
      const localPart = text.slice(start, at);
      SHELL_PROMPT_TAIL.lastIndex = end;
      if (SHELL_PROMPT_TAIL.test(text)) continue;
      // `git@github.com:org/repo.git`: the forge's shared ssh user, not a person.
      if (localPart === 'git' && text[end] === ':') continue;
      const value = `${localPart}@${domainText}`;
      sink.push({ type: 'EMAIL', start, end, priority: EMAIL_PRIORITY, key: value.toLowerCase() });
      from = end;
    }
    if (OBFUSCATED_TRIGGER.test(text)) {
      forEachMatch(OBFUSCATED_EMAIL, text, (match) => {
        sink.push({
          type: 'EMAIL',
          start: match.index,
          end: match.index + match[0].length,
          priority: EMAIL_PRIORITY,
          key: match[0].toLowerCase().replace(/\s+/g, ''),
        });
      });
    }
  }
}

function nextAt(text: string, from: number): number {
  const plain = text.indexOf('@', from);
  const encoded = text.indexOf('%40', from);
  if (encoded < 0) return plain;
  if (plain < 0) return encoded;
  return Math.min(plain, encoded);
}

/** `+44 (0)20 7946 0958`, `+1-415-555-2671`, `+14155552671`: each group starts with a separator, so no ambiguity to backtrack over. */
const EXTENSION = String.raw`(?:[ \t]*(?:x|ext\.?|extension)[ \t]*\d{1,6})?`;
const INTERNATIONAL_PHONE = new RegExp(
  String.raw`(?<![\w+])(?:\+|00)[1-9]\d{0,3}(?:(?:[ .\-]|[ .\-]?\(\d{1,5}\)[ .\-]?)\d{1,8}){1,6}${EXTENSION}(?![\w]|[.\-]\d)` +
    String.raw`|(?<![\w+])\+[1-9]\d{6,14}${EXTENSION}(?![\w.]|\.\d)`,
  'g',
);
/** North American: `(415) 555-2671`, `415-555-2671`, `415.555.2671`, `1-800-555-0199`. */
const NORTH_AMERICAN_PHONE = new RegExp(
  String.raw`(?<![\w.+\-/:])(?:1[ .\-])?(?:\(\d{3}\)[ .\-]?|\d{3}[ .\-])\d{3}[ .\-]\d{4}${EXTENSION}(?![\w\-]|[.:]\d)`,
  'g',
);
/** National formats with a trunk 0: `020 7946 0958`, `06 12 34 56 78`, `030 12345678`, `089/1234567`. */
const TRUNK_PHONE = /(?<![\w.+\-/:])0\d{1,4}(?:[ \-/]\d{2,8}){1,4}(?![\w\-]|[.:/]\d)/g;
/** Any digit run right after a word that says it is a phone number. */
const CUED_PHONE =
  /\b(?:phone|tel|telephone|mobile|cell(?:phone)?|fax|whatsapp|sms|call(?: me)?(?: at| on)?|text me(?: at| on)?|reach me(?: at| on)?|ring me(?: on)?|contact(?: me)?(?: at| on)?)\b[ \t]*(?:(?:no|number|nr|num|#)\.?[ \t]*)?[:=]?[ \t]*(\+?\(?\d[\d ().\-/]{5,20}\d)/gi;

export class PhoneDetector implements Detector {
  readonly name = 'phone';
  readonly type = 'PHONE' as const;

  detect(text: string, sink: DetectedSpan[]): void {
    if (!/\d{2}/.test(text)) return;
    if (text.includes('+') || text.includes('00')) {
      forEachMatch(INTERNATIONAL_PHONE, text, (match) => pushPhone(sink, text, match.index, match[0], 8, 15));
    }
    forEachMatch(NORTH_AMERICAN_PHONE, text, (match) => pushPhone(sink, text, match.index, match[0], 10, 11));
    forEachMatch(TRUNK_PHONE, text, (match) => pushPhone(sink, text, match.index, match[0], 9, 12));
    forEachMatch(CUED_PHONE, text, (match) => {
      const value = match[1];
      pushPhone(sink, text, match.index + match[0].length - value.length, value, 7, 15, true);
    });
  }
}

function pushPhone(
  sink: DetectedSpan[],
  text: string,
  start: number,
  raw: string,
  minDigits: number,
  maxDigits: number,
  cued = false,
): void {
  // The tail of a longer run of digit groups (an account number, a table row) is not a phone.
  if (!cued && start >= 2 && /\d[ .\-/]/.test(text.slice(start - 2, start))) return;
  const value = raw.replace(/[\s.\-/]+$/, '');
  const digits = value.replace(/(?:x|ext\.?|extension)[ \t]*\d+$/, '').replace(/\D/g, '');
  if (digits.length < minDigits || digits.length > maxDigits) return;
  // ISO dates and times written with separators are not phone numbers.
  if (/^\d{4}[\-/.]\d{2}[\-/.]\d{2}/.test(value) || /^\d{2}[\-/.]\d{2}[\-/.]\d{4}/.test(value)) return;
  sink.push({ type: 'PHONE', start, end: start + value.length, priority: PHONE_PRIORITY, key: digits });
}
