// What the client relies on in an answer, checked where it reads it: a header or a member the
// document stops declaring fails to compile; one the service stops sending fails at run time.
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { paths, webhooks } from './api';

/** The names a generated `headers` object declares, without its `[name: string]: unknown`. */
type Declared<H> = keyof { [K in keyof H as string extends K ? never : K]: H[K] } & string;

/** A response header the document declares for this answer (`H`), as the service sent it. */
export function header<H>(response: Response, name: Declared<H>): string {
  const value = response.headers.get(name);
  if (value === null) throw new Error(`${response.url}: the documented header ${name} was not sent`);
  return value;
}

type Answer<D, E> = { data?: D; error?: E; response: Response };

/** The success an openapi-fetch call answered, or an error naming what came back instead. */
export function ok<D, E>(answer: Answer<D, E>, what: string): D {
  if (answer.data === undefined) throw new Error(`${what}: ${answer.response.status} ${JSON.stringify(answer.error)}`);
  return answer.data;
}

/** The problem an openapi-fetch call answered, typed by the document's union of problems for that operation. */
export function refused<D, E>(answer: Answer<D, E>, what: string): E {
  if (answer.error === undefined) throw new Error(`${what}: ${answer.response.status}, not refused`);
  return answer.error;
}

/** A value that must be there, named when it is not. */
export function present<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`${what}: missing`);
  return value;
}

export type FeedItem = paths['/v1/feed']['get']['responses']['200']['content']['application/json']['items'][number];
/** What the service POSTs to an endpoint: an event (the feed's item with the delivery id), or a ping. */
export type Delivery = webhooks['applicationEvent']['post']['requestBody']['content']['application/json'];
export type Ping = webhooks['ping']['post']['requestBody']['content']['application/json'];
/** The headers every webhook request carries, named as the document names them. */
export type WebhookHeader = keyof webhooks['applicationEvent']['post']['parameters']['header'];

/**
 * What arrives as text — a stream message's `data:`, a webhook's body — checked against the
 * served document's own schema, the schema its generated type was made from.
 */
export async function documentValidators(base: string) {
  const res = await fetch(`${base}/openapi.json`);
  const document: unknown = await res.json();
  if (typeof document !== 'object' || document === null) throw new Error('/openapi.json: not a document');
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema(document, 'openapi');
  const item = 'openapi#/paths/~1v1~1feed/get/responses/200/content/application~1json/schema/properties/items/items';
  const feedItem = ajv.compile<FeedItem>({ $ref: item });
  const body = (name: 'applicationEvent' | 'ping') => `openapi#/webhooks/${name}/post/requestBody/content/application~1json/schema`;
  const delivery = ajv.compile<Delivery>({ $ref: body('applicationEvent') });
  const ping = ajv.compile<Ping>({ $ref: body('ping') });
  return { feedItem, delivery, ping };
}
