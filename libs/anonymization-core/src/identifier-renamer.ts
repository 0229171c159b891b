/**
 * Keep-structure renaming of identifiers declared in code: `userName` → `var1`,
 * `calculateTotal` → `func1`, the same name → the same replacement throughout one data point.
 * Only names the point itself declares are renamed, so library calls (`console.log`,
 * `Math.max`, `fs.readFile`) stay readable.
 */
const FUNCTION_DECLARATIONS: RegExp[] = [
  /\b(?:function\*?|def|fn)[ \t]+([A-Za-z_$][\w$]*)/g,
  /\bfunc[ \t]+(?:\([^)\n]*\)[ \t]*)?([A-Za-z_][\w]*)/g,
  /\b(?:const|let|var)[ \t]+([A-Za-z_$][\w$]*)[ \t]*(?::[^=\n]+)?=[ \t]*(?:async[ \t]+)?(?:function\b|\([^()\n]*\)[ \t]*(?::[^=\n]+)?=>|[A-Za-z_$][\w$]*[ \t]*=>)/g,
  /^[+\- \t]*(?:(?:public|private|protected|static|async|override|readonly|get|set)[ \t]+)*([A-Za-z_$][\w$]*)[ \t]*\([^()\n]*\)[ \t]*(?::[ \t]*[^{;\n]+)?\{/gm,
];
const VARIABLE_DECLARATIONS: RegExp[] = [
  /\b(?:const|let|var|val)[ \t]+([A-Za-z_$][\w$]*)/g,
  /^[+\- \t]*([a-z_][a-z0-9_]*)[ \t]*(?::[ \t]*[\w[\], ]+)?[ \t]*=(?!=)/gm,
  /\b([A-Za-z_][\w]*)[ \t]*:=/g,
];
const PARAMETER_LISTS: RegExp[] = [/\b(?:function\*?[ \t]*[\w$]*|def[ \t]+\w+|fn[ \t]+\w+)[ \t]*\(([^()\n]*)\)/g];

const RESERVED = new Set(
  `abstract any arguments as assert async await boolean break byte case catch char class const constructor continue
  debugger declare def default del delete do double elif else enum eval except export extends false final finally
  float for from func function get global go if implements import in instanceof int interface is keyof lambda let
  long module namespace native new nil none nonlocal not null number object of or package pass private protected
  public raise readonly require return self set short static string super switch symbol synchronized this throw
  throws transient true try type typeof undefined unknown var void volatile while with yield print len range str
  dict list tuple main init __init__ cls fmt err ctx console window document process module exports require`.split(/\s+/),
);

export class IdentifierRenamer {
  private readonly replacements = new Map<string, string>();
  private functionCount = 0;
  private variableCount = 0;
  private renamedCount = 0;
  private pattern: RegExp | null = null;

  /** First pass: learn the names declared in one piece of code, numbered in order of appearance. */
  collect(code: string): void {
    const found = new Map<string, { index: number; kind: 'func' | 'var' }>();
    const note = (name: string, index: number, kind: 'func' | 'var'): void => {
      const existing = found.get(name);
      if (existing === undefined) found.set(name, { index, kind });
      else found.set(name, { index: Math.min(existing.index, index), kind: existing.kind === 'func' ? 'func' : kind });
    };
    for (const pattern of FUNCTION_DECLARATIONS) this.collectWith(pattern, code, 'func', note);
    for (const pattern of VARIABLE_DECLARATIONS) this.collectWith(pattern, code, 'var', note);
    for (const pattern of PARAMETER_LISTS) {
      pattern.lastIndex = 0;
      let match: RegExpExecArray | null;
      while ((match = pattern.exec(code)) !== null) {
        const listStart = match.index + match[0].length - match[1].length - 1;
        let offset = 0;
        for (const parameter of match[1].split(',')) {
          const name = /^[ \t]*(?:\.\.\.|\*{1,2})?([A-Za-z_$][\w$]*)/.exec(parameter);
          if (name !== null) note(name[1], listStart + offset, 'var');
          offset += parameter.length + 1;
        }
      }
    }
    const ordered = [...found.entries()].sort((left, right) => left[1].index - right[1].index);
    for (const [name, { kind }] of ordered) this.declare(name, kind);
    this.pattern = null;
  }

  /** Second pass: rewrite the code with the names learned so far. */
  rename(code: string): string {
    if (this.replacements.size === 0) return code;
    if (this.pattern === null) {
      const names = [...this.replacements.keys()].sort((left, right) => right.length - left.length).map(escapeRegExp);
      this.pattern = new RegExp(`(?<![\\w$<])(?:${names.join('|')})(?![\\w$>])`, 'g');
    }
    return code.replace(this.pattern, (name) => {
      this.renamedCount++;
      return this.replacements.get(name) ?? name;
    });
  }

  /** Occurrences rewritten so far. */
  get renamed(): number {
    return this.renamedCount;
  }

  private collectWith(
    pattern: RegExp,
    code: string,
    kind: 'func' | 'var',
    note: (name: string, index: number, kind: 'func' | 'var') => void,
  ): void {
    pattern.lastIndex = 0;
    let match: RegExpExecArray | null;
    while ((match = pattern.exec(code)) !== null) note(match[1], match.index + match[0].indexOf(match[1]), kind);
  }

  private declare(name: string, kind: 'func' | 'var'): void {
    if (name.length < 2 || RESERVED.has(name) || this.replacements.has(name)) return;
    if (/^(?:func|var)\d+$/.test(name) || /^[A-Z][A-Z0-9_]*_\d+$/.test(name)) return;
    const replacement = kind === 'func' ? `func${++this.functionCount}` : `var${++this.variableCount}`;
    this.replacements.set(name, replacement);
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A fence opens and closes at the start of a line (CommonMark); inline triple backticks are prose. */
const FENCED_BLOCK = /(^|\n)(```[^\n`]*\n)([\s\S]*?)(\n```)/g;

/** Applies `transform` to the body of each ``` fenced block of a chat message, leaving the prose alone. */
export function mapFencedBlocks(text: string, transform: (code: string) => string): string {
  if (!text.includes('```')) return text;
  return text.replace(FENCED_BLOCK, (_block, lineStart: string, opening: string, body: string, closing: string) =>
    lineStart + opening + transform(body) + closing,
  );
}
