import { expect } from 'vitest';

// A Server-Sent Events client as a browser's EventSource is: reads /v1/feed/stream message by message.

type Item = { position: string; applicationId: string; event: { seq: number; type: string } };

/** Server-Sent Events from /v1/feed/stream until `count` have come, then the connection is dropped. */
export async function streamEvents(base: string, token: string, count: number, headers: Record<string, string> = {}, query = '') {
  const abort = new AbortController();
  const res = await fetch(`${base}/v1/feed/stream${query}`, {
    headers: { authorization: `Bearer ${token}`, ...headers },
    signal: abort.signal,
  });
  expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const messages: { id: string; data: Item }[] = [];
  const decoder = new TextDecoder();
  let buffered = '';
  for await (const chunk of res.body!) {
    buffered += decoder.decode(chunk, { stream: true });
    let end = buffered.indexOf('\n\n');
    for (; end >= 0; end = buffered.indexOf('\n\n')) {
      const lines = buffered.slice(0, end).split('\n');
      buffered = buffered.slice(end + 2);
      const field = (name: string) => lines.find((l) => l.startsWith(`${name}: `))?.slice(name.length + 2);
      if (field('event') === 'event') messages.push({ id: field('id')!, data: JSON.parse(field('data')!) });
    }
    if (messages.length >= count) break;
  }
  abort.abort();
  return messages.slice(0, count);
}
