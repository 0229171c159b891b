import { DetectedSpan, Detector, DetectorOptions, forEachMatch, PLACEHOLDER_PATTERN } from './detector.model';

const URL_PRIORITY = 90;
const MAC_PRIORITY = 42;
const IP_PRIORITY = 41;

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
/**
 * Dotted quads, except where the context says version: `v1.2.3.4`, `Chrome/120.0.0.0`,
 * `>= '1.2.3.4'`, `version 1.2.3.4`, and not inside longer dotted numbers (OIDs).
 */
const IPV4 = new RegExp(
  `(?<![\\w.]|[A-Za-z]/|[<>~]=[ \\t]?["']?|[\\^~]["']?|\\b(?:[Vv]ersion|VERSION|[Rr]elease|[Bb]uild|[Vv]er)[ :=]{0,3}["']?)${OCTET}(?:\\.${OCTET}){3}(?![\\w]|\\.\\d)`,
  'g',
);

export class Ipv4Detector implements Detector {
  readonly name = 'ipv4';
  readonly type = 'IP' as const;

  detect(text: string, sink: DetectedSpan[], options: DetectorOptions): void {
    if (!/\d\.\d/.test(text)) return;
    forEachMatch(IPV4, text, (match) => {
      const value = match[0];
      if (options.keepNonIdentifyingAddresses && isNonIdentifyingIpv4(value)) return;
      sink.push({ type: 'IP', start: match.index, end: match.index + value.length, priority: IP_PRIORITY, key: value });
    });
  }
}

/** Loopback 127/8, unspecified 0.0.0.0, limited broadcast and netmasks identify nobody. */
export function isNonIdentifyingIpv4(address: string): boolean {
  if (address.startsWith('127.') || address === '0.0.0.0') return true;
  if (!address.startsWith('255.')) return false;
  let bits = 0;
  for (const octet of address.split('.')) bits = bits * 256 + Number(octet);
  // A netmask is ones followed by zeros: 255.255.255.0, 255.255.240.0, 255.255.255.255.
  const inverted = 0xffffffff - bits;
  return (inverted & (inverted + 1)) === 0;
}

/** Hex groups with colons; each repetition must eat a colon, so it cannot backtrack exponentially. */
const IPV6_CANDIDATE = /(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?:\.\d{1,3}){0,3}(?:%[\w.]+)?(?![\w:])/g;

export class Ipv6Detector implements Detector {
  readonly name = 'ipv6';
  readonly type = 'IP' as const;

  detect(text: string, sink: DetectedSpan[], options: DetectorOptions): void {
    if (!/[0-9A-Fa-f]?:[0-9A-Fa-f]{0,4}:/.test(text)) return;
    forEachMatch(IPV6_CANDIDATE, text, (match) => {
      let value = match[0];
      // `[::1]:8080` is caught without the port; a trailing colon is punctuation (`at fe80::1:`).
      if (value.endsWith(':') && !value.endsWith('::')) value = value.slice(0, -1);
      const parsed = parseIpv6(value);
      if (parsed === null) return;
      if (options.keepNonIdentifyingAddresses && parsed.nonIdentifying) return;
      sink.push({ type: 'IP', start: match.index, end: match.index + value.length, priority: IP_PRIORITY, key: value.toLowerCase() });
    });
  }
}

/** Strict IPv6 syntax check (RFC 4291 text forms, optional embedded IPv4 and zone id). */
export function parseIpv6(candidate: string): { nonIdentifying: boolean } | null {
  const address = candidate.split('%')[0];
  const halves = address.split('::');
  if (halves.length > 2) return null;
  let groupCount = 0;
  let nonEmptyGroups = 0;
  let hasLongGroup = false;
  const parts: string[][] = halves.map((half) => (half === '' ? [] : half.split(':')));
  for (let halfIndex = 0; halfIndex < parts.length; halfIndex++) {
    const groups = parts[halfIndex];
    for (let index = 0; index < groups.length; index++) {
      const group = groups[index];
      const isLast = halfIndex === parts.length - 1 && index === groups.length - 1;
      if (isLast && group.includes('.')) {
        if (!/^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/.test(group)) return null;
        groupCount += 2;
        nonEmptyGroups += 2;
        continue;
      }
      if (!/^[0-9A-Fa-f]{1,4}$/.test(group)) return null;
      if (group.length >= 3) hasLongGroup = true;
      groupCount++;
      nonEmptyGroups++;
    }
  }
  if (halves.length === 1 && groupCount !== 8) return null;
  if (halves.length === 2 && groupCount > 7) return null;
  const normalized = address.toLowerCase();
  const nonIdentifying = normalized === '::' || normalized === '::1' || /^0*(:0*)*:0*1?$/.test(normalized);
  if (nonIdentifying) return { nonIdentifying: true };
  // `a::b` in prose or code is not worth a placeholder; real addresses have a 3–4 digit group.
  if (nonEmptyGroups < 2 || !hasLongGroup) return null;
  return { nonIdentifying: false };
}

const MAC_COLON_OR_DASH =
  /(?<![\w:.\-])[0-9A-Fa-f]{2}([:\-])[0-9A-Fa-f]{2}(?:\1[0-9A-Fa-f]{2}){4}(?![\w]|[:\-][0-9A-Fa-f])/g;
/** Anchored on a dot (a literal start scans fast); the four hex digits before it are checked in code. */
const MAC_DOTTED_TAIL = /\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}(?![\w]|\.\w)/g;
const MAC_DOTTED_HEAD = /^[0-9A-Fa-f]{4}$/;

export class MacAddressDetector implements Detector {
  readonly name = 'mac-address';
  readonly type = 'MAC' as const;

  detect(text: string, sink: DetectedSpan[], options: DetectorOptions): void {
    if (/[0-9A-Fa-f]{2}[:\-][0-9A-Fa-f]{2}[:\-]/.test(text)) {
      forEachMatch(MAC_COLON_OR_DASH, text, (match) => this.push(sink, match.index, match[0], options));
    }
    if (text.includes('.')) {
      forEachMatch(MAC_DOTTED_TAIL, text, (match) => {
        const start = match.index - 4;
        if (start < 0 || !MAC_DOTTED_HEAD.test(text.slice(start, match.index))) return;
        if (start > 0 && /[\w.]/.test(text[start - 1])) return;
        const value = text.slice(start, match.index + match[0].length);
        // Cisco notation always shows hex letters in practice; pure digits are version-like numbers.
        if (!/[A-Fa-f]/.test(value)) return;
        this.push(sink, start, value, options);
      });
    }
  }

  private push(sink: DetectedSpan[], start: number, value: string, options: DetectorOptions): void {
    const key = value.toLowerCase().replace(/[^0-9a-f]/g, '');
    if (options.keepNonIdentifyingAddresses && (key === '000000000000' || key === 'ffffffffffff')) return;
    sink.push({ type: 'MAC', start, end: start + value.length, priority: MAC_PRIORITY, key });
  }
}

const URL_CANDIDATE = /\b[A-Za-z][A-Za-z0-9+.\-]{1,15}:\/\/[^\s"'<>`\\]+/g;
const SENSITIVE_QUERY_PARAMETER =
  /[?&#;](?:access_token|refresh_token|id_token|auth_token|token|auth|api_key|apikey|api-key|key|secret|client_secret|password|passwd|pwd|pass|sig|signature|x-amz-signature|x-amz-credential|x-amz-security-token|code|session|sessionid|session_id|sid|jwt|private_token|oauth_token|oauth_signature|otp)=([^&#\s]+)/i;
const WEBHOOK_WITH_TOKEN = /^https?:\/\/(?:hooks\.slack\.com\/(?:services|workflows|triggers)\/|(?:[\w-]+\.)?discord(?:app)?\.com\/api\/webhooks\/|[\w-]+\.webhook\.office\.com\/)/i;

/** URLs that carry credentials: user info, token query parameters, webhook secrets in the path. */
export class CredentialUrlDetector implements Detector {
  readonly name = 'credential-url';
  readonly type = 'URL' as const;

  detect(text: string, sink: DetectedSpan[]): void {
    if (!text.includes('://')) return;
    forEachMatch(URL_CANDIDATE, text, (match) => {
      const value = trimUrl(match[0]);
      if (!carriesCredentials(value)) return;
      sink.push({ type: 'URL', start: match.index, end: match.index + value.length, priority: URL_PRIORITY, key: value });
    });
  }
}

function trimUrl(raw: string): string {
  let value = raw.replace(/[.,;:!?]+$/, '');
  // Keep a closing bracket only if the URL opened one (`(see https://x/a_(b))`).
  while (/[)\]}]$/.test(value)) {
    const closing = value[value.length - 1];
    const opening = closing === ')' ? '(' : closing === ']' ? '[' : '{';
    if (value.split(opening).length >= value.split(closing).length) break;
    value = value.slice(0, -1).replace(/[.,;:!?]+$/, '');
  }
  return value;
}

function carriesCredentials(url: string): boolean {
  const schemeEnd = url.indexOf('://') + 3;
  const authorityEnd = url.slice(schemeEnd).search(/[/?#]/);
  const authority = authorityEnd < 0 ? url.slice(schemeEnd) : url.slice(schemeEnd, schemeEnd + authorityEnd);
  const at = authority.lastIndexOf('@');
  if (at > 0 && !PLACEHOLDER_PATTERN.test(authority.slice(0, at))) return true;
  const parameter = SENSITIVE_QUERY_PARAMETER.exec(url);
  if (parameter !== null && !PLACEHOLDER_PATTERN.test(parameter[1]) && !/^(?:\{\{?\w+\}?\}|\$\{?\w+\}?|<[^>]*>|x+|\*+)$/i.test(parameter[1])) {
    return true;
  }
  return WEBHOOK_WITH_TOKEN.test(url);
}
