export type SecretKind =
  | 'aws-access-key-id'
  | 'aws-secret-access-key'
  | 'github-token'
  | 'slack-token'
  | 'slack-webhook'
  | 'stripe-secret-key'
  | 'google-api-key'
  | 'google-oauth-secret'
  | 'private-key-block'
  | 'json-web-token'
  | 'password-assignment';

export interface SecretFinding {
  kind: SecretKind;
  /** where the text came from ("diff:src/config.ts:12", "turn 2 tool call arguments"...). */
  location: string;
  /** the first characters and the length, never the secret itself. */
  preview: string;
}

interface SecretPattern {
  kind: SecretKind;
  pattern: RegExp;
  /** capture group holding the secret value (0 = whole match). */
  group: number;
}

// Value shapes from the providers' published token formats; all global so every hit is found.
const SECRET_PATTERNS: readonly SecretPattern[] = [
  { kind: 'aws-access-key-id', pattern: /\b((?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16})\b/g, group: 1 },
  {
    kind: 'aws-secret-access-key',
    pattern: /aws.{0,20}?(?:secret|private).{0,20}?['"`=:\s]([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])/gi,
    group: 1,
  },
  { kind: 'github-token', pattern: /\b(gh[pousr]_[A-Za-z0-9]{36,255})\b/g, group: 1 },
  { kind: 'github-token', pattern: /\b(github_pat_[A-Za-z0-9_]{22,255})\b/g, group: 1 },
  { kind: 'slack-token', pattern: /\b(xox[abposr]-[A-Za-z0-9-]{10,})\b/g, group: 1 },
  {
    kind: 'slack-webhook',
    pattern: /(https:\/\/hooks\.slack\.com\/services\/T[A-Za-z0-9_]+\/B[A-Za-z0-9_]+\/[A-Za-z0-9_]+)/g,
    group: 1,
  },
  { kind: 'stripe-secret-key', pattern: /\b((?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,})\b/g, group: 1 },
  { kind: 'google-api-key', pattern: /\b(AIza[0-9A-Za-z_-]{35})(?![0-9A-Za-z_-])/g, group: 1 },
  { kind: 'google-oauth-secret', pattern: /\b(GOCSPX-[A-Za-z0-9_-]{20,})/g, group: 1 },
  {
    kind: 'private-key-block',
    pattern: /(-----BEGIN (?:RSA |EC |DSA |OPENSSH |PGP |ENCRYPTED )?PRIVATE KEY(?: BLOCK)?-----)/g,
    group: 1,
  },
  {
    kind: 'json-web-token',
    pattern: /\b(eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,})/g,
    group: 1,
  },
  {
    // password = "hunter22", apiKey: 'abc...', PASSWORD=hunter22 (quoted or env-style).
    kind: 'password-assignment',
    pattern:
      /(?:password|passwd|pwd|secret|api[_-]?key|access[_-]?token|auth[_-]?token|client[_-]?secret)[\w-]*["']?\s*(?::|=|:=|=>)\s*(?:(["'`])([^"'`\s]{6,})\1|([^\s"'`,;)}\]]{8,}))/gi,
    group: -1,
  },
];

// Values that are references or placeholders, not secrets.
const PLACEHOLDER =
  /^\$\{|^\$[A-Za-z_]|^%[A-Za-z_]+%$|^<[^>]*>$|^\{\{.*\}\}$|process\.env|os\.environ|getenv|^\*+$|^x+$|^\.+$|example|placeholder|changeme|change_me|your[_-]|redacted|dummy|sample|^(?:true|false|null|undefined|none)$/i;

/**
 * Finds credentials in text. Small and self-contained on purpose: provider token formats plus
 * `password = "..."`-style assignments, with placeholders (`${VAR}`, `process.env.X`,
 * `<your-key>`, `changeme`, AWS's documented `...EXAMPLE` keys) left alone. Findings carry a
 * redacted preview only, so reporting them never re-leaks the secret.
 */
export function detectSecrets(text: string, location: string): SecretFinding[] {
  if (!text) return [];
  const findings: SecretFinding[] = [];
  const seen = new Set<string>();
  for (const { kind, pattern, group } of SECRET_PATTERNS) {
    pattern.lastIndex = 0;
    for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
      const value = group >= 0 ? match[group] : (match[2] ?? match[3]);
      const unquoted = group < 0 && match[3] !== undefined;
      if (!value || isPlaceholder(kind, value, match[0], unquoted)) continue;
      const key = `${kind}\u0000${value}`;
      if (seen.has(key)) continue;
      seen.add(key);
      findings.push({ kind, location, preview: redact(value) });
    }
  }
  return findings;
}

function isPlaceholder(kind: SecretKind, value: string, whole: string, unquoted: boolean): boolean {
  if (kind === 'private-key-block') return false;
  if (kind === 'aws-access-key-id' || kind === 'aws-secret-access-key') return /EXAMPLE/.test(value);
  if (kind === 'password-assignment') {
    if (PLACEHOLDER.test(value)) return true;
    // `password = getPassword()` or `apiKey: config.apiKey`: code, not a literal.
    if (/[()]/.test(value) || /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)+$/.test(value)) return true;
    // Type annotations (`password: string`) and comparisons (`==`) are not assignments.
    if (/^(string|number|boolean|unknown|any)$/i.test(value) || /==/.test(whole)) return true;
    // An unquoted bare name without digits (`secret = derivedSecret`) is a variable reference.
    if (unquoted && /^[A-Za-z_$][A-Za-z_$]*$/.test(value)) return true;
    return false;
  }
  return PLACEHOLDER.test(value) && !/^(sk|rk)_/.test(value);
}

/** "AKIA…(20 chars)": enough to recognise the finding, never enough to use it. */
export function redact(value: string): string {
  return `${value.slice(0, 4)}…(${value.length} chars)`;
}
