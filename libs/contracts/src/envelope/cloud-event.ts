import { randomUUID } from 'node:crypto';
import { eventTypeOf, Topic } from '../topics';

export const CLOUDEVENTS_CONTENT_TYPE = 'application/cloudevents+json';

/** A CloudEvents 1.0 event in structured JSON mode, with Benchpool's two extensions. */
export interface CloudEvent<T = unknown> {
  specversion: '1.0';
  id: string;
  source: string;
  type: string;
  time: string;
  datacontenttype: 'application/json';
  /** extension: the tenant the event belongs to (raw on ingress, hashed after anonymization). */
  tenantid: string;
  /** extension: correlates every event of one task; defaults to the task id. */
  correlationid?: string;
  subject?: string;
  data: T;
}

export interface CreateEventOptions {
  source: string;
  tenantId: string;
  correlationId?: string;
  id?: string;
  time?: Date | string;
  subject?: string;
}

export function createCloudEvent<T>(topic: Topic, data: T, options: CreateEventOptions): CloudEvent<T> {
  const time = options.time ?? new Date();
  return {
    specversion: '1.0',
    id: options.id ?? randomUUID(),
    source: options.source,
    type: eventTypeOf(topic),
    time: typeof time === 'string' ? time : time.toISOString(),
    datacontenttype: 'application/json',
    tenantid: options.tenantId,
    ...(options.correlationId ? { correlationid: options.correlationId } : {}),
    ...(options.subject ? { subject: options.subject } : {}),
    data,
  };
}

export class EnvelopeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EnvelopeError';
  }
}

type HeaderValue = Buffer | string | Array<Buffer | string> | undefined;

function headerString(value: HeaderValue): string | undefined {
  if (value === undefined) return undefined;
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : first.toString();
}

const REQUIRED_ATTRIBUTES = ['id', 'source', 'type', 'specversion'] as const;

/**
 * Reads a Kafka record as a CloudEvent: structured mode (the value is the whole event) or
 * binary mode (`ce_*` headers carry the attributes, the value is the data).
 * Throws EnvelopeError with a precise reason; never returns a half-parsed event.
 */
export function parseCloudEvent(value: Buffer | string | null, headers: Record<string, HeaderValue> = {}): CloudEvent {
  if (value === null || value.length === 0) throw new EnvelopeError('empty record value');
  const text = value.toString();
  const binarySpecVersion = headerString(headers['ce_specversion']);
  if (binarySpecVersion !== undefined) {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      throw new EnvelopeError('binary-mode CloudEvent: the value is not JSON');
    }
    const event: Record<string, unknown> = { data, datacontenttype: 'application/json' };
    for (const [name, raw] of Object.entries(headers)) {
      if (name.startsWith('ce_')) event[name.slice(3)] = headerString(raw);
    }
    return checkAttributes(event);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new EnvelopeError('the value is not JSON');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new EnvelopeError('the value is not a JSON object');
  }
  return checkAttributes(parsed as Record<string, unknown>);
}

function checkAttributes(event: Record<string, unknown>): CloudEvent {
  for (const attribute of REQUIRED_ATTRIBUTES) {
    if (typeof event[attribute] !== 'string' || (event[attribute] as string).length === 0) {
      throw new EnvelopeError(`CloudEvent attribute '${attribute}' is missing`);
    }
  }
  if (event.specversion !== '1.0') throw new EnvelopeError(`unsupported specversion '${String(event.specversion)}'`);
  if (typeof event.tenantid !== 'string' || event.tenantid.length === 0) {
    throw new EnvelopeError("CloudEvent extension 'tenantid' is missing");
  }
  if (event.data === undefined || event.data === null || typeof event.data !== 'object') {
    throw new EnvelopeError('CloudEvent data is missing or not an object');
  }
  if (event.time !== undefined && Number.isNaN(Date.parse(String(event.time)))) {
    throw new EnvelopeError(`CloudEvent time '${String(event.time)}' is not RFC 3339`);
  }
  return event as unknown as CloudEvent;
}
