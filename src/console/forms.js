import { t } from './i18n.js';
import { field, h } from './ui.js';

// Small forms for events, built from the API's own OpenAPI document: the body schema of
// POST /v1/applications/{id}/events lists every event type with its fields, so the console
// keeps no second copy of them.

let schemas;

/** `schema` with every `$ref` to the document's components replaced by what it names (a cycle ends in `{}`). */
function inline(doc, schema, seen = new Set()) {
  if (Array.isArray(schema)) return schema.map((s) => inline(doc, s, seen));
  if (!schema || typeof schema !== 'object') return schema;
  if (schema.$ref) {
    const name = schema.$ref.split('/').pop();
    return seen.has(name) ? {} : inline(doc, doc.components.schemas[name], new Set([...seen, name]));
  }
  return Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, inline(doc, v, seen)]));
}

let served;
/** The served OpenAPI document, read once: the console's only copy of the API's shapes and code lists. */
export function apiDocument() {
  served ??= fetch('/openapi.json').then((res) => res.json());
  return served;
}

/** Event type → its JSON schema (properties, required), read once. */
export async function eventSchemas() {
  if (!schemas) {
    const doc = await apiDocument();
    const body = inline(doc, doc.paths['/v1/applications/{id}/events'].post.requestBody.content['application/json'].schema);
    schemas = new Map(
      (body.oneOf ?? body.anyOf).map((schema) => {
        const type = schema.properties.type;
        return [type.const ?? type.enum[0], schema];
      }),
    );
  }
  return schemas;
}

const label = (name) => (t(`field.${name}`) === `field.${name}` ? name : t(`field.${name}`));

function control(name, schema, required) {
  const common = { name, required: required || undefined, 'data-kind': kindOf(schema) };
  const kind = kindOf(schema);
  if (kind === 'boolean')
    return h('label', { class: 'check' }, h('input', { ...common, type: 'checkbox', required: undefined }), label(name));
  if (kind === 'enum')
    return field(
      label(name),
      h(
        'select',
        common,
        required ? null : h('option', { value: '' }, '—'),
        schema.enum.map((v) => h('option', { value: v }, t(`value.${v}`) === `value.${v}` ? v : t(`value.${v}`))),
      ),
    );
  if (kind === 'date') return field(label(name), h('input', { ...common, type: 'date' }));
  if (kind === 'datetime') return field(label(name), h('input', { ...common, type: 'datetime-local' }));
  if (kind === 'number')
    return field(
      label(name),
      h('input', { ...common, type: 'number', step: schema.type === 'integer' ? 1 : 'any', min: schema.minimum, max: schema.maximum }),
    );
  if (kind === 'lines') return field(`${label(name)} ${t('app.oneLine')}`, h('textarea', common));
  if (kind === 'json') return field(`${label(name)} ${t('app.json')}`, h('textarea', common));
  return field(label(name), (schema.maxLength ?? 0) > 200 ? h('textarea', common) : h('input', { ...common, type: 'text' }));
}

function kindOf(schema) {
  if (schema.type === 'boolean') return 'boolean';
  if (schema.enum) return 'enum';
  if (schema.format === 'date') return 'date';
  if (schema.format === 'date-time') return 'datetime';
  if (schema.type === 'number' || schema.type === 'integer') return 'number';
  if (schema.type === 'array' && schema.items?.type === 'string') return 'lines';
  if (schema.type === 'string') return 'text';
  return 'json';
}

/** The form's fields for one event's schema. */
export function eventFields(schema) {
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties)
    .filter(([name]) => name !== 'type')
    .map(([name, prop]) => control(name, prop, required.has(name)));
}

/** The payload a form holds: empty optional fields left out, dates as Asia/Shanghai instants. */
export function payloadOf(form) {
  const payload = {};
  for (const el of form.querySelectorAll('[data-kind]')) {
    const { name } = el;
    const kind = el.dataset.kind;
    if (kind === 'boolean') {
      payload[name] = el.checked;
      continue;
    }
    const value = el.value.trim();
    if (value === '') continue;
    if (kind === 'number') payload[name] = Number(value);
    else if (kind === 'datetime') payload[name] = `${value.length === 16 ? `${value}:00` : value}+08:00`;
    else if (kind === 'lines')
      payload[name] = value
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean);
    else if (kind === 'json') payload[name] = JSON.parse(value);
    else payload[name] = value;
  }
  return payload;
}
