import type { DetectedSpan } from './detectors/detector.model';
import { EntityType } from './entity-type.model';

/**
 * Placeholder bookkeeping for one data point: the same original value always gets the same
 * placeholder (`<EMAIL_1>` twice), distinct values get increasing numbers per type. Holds
 * originals only in memory for the lifetime of one point; never serialise it.
 */
export class ScrubSession {
  private readonly placeholders = new Map<string, string>();
  private readonly nextNumber = new Map<string, number>();
  private readonly counts: Record<string, number> = {};
  private readonly names = new Set<string>();
  /** Findings per distinct text: a point repeats strings (file contents in a tool result and in the artifacts, ids). */
  private readonly detections = new Map<string, readonly DetectedSpan[]>();

  /** The findings for `text`, computed by `detect` once per distinct text in this point. */
  detectionsFor(text: string, detect: (text: string) => readonly DetectedSpan[]): readonly DetectedSpan[] {
    let spans = this.detections.get(text);
    if (spans === undefined) {
      spans = detect(text);
      this.detections.set(text, spans);
    }
    return spans;
  }

  /** The placeholder for `key` (a normalised value) of the given type, allocating one if new. */
  placeholderFor(type: EntityType | string, key: string): string {
    const mapKey = `${type}\u0000${key}`;
    const existing = this.placeholders.get(mapKey);
    if (existing !== undefined) return existing;
    const number = (this.nextNumber.get(type) ?? 0) + 1;
    this.nextNumber.set(type, number);
    const placeholder = `<${type}_${number}>`;
    this.placeholders.set(mapKey, placeholder);
    return placeholder;
  }

  /** Counts one replaced occurrence. */
  count(type: EntityType | string): void {
    this.counts[type] = (this.counts[type] ?? 0) + 1;
  }

  /** Occurrences replaced so far, per type. */
  entityCounts(): Record<string, number> {
    return { ...this.counts };
  }

  /** Remembers a multi-word person name so later mentions in the same point are replaced too. */
  rememberName(name: string): void {
    if (/\s/.test(name.trim()) && name.length >= 5) this.names.add(name.trim());
  }

  knownNames(): string[] {
    return [...this.names];
  }
}
