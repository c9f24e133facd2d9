// GET /v1/feed/stream read as a consumer without EventSource would: the request typed by the
// document (its filters, Last-Event-ID), the text/event-stream parsed by hand, each message's
// data checked against the document's feed item before it is used.
import type { Client } from 'openapi-fetch';
import type { paths } from './api';
import { type FeedItem, ok } from './checks';

export type StreamMessage = { id: string; event: string; item: FeedItem };
type Filters = NonNullable<paths['/v1/feed/stream']['get']['parameters']['query']>;
type Validator = { (value: unknown): value is FeedItem; errors?: unknown };

/** The first `count` messages after `lastEventId`, and the reconnection delay the stream asked for. */
export async function readStream(api: Client<paths>, filters: Filters, lastEventId: string, count: number, isItem: Validator) {
  const stop = new AbortController();
  const answer = await api.GET('/v1/feed/stream', {
    params: { query: filters, header: { 'last-event-id': lastEventId } },
    parseAs: 'stream',
    signal: stop.signal,
  });
  const body = ok(answer, 'GET /v1/feed/stream');
  if (body === null) throw new Error('GET /v1/feed/stream: no body');
  const messages: StreamMessage[] = [];
  let retry: number | null = null;
  let buffer = '';
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  try {
    while (messages.length < count) {
      const chunk = await reader.read();
      if (chunk.done) throw new Error(`GET /v1/feed/stream ended after ${messages.length} messages`);
      buffer += chunk.value;
      // A message ends with a blank line; a line starting with ':' is a heartbeat comment.
      for (let end = buffer.indexOf('\n\n'); end !== -1; end = buffer.indexOf('\n\n')) {
        const fields = buffer
          .slice(0, end)
          .split('\n')
          .filter((line) => !line.startsWith(':'))
          .map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1).trimStart()]);
        buffer = buffer.slice(end + 2);
        const field = (name: string) => fields.find(([key]) => key === name)?.[1];
        const retryField = field('retry');
        if (retryField !== undefined) retry = Number(retryField);
        const data = field('data');
        if (data === undefined) continue;
        const item: unknown = JSON.parse(data);
        if (!isItem(item)) throw new Error(`stream message ${data}: not a feed item (${JSON.stringify(isItem.errors)})`);
        messages.push({ id: field('id') ?? '', event: field('event') ?? 'message', item });
      }
    }
  } finally {
    stop.abort();
  }
  return { messages, retry };
}
