/** A failure that retrying cannot fix (bad data the contract could not catch): dead-letter at once. */
export class PermanentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentError';
  }
}

/** Why a record went to the DLQ; the header `dlq-reason-class` carries it. */
export type DeadLetterReasonClass = 'invalid-envelope' | 'invalid-data' | 'unknown-type' | 'permanent' | 'retries-exhausted';
