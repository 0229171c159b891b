import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AnonymizationPolicy, DEFAULT_ANONYMIZATION_POLICY } from '../anonymization-policy';
import { PrivacyScanner } from '../privacy-scanner/privacy-scanner';
import { ScrubSession } from '../scrub-session';
import { TextScrubber } from '../text-scrubber';

export interface CorpusEntry {
  id: string;
  context: string;
  text: string;
  entities: Array<{ type: string; value: string }>;
  lookalikes: string[];
}

export interface TypeRecall {
  total: number;
  found: number;
  recall: number;
}

export interface CorpusEvaluation {
  entries: number;
  entities: number;
  recallByType: Record<string, TypeRecall>;
  /** Entities whose value no longer appears anywhere in the scrubbed text. */
  recall: number;
  lookalikesTotal: number;
  lookalikesDestroyed: number;
  /** Look-alikes destroyed / look-alikes total. */
  falsePositiveRate: number;
  /** Characters replaced outside every labelled entity / characters outside entities. */
  wronglyReplacedCharacterRate: number;
  /** The independent scanner on raw entries: share of labelled entities whose type it reports in their entry. */
  scannerEntryRecall: number;
  /** Scrubbed entries on which the scanner still reports something (would be quarantined). */
  scannerFindingsAfterScrub: number;
  /** Raw look-alike-only entries the scanner flags: its false-positive rate. */
  scannerFalsePositiveRate: number;
  misses: Array<{ id: string; type: string; value: string }>;
  destroyedLookalikes: Array<{ id: string; value: string }>;
  scannerFlaggedAfterScrub: Array<{ id: string; types: string[] }>;
}

/** The labelled corpus shipped with this lib (`corpus/corpus.jsonl`), from source or from a build under dist/. */
export const DEFAULT_CORPUS_PATH =
  [
    join(__dirname, '..', '..', 'corpus', 'corpus.jsonl'),
    join(process.cwd(), 'libs', 'anonymization-core', 'corpus', 'corpus.jsonl'),
  ].find((candidate) => existsSync(candidate)) ?? join(__dirname, '..', '..', 'corpus', 'corpus.jsonl');

export function loadCorpus(path: string = DEFAULT_CORPUS_PATH): CorpusEntry[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as CorpusEntry);
}

/**
 * Scrubs every corpus string with a fresh session and scores it: recall per entity type (the
 * value must be gone), look-alikes destroyed, characters wrongly replaced, and how the
 * independent scanner fares on the raw and scrubbed text.
 */
export function evaluateCorpus(
  corpus: CorpusEntry[] = loadCorpus(),
  policy: AnonymizationPolicy = DEFAULT_ANONYMIZATION_POLICY,
): CorpusEvaluation {
  const scrubber = new TextScrubber(policy);
  const scanner = new PrivacyScanner({ types: policy.enabledEntityTypes, keepNonIdentifyingAddresses: policy.keepNonIdentifyingAddresses });
  const recallByType: Record<string, TypeRecall> = {};
  const misses: CorpusEvaluation['misses'] = [];
  const destroyedLookalikes: CorpusEvaluation['destroyedLookalikes'] = [];
  const scannerFlaggedAfterScrub: CorpusEvaluation['scannerFlaggedAfterScrub'] = [];
  let entities = 0;
  let found = 0;
  let lookalikesTotal = 0;
  let lookalikesDestroyed = 0;
  let nonEntityCharacters = 0;
  let wronglyReplaced = 0;
  let scannerEntities = 0;
  let lookalikeOnlyEntries = 0;
  let lookalikeOnlyFlagged = 0;

  for (const entry of corpus) {
    const result = scrubber.scrubWithReplacements(entry.text, new ScrubSession());
    for (const entity of entry.entities) {
      const stats = (recallByType[entity.type] ??= { total: 0, found: 0, recall: 0 });
      stats.total++;
      entities++;
      if (!result.text.includes(entity.value)) {
        stats.found++;
        found++;
      } else {
        misses.push({ id: entry.id, type: entity.type, value: entity.value });
      }
    }
    for (const lookalike of entry.lookalikes) {
      lookalikesTotal++;
      if (!result.text.includes(lookalike)) {
        lookalikesDestroyed++;
        destroyedLookalikes.push({ id: entry.id, value: lookalike });
      }
    }
    const covered = new Uint8Array(entry.text.length);
    for (const entity of entry.entities) {
      for (let at = entry.text.indexOf(entity.value); at >= 0; at = entry.text.indexOf(entity.value, at + 1)) {
        covered.fill(1, at, at + entity.value.length);
      }
    }
    for (let index = 0; index < covered.length; index++) if (covered[index] === 0) nonEntityCharacters++;
    for (const replacement of result.replacements) {
      for (let index = replacement.start; index < replacement.end; index++) if (covered[index] === 0) wronglyReplaced++;
    }
    const rawFindings = scanner.scanText(entry.text);
    for (const entity of entry.entities) if (rawFindings.includes(entity.type)) scannerEntities++;
    if (entry.entities.length === 0) {
      lookalikeOnlyEntries++;
      if (rawFindings.length > 0) lookalikeOnlyFlagged++;
    }
    const after = scanner.scanText(result.text);
    if (after.length > 0) scannerFlaggedAfterScrub.push({ id: entry.id, types: after });
  }
  for (const stats of Object.values(recallByType)) stats.recall = stats.total === 0 ? 1 : stats.found / stats.total;

  return {
    entries: corpus.length,
    entities,
    recallByType,
    recall: entities === 0 ? 1 : found / entities,
    lookalikesTotal,
    lookalikesDestroyed,
    falsePositiveRate: lookalikesTotal === 0 ? 0 : lookalikesDestroyed / lookalikesTotal,
    wronglyReplacedCharacterRate: nonEntityCharacters === 0 ? 0 : wronglyReplaced / nonEntityCharacters,
    scannerEntryRecall: entities === 0 ? 1 : scannerEntities / entities,
    scannerFindingsAfterScrub: scannerFlaggedAfterScrub.length,
    scannerFalsePositiveRate: lookalikeOnlyEntries === 0 ? 0 : lookalikeOnlyFlagged / lookalikeOnlyEntries,
    misses,
    destroyedLookalikes,
    scannerFlaggedAfterScrub,
  };
}
