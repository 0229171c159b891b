import { characterClassCount, shannonEntropy } from '../checksum.util';
import { DetectedSpan, Detector, forEachMatch, PLACEHOLDER_PATTERN } from './detector.model';

const PRIVATE_KEY_PRIORITY = 100;
const TOKEN_PRIORITY = 80;
const ASSIGNMENT_PRIORITY = 70;
const ENTROPY_PRIORITY = 65;

const PRIVATE_KEY_BEGIN = /-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY( BLOCK)?-----/g;
/** Body of a key block without its END line (truncated logs): base64, headers, escaped newlines. */
const KEY_BODY = /(?:[A-Za-z0-9+/=\s]|\\[nr]|[A-Za-z\-]+: [^\n]*)*/y;

export class PrivateKeyDetector implements Detector {
  readonly name = 'private-key';
  readonly type = 'SECRET' as const;

  detect(text: string, sink: DetectedSpan[]): void {
    if (!text.includes('PRIVATE KEY')) return;
    forEachMatch(PRIVATE_KEY_BEGIN, text, (match) => {
      const bodyStart = match.index + match[0].length;
      const endMarker = `-----END ${match[1]}PRIVATE KEY${match[2] ?? ''}-----`;
      const endIndex = text.indexOf(endMarker, bodyStart);
      let end: number;
      if (endIndex >= 0) {
        end = endIndex + endMarker.length;
      } else {
        KEY_BODY.lastIndex = bodyStart;
        KEY_BODY.exec(text);
        end = KEY_BODY.lastIndex;
      }
      sink.push({ type: 'SECRET', start: match.index, end, priority: PRIVATE_KEY_PRIORITY, key: text.slice(match.index, end) });
      PRIVATE_KEY_BEGIN.lastIndex = end;
    });
  }
}

/**
 * Tokens recognisable by their issuer's prefix. One alternation, so the text is scanned once.
 * Sources: provider documentation of token formats (AWS IAM ids, GitHub, GitLab, Slack, Stripe,
 * Google, OpenAI, Anthropic, npm, SendGrid, Twilio, Hugging Face, PyPI, Shopify, DigitalOcean).
 */
const PREFIXED_TOKEN = new RegExp(
  [
    '(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|AROA|APKA)[A-Z0-9]{16}(?![A-Za-z0-9])',
    'gh[pousr]_[A-Za-z0-9]{36,255}',
    'github_pat_[A-Za-z0-9_]{22,255}',
    'gl(?:pat|dt|rt|ptt|ft|soat|cbt|imt|agent|oas)-[A-Za-z0-9_\\-]{20,}',
    'GR1348941[A-Za-z0-9_\\-]{20,}',
    'xox[abposrce]-(?:[0-9]+-)*[A-Za-z0-9\\-]{10,}',
    'xapp-\\d-[A-Z0-9]+-\\d+-[A-Za-z0-9]+',
    '(?:sk|pk|rk)_(?:live|test)_[A-Za-z0-9]{10,}',
    'whsec_[A-Za-z0-9]{20,}',
    'AIza[0-9A-Za-z_\\-]{30,40}',
    'ya29\\.[0-9A-Za-z_\\-]{20,}',
    'GOCSPX-[0-9A-Za-z_\\-]{20,}',
    'sk-(?:proj-|ant-(?:api|admin)\\d{2}-|svcacct-|admin-)?[A-Za-z0-9_\\-]{20,}',
    'npm_[A-Za-z0-9]{36}',
    'SG\\.[A-Za-z0-9_\\-]{16,32}\\.[A-Za-z0-9_\\-]{16,64}',
    '(?:AC|SK)[0-9a-f]{32}(?![0-9A-Za-z])',
    'hf_[A-Za-z0-9]{30,}',
    'pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_\\-]{50,}',
    'shp(?:at|ss|ca|pa)_[a-fA-F0-9]{32}',
    'do[por]_v1_[a-f0-9]{64}',
    'dapi[a-f0-9]{32}(?![0-9A-Za-z])',
    'glc_[A-Za-z0-9+/]{32,}={0,2}',
    'dckr_pat_[A-Za-z0-9_\\-]{20,}',
  ]
    .map((alternative) => `(?:${alternative})`)
    .join('|')
    .replace(/^/, '(?<![A-Za-z0-9])(?:')
    .concat(')'),
  'g',
);
const PREFIXED_TOKEN_TRIGGER = /A3T|AKIA|ASIA|AB|AC|AG|AI|AN|AR|AP|gh|github_pat|gl|GR1348941|xox|xapp|_live_|_test_|whsec|ya29|GOCSPX|sk-|npm_|SG\.|SK|hf_|pypi-|shp|_v1_|dapi|glc_|dckr_pat_/;

const JWT = /(?<![A-Za-z0-9_\-])eyJ[A-Za-z0-9_\-]{6,}\.eyJ[A-Za-z0-9_\-]{6,}\.[A-Za-z0-9_\-]*/g;
const AUTHORIZATION_SCHEME = /\b(?:[Bb]earer|[Bb]asic)[ \t]+([A-Za-z0-9._~+/\-]{12,}=*)/g;

export class PrefixedTokenDetector implements Detector {
  readonly name = 'prefixed-token';
  readonly type = 'SECRET' as const;

  detect(text: string, sink: DetectedSpan[]): void {
    if (PREFIXED_TOKEN_TRIGGER.test(text)) {
      forEachMatch(PREFIXED_TOKEN, text, (match) => {
        const value = match[0];
        // `sk-` is also a common kebab prefix: a real key is random, with digits and mixed case.
        if (value.startsWith('sk-') && !/^sk-(?:proj|ant|svcacct|admin)-/.test(value)) {
          if (characterClassCount(value.slice(3).replace(/[_\-]/g, '')) < 3 || (value.match(/-/g)?.length ?? 0) > 3) return;
        }
        pushSecret(sink, match.index, value, TOKEN_PRIORITY);
      });
    }
    if (text.includes('eyJ')) {
      forEachMatch(JWT, text, (match) => pushSecret(sink, match.index, match[0], TOKEN_PRIORITY));
    }
    forEachMatch(AUTHORIZATION_SCHEME, text, (match) => {
      const value = match[1];
      // `Bearer authentication is configured...` has no token; real credentials mix classes.
      if (characterClassCount(value) < 2 || !/\d/.test(value) && value.length < 20) return;
      if (PLACEHOLDER_PATTERN.test(value)) return;
      pushSecret(sink, match.index + match[0].length - value.length, value, TOKEN_PRIORITY);
    });
  }
}

/**
 * `password=...`, `"apiKey": "..."`, `export AWS_SECRET_ACCESS_KEY=...`, `--token abc`,
 * `DB_PASSWORD: hunter2`. The regex finds the key; the value is parsed by hand so quoting
 * rules stay readable and nothing backtracks.
 */
const ASSIGNMENT_KEY =
  /(pass(?:word|wd|phrase|code)?|pwd|secret|token|api[_\-]?key|apikey|access[_\-]?key|private[_\-]?key|secret[_\-]?key|client[_\-]?secret|credentials?|authorization|signature|salt|key)(?:[_\-]?(?:base|value|str|string|raw|plain|text|b64|base64|hex))?(["']?\]?)(\s*)(:=|=>|==|=|:)[ \t]*/gi;
const CLI_FLAG =
  /(?<![\w\-])--(?:password|passwd|pass|token|secret|api-key|apikey|access-key|secret-key|client-secret|auth-token|private-key)[ \t]+(["']?)([^\s"'`]+)\1/gi;
const MYSQL_PASSWORD_FLAG = /\b(?:mysql|mysqldump|mysqladmin|mariadb)\b[^\n]*?[ \t]-p(["']?)([^\s"'`\-][^\s"'`]*)\1/g;
const QUOTED_PROSE_SECRET =
  /\b(?:password|passcode|passphrase|pin(?: code)?|secret(?: key)?|api key|access token)[ \t]+(?:(?:is|was|=|:|->)[ \t]+)?(["'`])([^"'`\n]{3,128})\1/gi;
const PROSE_SECRET =
  /\b(?:password|passcode|passphrase|pin(?: code)?|secret(?: key)?|api key|access token|token)[ \t]+(?:(?:is|was)[ \t]*:?|=|:|->)[ \t]+(["'`]?)([^\s"'`]{3,128})\1/gi;

/** Kubernetes / compose env lists: `- name: DB_PASSWORD` then `value: "..."` on the next line. */
const NAME_VALUE_PAIR =
  /name:[ \t]*["']?[A-Za-z0-9_.\-]*(?:PASSWORD|PASSWD|SECRET|TOKEN|API_KEY|APIKEY|PRIVATE_KEY|ACCESS_KEY|CREDENTIALS?)[A-Za-z0-9_]*["']?[ \t]*\r?\n[ \t\-]*value:[ \t]*/gi;
/** `~/.pgpass` lines: host:port:database:user:password. */
const PGPASS_LINE = /^[ \t]*[A-Za-z0-9*][\w.\-*]*:(?:\d{1,5}|\*):[^:\s]+:[^:\s]+:(\S+)[ \t]*$/gm;
/** A secret word right before a random-looking value: `use token Zq8Lm2...`, `key: 3Jk9...`. */
const KEYWORD_BEFORE_VALUE =
  /\b(?:token|key|secret|password|passphrase|credential|apikey|api key|access key)[ \t]+(?:is[ \t]+|was[ \t]+|of[ \t]+|=[ \t]*)?(["'`]?)([A-Za-z0-9+/=_\-.~!@#$%^&*]{16,256})\1/gi;
/** Basic-auth tuples and signing calls with literal secrets. */
const AUTH_TUPLE = /\bauth[ \t]*=[ \t]*\([ \t]*(["'])[^"'\n]{1,100}\1[ \t]*,[ \t]*(["'])([^"'\n]{3,200})\2[ \t]*\)/g;
const SIGNING_CALL =
  /\b(?:jwt\.(?:sign|verify|decode)|jws\.sign|sign(?:Token|Jwt))\([^,()\n]{1,200},[ \t]*(["'`])([^"'`\n]{4,200})\1|\bcreateHmac\([ \t]*["'][\w\-]+["'][ \t]*,[ \t]*(["'`])([^"'`\n]{4,200})\3/g;
const LOGIN_PASSWORD_FLAG =
  /\b(?:(?:docker|podman|nerdctl|buildah|skopeo|oras|helm(?:[ \t]+registry)?)[ \t]+login\b|redis-cli\b|mongo(?:sh)?\b|sshpass\b)[^\n]*?[ \t](?:-p|-a|--password|--pass)[ \t=](["']?)([^\s"'`\-][^\s"'`]*)\1/g;
/** `password Tr1cky#Pass`: no operator, so only a value that looks made up (classes mixed inside it). */
const PASSWORD_THEN_VALUE = /\b(?:password|passwd|passphrase|pwd)[ \t]+([^\s"'`]{6,64})/gi;
/** `curl -u alice:s3cret`, `http -a bob:pa55 …`: basic-auth credentials given to an HTTP client; the pair is replaced. */
const HTTP_CLIENT_CREDENTIALS =
  /\b(?:curl|wget|http|https|httpie|xh)\b[^\n]*?[ \t](?:-u|--user|-a|--auth)(?:[ \t]+|=)(["']?)([^\s:"'`]{1,128}:[^\s"'`]{1,256})\1/g;
const REDIS_AUTH = /\bAUTH[ \t]+(?:[A-Za-z0-9_\-]+[ \t]+)?(["']?)([^\s"'`]{6,128})\1/g;

const NON_SECRET_VALUES = new Set([
  'null', 'none', 'nil', 'undefined', 'true', 'false', 'yes', 'no', 'on', 'off', 'string', 'str', 'number', 'int',
  'integer', 'bool', 'boolean', 'any', 'unknown', 'object', 'bytes', 'buffer', 'optional', 'required', 'secret',
  'password', 'token', 'todo', 'tbd', 'redacted', 'hidden', 'masked', 'env', 'empty', 'missing', 'invalid',
  'expired', 'incorrect', 'wrong', 'not', 'the', 'a', 'an', 'set', 'unset', 'too', 'being', 'now', 'required.',
  'stored', 'used', 'valid', 'correct', 'needed', 'rotated', 'revoked', 'provided', 'blank', 'changed', 'reset',
  'sent', 'generated', 'configured', 'present', 'absent', 'also', 'still', 'only', 'never', 'always', 'in', 'of',
  'for', 'from', 'with', 'and', 'or', 'but', 'this', 'that', 'it', 'its', 'your', 'my', 'our', 'their', 'his',
  'her', 'weak', 'strong', 'long', 'short', 'secure', 'insecure', 'encrypted', 'hashed', 'plaintext', 'base64',
  'hex', 'utf8', 'utf-8', 'ascii', 'sha256', 'sha1', 'md5', 'hmac', 'bcrypt', 'argon2', 'scrypt', 'pbkdf2',
  'rs256', 'hs256', 'es256', 'bearer', 'basic', 'jwt', 'oauth', 'oauth2', 'api', 'header', 'cookie', 'query',
  'body', 'file', 'vault', 'kms', 'sops', 'await', 'async', 'new', 'function', 'yield', 'typeof', 'require', 'import',
  'this', 'self', 'lambda', 'return', 'get', 'input', 'getpass', 'prompt', 'read', 'default', 'value',
]);
const AUTHORIZATION_SCHEME_WORD = /^(?:Bearer|Basic|Digest|Token|Negotiate|NTLM|Bot|SSWS|ApiKey)(?:\s+|$)/i;
const KEYWORD_STEM = /pass|pwd|secret|token|key|cred|auth|sig|salt/i;
/**
 * Superset of the keyword tests that let SecretAssignmentDetector run at all (done there on a
 * lower-case copy): if this fails, none of them can pass. `İ` and the Kelvin sign lower-case to
 * ASCII letters, so a text with either takes the full path.
 */
const ANY_SECRET_CUE = /pass|pwd|token|secret|key|auth|cred|signature|salt|pin|-p|name:|\u0130|\u212a/i;

export class SecretAssignmentDetector implements Detector {
  readonly name = 'secret-assignment';
  readonly type = 'SECRET' as const;

  detect(text: string, sink: DetectedSpan[]): void {
    if (text.includes(' -u') || text.includes(' -a') || text.includes('--user') || text.includes('--auth')) {
      forEachMatch(HTTP_CLIENT_CREDENTIALS, text, (flag) => {
        const pair = flag[2];
        pushSecret(sink, flag.index + flag[0].length - pair.length - flag[1].length, pair, ASSIGNMENT_PRIORITY);
      });
    }
    // Most free text holds none of the words below: one scan of the original text rules it out.
    if (!ANY_SECRET_CUE.test(text)) return;
    // One lower-case copy, then every rule is gated by its keywords: each skipped rule is a regex scan saved.
    const lower = text.toLowerCase();
    const password = lower.includes('pass') || lower.includes('pwd');
    const token = lower.includes('token');
    const secret = lower.includes('secret');
    const key = lower.includes('key');
    const auth = lower.includes('auth');
    const anyKeyword =
      password || token || secret || key || auth || lower.includes('cred') || lower.includes('signature') || lower.includes('salt') || /\bpin\b/.test(lower);
    if (!anyKeyword && !text.includes('-p') && !lower.includes('name:')) return;
    if (anyKeyword) this.assignments(text, sink);

    this.otherForms(text, lower, { password, token, secret, key, auth }, sink);
  }

  private assignments(text: string, sink: DetectedSpan[]): void {
    ASSIGNMENT_KEY.lastIndex = 0;
    let match: RegExpExecArray | null;
    while ((match = ASSIGNMENT_KEY.exec(text)) !== null) {
      const keyword = match[1].toLowerCase();
      if (!startsIdentifierPart(text, match.index, match[1])) continue;
      // `a == b` compares; `x: y` inside a sentence is handled by the prose rule.
      if (match[4] === '==') continue;
      const value = readValue(text, ASSIGNMENT_KEY.lastIndex);
      if (value === null) continue;
      const weakKey = keyword === 'key' || keyword === 'signature' || keyword === 'salt' || keyword === 'authorization';
      if (keyword === 'authorization') {
        this.authorizationValue(text, value, sink);
        continue;
      }
      if (!isSecretValue(value.text, weakKey, /pass|pwd|pin/.test(keyword))) continue;
      pushSecret(sink, value.start, value.text, ASSIGNMENT_PRIORITY);
    }
  }

  private otherForms(
    text: string,
    lower: string,
    words: { password: boolean; token: boolean; secret: boolean; key: boolean; auth: boolean },
    sink: DetectedSpan[],
  ): void {
    if (text.includes('--') && (words.password || words.token || words.secret || words.key || words.auth)) {
      forEachMatch(CLI_FLAG, text, (flag) => {
        const value = flag[2];
        if (!isSecretValue(value, false, true)) return;
        pushSecret(sink, flag.index + flag[0].length - value.length - flag[1].length, value, ASSIGNMENT_PRIORITY);
      });
    }
    if (text.includes('-p') && (lower.includes('mysql') || lower.includes('mariadb'))) {
      forEachMatch(MYSQL_PASSWORD_FLAG, text, (flag) => {
        const value = flag[2];
        if (!isSecretValue(value, false, true)) return;
        pushSecret(sink, flag.index + flag[0].length - value.length - flag[1].length, value, ASSIGNMENT_PRIORITY);
      });
    }
    if (lower.includes('name:') && lower.includes('value:')) {
      NAME_VALUE_PAIR.lastIndex = 0;
      while (NAME_VALUE_PAIR.exec(text) !== null) {
        const value = readValue(text, NAME_VALUE_PAIR.lastIndex);
        if (value !== null && isSecretValue(value.text, false, true)) pushSecret(sink, value.start, value.text, ASSIGNMENT_PRIORITY);
      }
    }
    if (/:(?:\d{1,5}|\*):/.test(text)) {
      forEachMatch(PGPASS_LINE, text, (line) => {
        const value = line[1];
        if (!/[A-Za-z]/.test(line[0].split(':')[0]) || !isSecretValue(value, false, true)) return;
        pushSecret(sink, line.index + line[0].lastIndexOf(value), value, ASSIGNMENT_PRIORITY);
      });
    }
    if (words.token || words.key || words.secret || words.password || lower.includes('credential')) forEachMatch(KEYWORD_BEFORE_VALUE, text, (keyed) => {
      const value = keyed[2].replace(/[.,;:!?]+$/, '');
      if (!isSecretValue(value, true, false) || characterClassCount(value) < 3 || !looksRandom(value)) return;
      pushSecret(sink, keyed.index + keyed[0].length - keyed[2].length - keyed[1].length, value, ASSIGNMENT_PRIORITY);
    });
    if (text.includes('auth')) {
      forEachMatch(AUTH_TUPLE, text, (tuple) => {
        const value = tuple[3];
        if (!isSecretValue(value, false, true)) return;
        pushSecret(sink, tuple.index + tuple[0].lastIndexOf(value), value, ASSIGNMENT_PRIORITY);
      });
    }
    if (lower.includes('sign') || lower.includes('createhmac')) {
      forEachMatch(SIGNING_CALL, text, (call) => {
        const value = call[2] ?? call[4];
        if (!isSecretValue(value, false, true)) return;
        pushSecret(sink, call.index + call[0].lastIndexOf(value), value, ASSIGNMENT_PRIORITY);
      });
    }
    if ((lower.includes('login') || lower.includes('redis-cli') || lower.includes('mongo') || lower.includes('sshpass')) && / -[pa]\b|--pass/.test(text)) {
      forEachMatch(LOGIN_PASSWORD_FLAG, text, (flag) => {
        const value = flag[2];
        if (!isSecretValue(value, false, true)) return;
        pushSecret(sink, flag.index + flag[0].length - value.length - flag[1].length, value, ASSIGNMENT_PRIORITY);
      });
    }
    if (words.password) forEachMatch(PASSWORD_THEN_VALUE, text, (bare) => {
      const value = bare[1].replace(/[.,;:!?)]+$/, '');
      // Digits inside the word or symbols: `Tr1cky#Pass`, `Summer2024!` yes; `Manager2024`, `Reset-Link` no.
      if (characterClassCount(value) < 3 || !/\d/.test(value) || !/\d[A-Za-z]|[^\w\s]/.test(value)) return;
      if (!isSecretValue(value, false, true)) return;
      pushSecret(sink, bare.index + bare[0].length - bare[1].length, value, ASSIGNMENT_PRIORITY);
    });
    if (text.includes('AUTH')) {
      forEachMatch(REDIS_AUTH, text, (auth) => {
        const value = auth[2];
        if (characterClassCount(value) < 3 || !isSecretValue(value, false, true)) return;
        pushSecret(sink, auth.index + auth[0].length - value.length - auth[1].length, value, ASSIGNMENT_PRIORITY);
      });
    }
    if (!(words.password || words.secret || words.token || words.key || /\bpin\b/.test(lower))) return;
    forEachMatch(QUOTED_PROSE_SECRET, text, (prose) => {
      const value = prose[2];
      if (!isSecretValue(value, false, true)) return;
      pushSecret(sink, prose.index + prose[0].length - value.length - 1, value, ASSIGNMENT_PRIORITY);
    });
    forEachMatch(PROSE_SECRET, text, (prose) => {
      const value = prose[2].replace(/[.,;:!?)]+$/, '');
      const quoted = prose[1] !== '';
      if (!quoted && !/[\d\W_]/.test(value) && value.length < 12) return;
      if (!isSecretValue(value, false, true)) return;
      const start = prose.index + prose[0].length - prose[2].length - prose[1].length;
      pushSecret(sink, start, value, ASSIGNMENT_PRIORITY);
    });
  }

  /** `Authorization: Bearer x`, `Authorization: token x`, `Authorization: AWS4-HMAC-SHA256 ...`, or a bare credential. */
  private authorizationValue(text: string, value: { start: number; text: string }, sink: DetectedSpan[]): void {
    if (/^AWS4-HMAC-SHA256$/i.test(value.text)) {
      const lineEnd = text.indexOf('\n', value.start);
      const end = lineEnd < 0 ? text.length : lineEnd;
      const rest = text.slice(value.start, end).replace(/["'`]\s*$/, '');
      pushSecret(sink, value.start, rest, ASSIGNMENT_PRIORITY);
      return;
    }
    const scheme = AUTHORIZATION_SCHEME_WORD.exec(value.text);
    if (scheme !== null) {
      let credential: { start: number; text: string } | null;
      if (scheme[0].length < value.text.length) {
        // Quoted `"Bearer abc"`: the credential is the rest of the quoted value.
        credential = { start: value.start + scheme[0].length, text: value.text.slice(scheme[0].length) };
      } else {
        let next = value.start + value.text.length;
        while (text[next] === ' ' || text[next] === '\t') next++;
        credential = readValue(text, next);
      }
      if (credential === null || credential.text.length < 8 || !isSecretValue(credential.text, false, false)) return;
      pushSecret(sink, credential.start, credential.text, ASSIGNMENT_PRIORITY);
      return;
    }
    if (isSecretValue(value.text, true, false)) pushSecret(sink, value.start, value.text, ASSIGNMENT_PRIORITY);
  }
}

/**
 * The keyword must begin an identifier part: `DB_PASSWORD`, `dbPassword`, `password`, but not
 * `bypass` or `monkey`.
 */
function startsIdentifierPart(text: string, index: number, keyword: string): boolean {
  if (index === 0) return true;
  const previous = text.charCodeAt(index - 1);
  const isLower = previous >= 97 && previous <= 122;
  if (!isLower) return true;
  const first = keyword.charCodeAt(0);
  return first >= 65 && first <= 90;
}

/** Reads a quoted or bare value starting at `from`; returns its position and text without quotes. */
function readValue(text: string, from: number): { start: number; text: string } | null {
  const opening = text[from];
  if (opening === '"' || opening === "'" || opening === '`') {
    let index = from + 1;
    while (index < text.length && index - from <= 512) {
      const character = text[index];
      if (character === '\\') {
        index += 2;
        continue;
      }
      if (character === opening) return { start: from + 1, text: text.slice(from + 1, index) };
      if (character === '\n') return null;
      index++;
    }
    return null;
  }
  let index = from;
  while (index < text.length && index - from <= 512) {
    const code = text.charCodeAt(index);
    // Stop at whitespace, quotes, separators, closing brackets and backslashes (a JSON-escaped
    // `\n` or `\"` ends the value when the text is itself inside a JSON string).
    if (code <= 32 || code === 34 || code === 39 || code === 96 || code === 44 || code === 59 || code === 38 ||
        code === 41 || code === 93 || code === 125 || code === 62 || code === 60 || code === 92) {
      break;
    }
    index++;
  }
  let value = text.slice(from, index);
  value = value.replace(/[.:]+$/, '');
  return value.length === 0 ? null : { start: from, text: value };
}

/** True if the value looks like a literal credential rather than code, a type, or a sentence word. */
export function isSecretValue(value: string, requireHighEntropy: boolean, passwordLike: boolean): boolean {
  if (value.length < 3 || value.length > 512) return false;
  if (PLACEHOLDER_PATTERN.test(value)) return false;
  const lower = value.toLowerCase();
  if (NON_SECRET_VALUES.has(lower)) return false;
  if (/^[*xX•.#\-_?]+$/.test(value)) return false;
  // Interpolations, references and templates: `${DB_PASSWORD}`, `$TOKEN`, `{{ secrets.X }}`, `%(pw)s`, `!vault`, `*anchor`.
  if (/^(?:\$|\{|%\(|!|\*|&|@|\[|\(|<|#\{)/.test(value)) return false;
  if (/^(?:process\.env|os\.environ|os\.getenv|env\.|config\.|settings\.|secrets\.|vars\.|self\.|this\.|ENV\[)/i.test(value)) return false;
  // Member access and calls: `config.apiKey`, `getToken()`, `req.headers.authorization`.
  if (/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/.test(value) && !/\d/.test(value)) return false;
  if (/^[\w$.]+\(/.test(value)) return false;
  // Type annotations: `token: string`, `secret: Buffer`, `password?: Optional[str]`.
  if (/^[A-Z][a-z]+(?:[A-Z][a-z]+)*(?:\[\w+\])?[;,]?$/.test(value)) return false;
  // Variables forwarded under their own name: `token = accessToken`, `password=user_password`.
  if (/^[A-Za-z_][A-Za-z_]*$/.test(value) && KEYWORD_STEM.test(value) && /[a-z][A-Z]|_/.test(value)) return false;
  // Short numbers next to `token` are counts (`max_token=4096`); long ones are ids or PINs.
  if (/^\d+$/.test(value)) return value.length >= 6 || (passwordLike && value.length >= 4);
  if (/^\d+(?:\.\d+)*[a-z]*$/i.test(value) && !passwordLike) return false;
  if (/^https?:\/\//i.test(value) && !requireHighEntropy) return /[?&](?:token|key|sig)=|:\/\/[^/]*@/i.test(value);
  if (requireHighEntropy) {
    // Bare `key`/`signature` contexts often hold content hashes: commit-sized hex stays.
    if (/^[0-9a-f]{7,12}$|^[0-9a-f]{40}$/.test(value)) return false;
    if (value.length < 16 || !/^[A-Za-z0-9+/=_\-.~]+$/.test(value)) return false;
    if (characterClassCount(value) < 2 || !/\d/.test(value)) return false;
    return shannonEntropy(value) >= 3.2;
  }
  return true;
}

const BASE64_CHARACTER = new Uint8Array(128);
for (const character of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/') {
  BASE64_CHARACTER[character.charCodeAt(0)] = 1;
}

/**
 * A 40-character base64 run, the shape of an AWS secret access key, outside any key context.
 * Runs are found with a character loop: on long free text it is several times faster than a
 * regex that has to re-check its boundary at every position.
 */
export class HighEntropyDetector implements Detector {
  readonly name = 'high-entropy';
  readonly type = 'SECRET' as const;

  detect(text: string, sink: DetectedSpan[]): void {
    const length = text.length;
    if (length < 40) return;
    let runStart = 0;
    for (let index = 0; index <= length; index++) {
      const code = index < length ? text.charCodeAt(index) : 32;
      if (code < 128 && BASE64_CHARACTER[code] === 1) continue;
      if (index - runStart === 40 && code !== 61 && (runStart === 0 || text.charCodeAt(runStart - 1) !== 61)) {
        this.consider(text.slice(runStart, index), runStart, sink);
      }
      runStart = index + 1;
    }
  }

  private consider(value: string, start: number, sink: DetectedSpan[]): void {
    if (!/[a-z]/.test(value) || !/[A-Z]/.test(value) || !/\d/.test(value)) return;
    // Paths are runs of words between slashes; random keys are not.
    if (value.startsWith('/') || value.endsWith('/') || (value.match(/\//g)?.length ?? 0) > 3) return;
    if (!/[/+]/.test(value) && (value.match(/\d/g)?.length ?? 0) < 3) return;
    if (shannonEntropy(value) < 4.5) return;
    pushSecret(sink, start, value, ENTROPY_PRIORITY);
  }
}

/**
 * Random tokens switch between lower case, upper case and digits on most characters;
 * identifiers (`UserAccountId_2024`, `cl100k_base-v2`) switch at word boundaries only.
 */
export function looksRandom(value: string): boolean {
  let switches = 0;
  let digits = 0;
  let previous = -1;
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index);
    const kind = code >= 48 && code <= 57 ? 0 : code >= 65 && code <= 90 ? 1 : code >= 97 && code <= 122 ? 2 : 3;
    if (kind === 0) digits++;
    if (previous >= 0 && kind !== previous) switches++;
    previous = kind;
  }
  return digits >= 2 && switches / Math.max(value.length - 1, 1) >= 0.5;
}

function pushSecret(sink: DetectedSpan[], start: number, value: string, priority: number): void {
  sink.push({ type: 'SECRET', start, end: start + value.length, priority, key: value });
}
