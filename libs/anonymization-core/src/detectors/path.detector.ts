import { DetectedSpan, Detector, DetectorOptions, forEachMatch } from './detector.model';

const PATH_PRIORITY = 55;

/**
 * Home directories: `/home/alice/...`, `/Users/bob/...`, `C:\Users\carol\...` (also with
 * JSON-escaped `\\` or forward slashes), and after `..` (`~/../home/dave/.ssh`), but not after a
 * word or one dot (`example.com/home/`, `./home/` inside a project). Every repetition of the tail starts with a separator,
 * so the pattern cannot backtrack exponentially.
 */
const HOME_PATH =
  /(?:(?<![\w~\-])(?<!(?:^|[^.])\.)\/(?:home|Users|usr\/home)\/|(?<![A-Za-z0-9])[A-Za-z]:(?:\\\\?|\/)(?:Users|Documents and Settings)(?:\\\\?|\/))([^/\\\s"'`:*?<>|,;()[\]{}]+)((?:(?:\\\\?|\/)[^/\\\s"'`:*?<>|,;()[\]{}]*)*)/g;

export class HomePathDetector implements Detector {
  readonly name = 'home-path';
  readonly type = 'PATH' as const;

  detect(text: string, sink: DetectedSpan[], options: DetectorOptions): void {
    if (!/\/home\/|\/Users\/|:(?:\\\\?|\/)(?:Users|Documents and Settings)/.test(text)) return;
    forEachMatch(HOME_PATH, text, (match) => {
      const user = match[1];
      if (user === '[USER]' || user === '[PATH]') return;
      let value = match[0];
      // Sentence punctuation after a path is not part of it.
      value = value.replace(/\.+$/, '');
      const replacement = options.pathGeneralization
        ? generalisePath(value)
        : value.slice(0, value.indexOf(user)) + '[USER]' + value.slice(value.indexOf(user) + user.length);
      sink.push({ type: 'PATH', start: match.index, end: match.index + value.length, priority: PATH_PRIORITY, replacement, key: value });
    });
  }
}

/** `/home/alice/app/src/user.service.ts` → `/[PATH]/[FILE].ts`; a directory → `/[PATH]/` or `/[PATH]`. */
export function generalisePath(path: string): string {
  if (/[\\/]$/.test(path)) return '/[PATH]/';
  const lastSegment = path.split(/[\\/]+/).pop() ?? '';
  const extension = /^[^.].*\.([A-Za-z0-9]{1,10})$/.exec(lastSegment);
  const pathSegments = path.split(/[\\/]+/).filter((segment) => segment.length > 0);
  // `/home/alice` alone names only the user: there is no file to keep.
  if (extension !== null && pathSegments.length > 2 + (/^[A-Za-z]:$/.test(pathSegments[0]) ? 1 : 0)) {
    return `/[PATH]/[FILE].${extension[1]}`;
  }
  // Dotfiles (`.bashrc`) are files without an extension to keep.
  if (lastSegment.startsWith('.') && pathSegments.length > 2) return '/[PATH]/[FILE]';
  return '/[PATH]';
}
