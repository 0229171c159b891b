/**
 * Opaque cursor for GET /v1/datapoints: the (timestamp, _id) of the last item of a page, as
 * base64url JSON. Results are ordered newest first with _id as tie-break, so the next page is
 * "strictly before this pair" — stable while points are inserted concurrently.
 */
export interface DatapointCursor {
  timestampMs: number;
  id: string;
}

export function encodeCursor(cursor: DatapointCursor): string {
  return Buffer.from(JSON.stringify({ t: cursor.timestampMs, i: cursor.id })).toString('base64url');
}

/** The cursor, or null when the text is not one this API produced. */
export function decodeCursor(text: string): DatapointCursor | null {
  try {
    const parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as { t?: unknown; i?: unknown };
    if (typeof parsed.t !== 'number' || !Number.isFinite(parsed.t) || typeof parsed.i !== 'string' || parsed.i.length === 0) return null;
    return { timestampMs: parsed.t, id: parsed.i };
  } catch {
    return null;
  }
}
