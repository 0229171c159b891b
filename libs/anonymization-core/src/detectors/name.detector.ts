import { DetectedSpan, Detector, forEachMatch } from './detector.model';
import { FIRST_NAMES, NON_SURNAME_WORDS } from './first-names';

const NAME_PRIORITY = 50;

/**
 * Letters as explicit ranges (Basic Latin, Latin-1, Latin Extended-A, Cyrillic) instead of
 * `\p{Lu}`: the `u` flag doubles the cost of every scan, and these patterns scan all free text.
 */
const UPPER = 'A-Z\\u00C0-\\u00D6\\u00D8-\\u00DE\\u0100-\\u017F\\u0400-\\u042F';
const LOWER = 'a-z\\u00DF-\\u00F6\\u00F8-\\u00FF\\u0100-\\u017F\\u0430-\\u045F\\u0300-\\u036F';
const LETTER = `${UPPER}${LOWER}`;
const WORD = `[${UPPER}][${LOWER}]+(?:[${UPPER}][${LOWER}]+)?(?:['’\\-][${UPPER}]?[${LOWER}]+)*`;
const PARTICLE = String.raw`(?:van|von|de|da|del|della|der|den|di|du|la|le|bin|ibn|al|ten|ter|dos|das|y)`;
/** One to four capitalised words, with nobiliary particles and initials: `Jan van der Berg`, `John Q. Public`. */
const FULL_NAME = String.raw`${WORD}(?:[ \t]+(?:${PARTICLE}[ \t]+){0,2}(?:${WORD}|[${UPPER}]\.)){0,3}`;
const LOOSE_WORD = `[${LETTER}][${LETTER}'’\\-]*`;

/** Git and patch trailers: the whole field is a person, whatever its case. */
const TRAILER =
  /^[ \t>+\-]*(?:Author|Committer|Signed-off-by|Co-authored-by|Reviewed-by|Reported-by|Acked-by|Tested-by|Suggested-by|Helped-by|Requested-by|Reported-and-tested-by)[ \t]*:[ \t]*([^<>\n\r@"]{1,80}?)[ \t]*(?=<|\r?$)/gim;
/** An e-mail address in angle brackets or parentheses, after a display name. */
const ADDRESS = String.raw`[\w.%+\-]+@[\w\-]+(?:\.[\w\-]+)*\.[A-Za-z]{2,}`;
const QUOTED_DISPLAY_NAME = new RegExp(String.raw`"([^"\n<>@\\]{2,80})"[ \t]*<${ADDRESS}>`, 'g');
const DISPLAY_NAME = new RegExp(String.raw`(?<![${LETTER}])(${FULL_NAME})[ \t]*(?:<${ADDRESS}>|\([ \t]*${ADDRESS}[ \t]*\))`, 'g');
const SELF_INTRODUCTION = new RegExp(
  String.raw`\b(?:[Mm]y name is|[Mm]y name's|[Mm]y full name is|I am called|I'm called|[Cc]all me|[Nn]ame's)[ \t]+(${LOOSE_WORD}(?:[ \t]+${LOOSE_WORD}){0,2})`,
  'g',
);
const CLOSING = String.raw`(?:Thanks|Thank you|Many thanks|Thanks again|Thanks in advance|Regards|Best regards|Kind regards|Warm regards|Best wishes|All the best|Best|Cheers|Sincerely|Yours(?: truly| sincerely)?|Respectfully|Cordially|Thx)`;
const SIGNATURE_NEXT_LINE = new RegExp(
  String.raw`(?:^|\n)[ \t>]*${CLOSING}[ \t]*[,!.]?[ \t]*\r?\n[ \t>]*(${FULL_NAME})[ \t]*(?=\r?\n|$|[,|])`,
  'g',
);
const SIGNATURE_SAME_LINE = new RegExp(String.raw`\b${CLOSING}[ \t]*,[ \t]*(${FULL_NAME})[ \t]*[.!]?[ \t]*(?=\r?\n|$)`, 'g');
const SIGNATURE_DELIMITER = new RegExp(String.raw`(?:^|\n)--[ \t]?\r?\n[ \t]*(${FULL_NAME})(?=[ \t]*(?:\r?\n|$|[,|]))`, 'g');
const GIT_BLAME = /\b[0-9a-f]{7,40}[ \t]+(?:[^\s(]+[ \t]+)?\(([^()\n\d<>]{2,60}?)[ \t]+\d{4}-\d{2}-\d{2}/g;
const JAVADOC_AUTHOR = /@author[ \t]+([^\n\r<*@{}]{2,60}?)[ \t]*(?=<|\*|\r?\n|$)/g;
/**
 * Short cues right before a capitalised name, all in one alternation so free text is scanned
 * once: greetings, honorifics, introductions, author-like fields, "reported by", "ask". The cue
 * decides how many words the name needs and what must follow it (see cueRule).
 */
const NAME_CUE = [
  'Hello', 'Hiya', 'Howdy', 'Hi', 'Hey', 'Dear', 'Morning',
  'Mrs', 'Mr', 'Ms', 'Mx', 'Miss', 'Dr', 'Prof',
  "I'm", 'I’m', 'I am', '[Tt]his is',
  '__author__', 'author_?[Nn]ame', '[Aa]uthor', '[Mm]aintainer', '[Aa]ssignee', '[Rr]eporter', '[Rr]eviewer', '[Oo]wner',
  'full_?[Nn]ame', 'Full[ _]?[Nn]ame', 'display_?[Nn]ame', '[Cc]reated_?[Bb]y', '[Cc]ustomer', '[Pp]atient', '[Ee]mployee',
  '(?:[Rr]eported|[Aa]ssigned|[Rr]eviewed|[Ww]ritten|[Cc]reated|[Aa]uthored|[Aa]pproved|[Rr]equested|[Ss]ubmitted|[Oo]pened|[Ff]iled|[Ff]ixed|[Cc]losed|[Mm]erged|[Ss]igned|[Ss]ent|[Pp]aid)[ \\t]+(?:by|to|for)',
  '[Cc]ontact', '[Aa]sk', '[Pp]ing', '[Ee]mail', '[Cc]all', '[Tt]hanks to', '[Cc]redit to', '[Cc]c', '[Ss]poke (?:to|with)',
  '[Tt]alked to', '[Mm]eeting with', '[Cc]lient', '[Uu]ser',
].join('|');
const CUED_NAME = new RegExp(
  String.raw`\b(${NAME_CUE})(["']?[ \t]*[:=][ \t]*["']?@?|\.?[ \t:]+@?)(?:(?:Mr|Mrs|Ms|Miss|Dr|Prof)\.?[ \t]+)?(${FULL_NAME})`,
  'g',
);
const INTRODUCTION_FOLLOWER = /^[ \t]*(?:[,.!;:(—–]|[ \t]-[ \t]|$|\r?\n|[ \t]+(?:from|at|with|here|and|speaking|calling|of)\b)/;

/** How a cue constrains the name after it. */
function cueRule(cue: string): { minimumWords: number; follower?: RegExp; needsAssignment?: boolean } {
  const first = cue.charAt(0);
  if (/^(?:Hello|Hiya|Howdy|Hi|Hey|Dear|Morning)$/.test(cue)) return { minimumWords: 1, follower: /^[ \t]*[,!:]/ };
  if (/^(?:Mrs|Mr|Ms|Mx|Miss|Dr|Prof)$/.test(cue)) return { minimumWords: 1 };
  if (first === 'I' || /^[Tt]his is$/.test(cue)) return { minimumWords: 2, follower: INTRODUCTION_FOLLOWER };
  if (/^(?:__author__|author_?[Nn]ame|[Aa]uthor|[Mm]aintainer|[Aa]ssignee|[Rr]eporter|[Rr]eviewer|[Oo]wner|full_?[Nn]ame|Full[ _]?[Nn]ame|display_?[Nn]ame|[Cc]reated_?[Bb]y)$/.test(cue)) {
    return { minimumWords: 2, needsAssignment: true };
  }
  return { minimumWords: 2 };
}

/** `Jennifer Martinez`, `John Q. Public`, `Jan van der Berg`: a known given name, then a surname. */
const GIVEN_NAME_PAIR = new RegExp(
  String.raw`(?<![${LETTER}\w.@/\\\-])([${UPPER}][${LOWER}]+(?:-[${UPPER}]?[${LOWER}]+)?)[ \t]+(?:[${UPPER}]\.[ \t]+)?(?:${PARTICLE}[ \t]+){0,2}${WORD}`,
  'g',
);

/**
 * Literal cue words gating the rules below. One alternation of literals scans a text about three
 * times faster than an `includes` per word.
 */
const TRAILER_CUES = /uthor|-by|-By|ommitter/;
const SELF_INTRODUCTION_CUES = /name|Name|call me|Call me|called/;
const CLOSING_CUES = /Thank|Regards|regards|Best|Cheers|Sincerely|Yours|Respectfully|Cordially|Thx|All the best/;
const BLAME_DATE = /\d{4}-\d\d-\d\d/;
const LOCAL_PART_CHARACTER = /[\w.%+\-]/;

/**
 * Whether `[<(][\w.%+\-]+@` matches, found from each `@` backwards: a regex that starts with
 * `[<(]` tries every bracket of the code around it.
 */
function hasAddressInBrackets(text: string): boolean {
  for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
    let start = at;
    while (start > 0 && LOCAL_PART_CHARACTER.test(text[start - 1])) start--;
    if (start < at && start > 0 && (text[start - 1] === '<' || text[start - 1] === '(')) return true;
  }
  return false;
}

/**
 * Person names, only where the context says so: git trailers and blame, e-mail display names,
 * self-introductions, greetings, signatures, author fields. A bare capitalised word is never a name.
 */
export class PersonNameDetector implements Detector {
  readonly name = 'person-name';
  readonly type = 'NAME' as const;

  detect(text: string, sink: DetectedSpan[]): void {
    const push = (match: RegExpExecArray, minimumWords: number, trimStopWords: boolean): void => {
      pushName(sink, match, minimumWords, trimStopWords);
    };
    // Every rule is gated by its literal cue words: indexOf is far cheaper than a regex scan.
    this.detectGivenNames(text, sink);
    if (text.includes(':') && TRAILER_CUES.test(text)) forEachMatch(TRAILER, text, (match) => pushRaw(sink, match));
    if (text.includes('@')) {
      if (text.includes('"')) forEachMatch(QUOTED_DISPLAY_NAME, text, (match) => pushRaw(sink, match));
      if (hasAddressInBrackets(text)) forEachMatch(DISPLAY_NAME, text, (match) => push(match, 1, true));
      if (text.includes('@author')) forEachMatch(JAVADOC_AUTHOR, text, (match) => pushRaw(sink, match));
    }
    if (SELF_INTRODUCTION_CUES.test(text)) forEachMatch(SELF_INTRODUCTION, text, (match) => pushIntroduction(sink, match));
    if (CLOSING_CUES.test(text)) {
      if (text.includes('\n')) forEachMatch(SIGNATURE_NEXT_LINE, text, (match) => push(match, 1, false));
      forEachMatch(SIGNATURE_SAME_LINE, text, (match) => push(match, 1, false));
    }
    if (text.includes('\n--')) forEachMatch(SIGNATURE_DELIMITER, text, (match) => push(match, 1, false));
    if (text.includes('(') && BLAME_DATE.test(text)) forEachMatch(GIT_BLAME, text, (match) => pushRaw(sink, match));
    forEachMatch(CUED_NAME, text, (match) => {
      const rule = cueRule(match[1]);
      if (rule.needsAssignment === true && !/[:=]/.test(match[2])) return;
      if (rule.follower !== undefined && !rule.follower.test(text.slice(match.index + match[0].length, match.index + match[0].length + 16))) return;
      pushName(sink, withIndex([match[0], match[3]], match.index), rule.minimumWords, false);
    });
  }

  private detectGivenNames(text: string, sink: DetectedSpan[]): void {
    GIVEN_NAME_PAIR.lastIndex = 0;
    let match: RegExpExecArray | null;
    while ((match = GIVEN_NAME_PAIR.exec(text)) !== null) {
      const surname = match[0].slice(match[0].search(/\S+$/)).replace(/['’]s$/, '');
      if (!FIRST_NAMES.has(match[1]) || NON_SURNAME_WORDS.has(surname) || isStopWord(surname) || surname.length < 2) {
        // `Yesterday Emily Davis`: retry from the second word, which may start the real name.
        GIVEN_NAME_PAIR.lastIndex = match.index + match[1].length + 1;
        continue;
      }
      pushName(sink, wholeMatchAsName(match), 2, false);
    }
  }
}

/** Capitalised words that start sentences, headings and greetings but are nobody's name. */
export const NAME_STOP_WORDS = new Set(
  `a about above account accounts admin administrator after again all also always am an and any anyone are as ask
  assistant at available back be because been before being below best between bot both bug build but by bye call can
  cannot cc ci claude client code commit contact copilot could customer daily data day dear debug deploy dev developer
  did do does done down during each email engineering error errors everybody everyone everything evening every failed
  failure feature few fix fixed folks for friday friend friends from gemini gpt chatgpt llama mistral good great guys
  had has have having he hello help her here hers hey hi him his hope how i if in info is it its just kind last later
  let like list lol looks main maintainer manager many maybe me merge message monday more morning most mr mrs ms much
  must my need new next nice night no none not note now of off ok okay on once one only ops or other our out over
  owner pass passed people please product production prod qa quick ready regards release reply reviewer root sales
  saturday see she should since so some someone something sorry staff still sunday support sure system team tech test
  tests thank thanks that the their them then there these they this those through thursday thx to today tomorrow too
  tuesday under unknown until up update us user users very via wait was we wednesday week welcome well were what when
  where which while who why will with world would yes yesterday you your yours everybody anybody nobody guest team's
  january february march april may june july august september october november december jan feb mar apr jun jul
  aug sep sept oct nov dec mon tue wed thu fri sat sun readme todo fixme hack
  agent agents model service server client's api app application bot's robot github gitlab jira slack docs
  documentation engineer engineers department office hr finance legal security platform infrastructure`.split(/\s+/),
);

function isStopWord(word: string): boolean {
  return NAME_STOP_WORDS.has(word.toLowerCase().replace(/[.,!]+$/, ''));
}

function wholeMatchAsName(match: RegExpExecArray): RegExpExecArray {
  return withIndex([match[0], match[0]], match.index);
}

/** A match-shaped value whose group 1 is the name, for pushName. */
function withIndex(groups: string[], index: number): RegExpExecArray {
  const copy = groups as unknown as RegExpExecArray;
  copy.index = index;
  return copy;
}

function pushRaw(sink: DetectedSpan[], match: RegExpExecArray): void {
  const raw = match[1];
  const value = raw.trim();
  if (value.length < 2 || /^[<[]/.test(value) || /^(?:unknown|none|n\/a|root|admin|bot)$/i.test(value)) return;
  const start = match.index + match[0].indexOf(raw) + raw.indexOf(value);
  sink.push({ type: 'NAME', start, end: start + value.length, priority: NAME_PRIORITY, key: value });
}

function pushName(sink: DetectedSpan[], match: RegExpExecArray, minimumWords: number, trimStopWords: boolean): void {
  const raw = match[1];
  const rawStart = match.index + match[0].lastIndexOf(raw);
  const words: Array<{ text: string; start: number }> = [];
  const wordPattern = /\S+/g;
  let word: RegExpExecArray | null;
  while ((word = wordPattern.exec(raw)) !== null) words.push({ text: word[0], start: word.index });
  let first = 0;
  let last = words.length;
  if (trimStopWords) {
    while (first < last && isStopWord(words[first].text)) first++;
    while (last > first && isStopWord(words[last - 1].text)) last--;
  } else if (words.some((candidate) => isStopWord(candidate.text))) {
    return;
  }
  if (last - first < minimumWords) return;
  // `Chen's laptop`: the possessive stays in the text.
  const lastWord = words[last - 1];
  const possessive = /['’]s$/.test(lastWord.text) && lastWord.text.length > 3 ? 2 : 0;
  if (possessive > 0) words[last - 1] = { text: lastWord.text.slice(0, -2), start: lastWord.start };
  const start = rawStart + words[first].start;
  const end = rawStart + words[last - 1].start + words[last - 1].text.length;
  const key = words.slice(first, last).map((candidate) => candidate.text).join(' ');
  sink.push({ type: 'NAME', start, end, priority: NAME_PRIORITY, key });
}

/** "my name is jane doe and ..." — lower case is common in chat, so cut at the first ordinary word. */
function pushIntroduction(sink: DetectedSpan[], match: RegExpExecArray): void {
  const raw = match[1];
  const words = raw.split(/[ \t]+/);
  let count = 0;
  while (count < words.length && !isStopWord(words[count]) && words[count].length >= 2) count++;
  if (count === 0) return;
  const start = match.index + match[0].lastIndexOf(raw);
  const value = words.slice(0, count).join(' ');
  sink.push({ type: 'NAME', start, end: start + value.length, priority: NAME_PRIORITY, key: value });
}
