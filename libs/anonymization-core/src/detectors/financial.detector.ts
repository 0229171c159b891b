import { hasCardBrandPrefix, isValidIban, passesLuhn } from '../checksum.util';
import { DetectedSpan, Detector, forEachMatch } from './detector.model';

const IBAN_PRIORITY = 45;
const CARD_PRIORITY = 44;
const SSN_PRIORITY = 43;

/** 12–19 digits with optional single spaces or dashes; each repetition eats one digit, so it backtracks linearly. */
const CARD_CANDIDATE = /(?<![\w.+\-])\d(?:[ \-.]?\d){11,18}(?![\w]|[.\-]\d)/g;

export class CreditCardDetector implements Detector {
  readonly name = 'credit-card';
  readonly type = 'CREDIT_CARD' as const;

  detect(text: string, sink: DetectedSpan[]): void {
    if (!/\d{4}/.test(text)) return;
    forEachMatch(CARD_CANDIDATE, text, (match) => {
      const raw = match[0];
      const digits = raw.replace(/[ \-.]/g, '');
      if (!hasCardBrandPrefix(digits) || !passesLuhn(digits)) return;
      // One separator style throughout: `4111.1111.1111.1111` yes, `4111 1111.1111-1111` no.
      if (new Set(raw.replace(/\d/g, '')).size > 1) return;
      const groups = raw.split(/[ \-.]/);
      // `4111 1111 1111 1111`, `3782 822463 10005`: grouped cards use groups of 3 to 6 digits.
      if (groups.length > 1 && groups.some((group) => group.length < 3 || group.length > 6)) return;
      sink.push({ type: 'CREDIT_CARD', start: match.index, end: match.index + raw.length, priority: CARD_PRIORITY, key: digits });
    });
  }
}

/** Country, check digits, then alphanumerics with optional single spaces; cut to the country's length afterwards. */
const IBAN_CANDIDATE = /(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}(?: ?[A-Za-z0-9]){10,30}/g;

export class IbanDetector implements Detector {
  readonly name = 'iban';
  readonly type = 'IBAN' as const;

  detect(text: string, sink: DetectedSpan[]): void {
    if (!/[A-Za-z]{2}\d{2}/.test(text)) return;
    IBAN_CANDIDATE.lastIndex = 0;
    let match: RegExpExecArray | null;
    while ((match = IBAN_CANDIDATE.exec(text)) !== null) {
      const raw = match[0];
      const end = validIbanLength(text, match.index, raw);
      // Resume right after the IBAN, or inside the candidate: it may have swallowed the next IBAN.
      IBAN_CANDIDATE.lastIndex = match.index + (end > 0 ? end : 1);
      if (end === 0) continue;
      const compact = raw.slice(0, end).replace(/ /g, '').toUpperCase();
      sink.push({ type: 'IBAN', start: match.index, end: match.index + end, priority: IBAN_PRIORITY, key: compact });
    }
  }
}

/**
 * The candidate may run into the next word (`DE89 3704 ... 00 IBAN`): try each cut that ends on
 * a word boundary, longest first; returns the length of the first that is a valid IBAN, or 0.
 */
function validIbanLength(text: string, offset: number, raw: string): number {
  const cutPoints: number[] = [];
  let compactLength = 0;
  for (let index = 0; index < raw.length; index++) {
    if (raw[index] === ' ') continue;
    compactLength++;
    if (compactLength >= 15) cutPoints.push(index + 1);
  }
  for (let cut = cutPoints.length - 1; cut >= 0; cut--) {
    const end = cutPoints[cut];
    const next = text[offset + end];
    if (next !== undefined && /[A-Za-z0-9]/.test(next)) continue;
    if (isValidIban(raw.slice(0, end).replace(/ /g, ''))) return end;
  }
  return 0;
}

const SSN_DASHED = /(?<![\w\-])(\d{3})-(\d{2})-(\d{4})(?![\w]|-\d)/g;
const SSN_CUED = /\b(?:ssn|social[ \-_]security(?:[ \-_](?:number|no\.?|#))?|ss#)["']?[ \t]*[:#=]?[ \t]*["']?(?:is[ \t]+)?(\d{3}[ \-]?\d{2}[ \-]?\d{4})(?!\d)/gi;

export class SsnDetector implements Detector {
  readonly name = 'ssn';
  readonly type = 'SSN' as const;

  detect(text: string, sink: DetectedSpan[]): void {
    if (!/\d{4}/.test(text)) return;
    forEachMatch(SSN_DASHED, text, (match) => {
      if (!isPlausibleSsn(match[1], match[2], match[3])) return;
      pushSsn(sink, match.index, match[0]);
    });
    forEachMatch(SSN_CUED, text, (match) => {
      const value = match[1];
      const digits = value.replace(/\D/g, '');
      if (!isPlausibleSsn(digits.slice(0, 3), digits.slice(3, 5), digits.slice(5))) return;
      pushSsn(sink, match.index + match[0].length - value.length, value);
    });
  }
}

/** The SSA never issues area 000, group 00 or serial 0000; 9xx and 666 are kept because test data uses them. */
function isPlausibleSsn(area: string, group: string, serial: string): boolean {
  return area !== '000' && group !== '00' && serial !== '0000';
}

function pushSsn(sink: DetectedSpan[], start: number, value: string): void {
  sink.push({ type: 'SSN', start, end: start + value.length, priority: SSN_PRIORITY, key: value.replace(/\D/g, '') });
}
