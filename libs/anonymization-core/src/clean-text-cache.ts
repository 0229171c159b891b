/**
 * Texts in which a detector set found nothing, remembered across points. Template strings
 * (routing reasons, gate feedback, versions, tool names) repeat in every point; free text mostly
 * does not, so only texts up to `maxLength` characters are kept, and the set is emptied when it
 * reaches `capacity`: unique text cannot grow it without bound. It never holds a finding, only
 * texts that pass through as they are. Capacity 0 turns it off (every text is examined afresh).
 */
export class CleanTextCache {
  private readonly texts = new Set<string>();

  constructor(
    private readonly capacity = 10_000,
    private readonly maxLength = 128,
  ) {}

  has(text: string): boolean {
    return text.length <= this.maxLength && this.texts.has(text);
  }

  add(text: string): void {
    if (this.capacity === 0 || text.length > this.maxLength) return;
    if (this.texts.size >= this.capacity) this.texts.clear();
    this.texts.add(text);
  }
}
