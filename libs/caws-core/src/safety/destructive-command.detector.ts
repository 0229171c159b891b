export type CommandRiskKind = 'destructive-command' | 'privilege-escalation';

export interface CommandFinding {
  kind: CommandRiskKind;
  /** which rule matched: "rm-recursive-root", "git-force-push", "sql-drop"... */
  rule: string;
  location: string;
}

interface CommandRule {
  rule: string;
  kind: CommandRiskKind;
  /** necessary for a match anywhere in the text: a text without it skips the rule's line tests. */
  gate: RegExp;
  test: (line: string) => boolean;
}

// Targets whose recursive removal destroys a system, a home directory or a whole checkout.
const DANGEROUS_RM_TARGET =
  /^["']?(?:\/|\/\*|~|~\/|~\/\*|\$HOME|\$\{HOME\}|\$HOME\/\*?|\*|\.|\.\/|\.\/\*|\.\.|\.\.\/|\/(?:etc|usr|bin|sbin|boot|var|home|lib|lib64|opt|root|sys|proc|dev|srv)\/?\*?)["']?$/;

const RULES: readonly CommandRule[] = [
  { rule: 'rm-recursive-root', kind: 'destructive-command', gate: /rm\s/, test: hasDangerousRm },
  {
    rule: 'git-force-push',
    kind: 'destructive-command',
    gate: /\bgit\s+push\b/,
    test: (line) => /\bgit\s+push\b[^\n;&|]*\s(?:--force(?![-\w])|-f\b|-[a-zA-Z]*f[a-zA-Z]*\b|\+[\w./-]+)/.test(line),
  },
  {
    rule: 'sql-drop',
    kind: 'destructive-command',
    gate: /(?:DROP|TRUNCATE)\s/i,
    test: (line) => /\b(?:DROP\s+(?:TABLE|DATABASE|SCHEMA)\b|TRUNCATE\s+(?:TABLE\s+)?[`"\w])/i.test(line),
  },
  {
    rule: 'chmod-world-writable',
    kind: 'destructive-command',
    gate: /\bchmod\s/,
    test: (line) => /\bchmod\s+(?:-[a-zA-Z]+\s+)*(?:0?777|[ugoa]*\+rwx|o\+w|a\+w)(?![\w])/.test(line),
  },
  {
    rule: 'disk-overwrite',
    kind: 'destructive-command',
    gate: /mkfs|\/dev\//,
    test: (line) =>
      /\bmkfs(?:\.\w+)?\s/.test(line) ||
      /\bdd\b[^\n]*\bof=\/dev\/(?:sd|hd|nvme|xvd|vd|disk)/.test(line) ||
      />\s*\/dev\/(?:sd|hd|nvme|xvd|vd)[a-z]*\d*\b/.test(line),
  },
  { rule: 'fork-bomb', kind: 'destructive-command', gate: /:\(\)/, test: (line) => /:\(\)\s*\{\s*:\s*\|\s*:\s*&\s*\}\s*;\s*:/.test(line) },
  {
    rule: 'pipe-to-shell',
    kind: 'destructive-command',
    gate: /curl|wget/,
    test: (line) => /\b(?:curl|wget)\b[^\n|]*\|\s*(?:sudo\s+)?(?:ba|z|k|da)?sh\b/.test(line),
  },
  { rule: 'sudo', kind: 'privilege-escalation', gate: /sudo\s/, test: (line) => /(?:^|[\s;&|(`"'])sudo\s+[-\w/]/.test(line) },
];

/**
 * Dangerous shell/SQL commands in text (tool-call arguments, messages, added diff lines):
 * recursive rm of /, ~, $HOME, *, . or a system directory; git push --force/-f/+ref (not
 * --force-with-lease); DROP TABLE/DATABASE/SCHEMA and TRUNCATE; chmod 777/a+rwx/o+w; mkfs, dd
 * or redirection onto a disk device; the fork bomb; curl|sh; and sudo (privilege escalation).
 * One finding per rule per text.
 */
export function detectDestructiveCommands(text: string, location: string): CommandFinding[] {
  if (!text) return [];
  const findings: CommandFinding[] = [];
  let lines: string[] | undefined;
  for (const { rule, kind, gate, test } of RULES) {
    if (!gate.test(text)) continue;
    lines ??= text.split('\n');
    if (lines.some((line) => test(line))) findings.push({ kind, rule, location });
  }
  return findings;
}

function hasDangerousRm(line: string): boolean {
  const commandPattern = /(?:^|[\s;&|(`"'])rm\s+([^;&|\n`]*)/g;
  for (let match = commandPattern.exec(line); match !== null; match = commandPattern.exec(line)) {
    const tokens = match[1].trim().split(/\s+/).filter(Boolean);
    const flags = tokens.filter((token) => token.startsWith('-'));
    const targets = tokens.filter((token) => !token.startsWith('-'));
    const recursive = flags.some((flag) => /^-[a-zA-Z]*[rR]/.test(flag) || flag === '--recursive');
    if (!recursive) continue;
    if (flags.includes('--no-preserve-root') || targets.some((target) => DANGEROUS_RM_TARGET.test(target))) return true;
  }
  return false;
}
