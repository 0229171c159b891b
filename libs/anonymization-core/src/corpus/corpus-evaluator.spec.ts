import { ENTITY_TYPES } from '../entity-type.model';
import { evaluateCorpus, loadCorpus } from './corpus-evaluator';

/**
 * Thresholds are set at what the detectors achieve on the corpus today, so any regression
 * fails. Measured values are in the README.
 */
describe('labelled corpus', () => {
  const corpus = loadCorpus();
  const evaluation = evaluateCorpus(corpus);

  it('is large and covers every entity type in several entries, plus look-alike-only strings', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(300);
    for (const type of ENTITY_TYPES) {
      expect(corpus.filter((entry) => entry.entities.some((entity) => entity.type === type)).length).toBeGreaterThanOrEqual(5);
    }
    expect(corpus.filter((entry) => entry.entities.length === 0).length).toBeGreaterThanOrEqual(100);
    expect(new Set(corpus.map((entry) => entry.context)).size).toBeGreaterThanOrEqual(10);
  });

  it('labels only substrings of the text', () => {
    for (const entry of corpus) {
      for (const entity of entry.entities) expect(entry.text).toContain(entity.value);
      for (const lookalike of entry.lookalikes) expect(entry.text).toContain(lookalike);
    }
  });

  it('recalls at least 99% overall and 95% per type', () => {
    expect(evaluation.misses).toEqual([]);
    expect(evaluation.recall).toBeGreaterThanOrEqual(0.99);
    for (const [type, stats] of Object.entries(evaluation.recallByType)) {
      expect({ type, recall: stats.recall >= 0.95 }).toEqual({ type, recall: true });
    }
  });

  it('destroys at most 1% of look-alikes and wrongly replaces at most 0.5% of characters', () => {
    expect(evaluation.destroyedLookalikes).toEqual([]);
    expect(evaluation.falsePositiveRate).toBeLessThanOrEqual(0.01);
    expect(evaluation.wronglyReplacedCharacterRate).toBeLessThanOrEqual(0.005);
  });

  it('leaves nothing for the independent scanner to find after scrubbing', () => {
    expect(evaluation.scannerFlaggedAfterScrub).toEqual([]);
    expect(evaluation.scannerEntryRecall).toBeGreaterThanOrEqual(0.75);
  });
});
