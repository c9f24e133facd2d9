// What the service POSTs to a registered endpoint, as OpenAPI 3.1 `webhooks`, so a receiver's
// types are generated from the same document as the client's: a delivery's body is the feed's
// item (the same schema, not a copy) with the delivery id; a ping has no event.

type Json = Record<string, unknown>;
/** The part of the document this section is made from: the feed page's schema. */
type Paths = {
  '/v1/feed': {
    get: { responses: { 200: { content: { 'application/json': { schema: { properties: { items: { items: FeedItemSchema } } } } } } } };
  };
};
type FeedItemSchema = { properties: Json; required: string[] };

export const signatureHeader = 'x-title-review-signature';
export const deliveryIdHeader = 'x-title-review-delivery';

const headers = [
  {
    name: signatureHeader,
    in: 'header',
    required: true,
    description:
      't=<unix seconds, wall clock>,v1=<hex HMAC-SHA256(secret, t + "." + raw body)>; during a key rotation a second v1, from the previous key',
    schema: { type: 'string' },
  },
  {
    name: deliveryIdHeader,
    in: 'header',
    required: true,
    description: 'the delivery id: a repeat (delivery is at least once) carries the same one',
    schema: { type: 'string', format: 'uuid' },
  },
];

const received = (operationId: string, summary: string, schema: Json) => ({
  post: {
    operationId,
    summary,
    parameters: headers,
    requestBody: { required: true, content: { 'application/json': { schema } } },
    responses: { '2XX': { description: 'received; any other answer, or none in 10 s, is a failure (retried after 10 s, 20 s, 40 s …)' } },
  },
});

/** The `webhooks` section, from the document's own feed item (`paths` as the document has them). */
export function webhooksSection(paths: Paths): Json {
  const item = paths['/v1/feed'].get.responses[200].content['application/json'].schema.properties.items.items;
  return {
    applicationEvent: received(
      'webhookApplicationEvent',
      'an applied event, as the feed shows it, for each endpoint whose eventTypes match',
      {
        type: 'object',
        properties: { id: { type: 'string', format: 'uuid', description: `the delivery id, as ${deliveryIdHeader}` }, ...item.properties },
        required: ['id', ...item.required],
        additionalProperties: false,
      },
    ),
    ping: received('webhookPing', 'POST /v1/webhooks/{id}/ping: a signed test request, with no event', {
      type: 'object',
      properties: {
        id: { type: 'string', format: 'uuid', description: `as ${deliveryIdHeader}; nothing is recorded` },
        type: { type: 'string', const: 'ping' },
        endpointId: { type: 'string', format: 'uuid' },
      },
      required: ['id', 'type', 'endpointId'],
      additionalProperties: false,
    }),
  };
}
