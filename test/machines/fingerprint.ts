import type { AnyStateNode } from 'xstate';
import type { Definition } from '../../machines/definitions';
import { type EventType, eventSenders } from '../../machines/events';

// What a released definition is, as plain lines a reviewer can read and a test can hold:
// its states, every transition with its guard, senders and actions, and its rules with their thresholds.

export type Fingerprint = { states: string[]; transitions: string[]; rules: string[] };

const nameOf = (node: AnyStateNode) => node.path.join('.') || '(root)';

/** A guard or action by name: `allowed`, `and(allowed,objectionUpheld)`, `extendDeadline(fee)`. */
function describe(x: unknown): string {
  if (typeof x === 'string') return x;
  if (typeof x === 'function' && 'guards' in x) return `${x.name || 'and'}(${(x.guards as unknown[]).map(describe).join(',')})`;
  if (x && typeof x === 'object' && 'type' in x) {
    const { type, params } = x as { type: string; params?: Record<string, unknown> };
    return params ? `${type}(${Object.values(params).join(',')})` : type;
  }
  return 'inline';
}
const descendants = (node: AnyStateNode): AnyStateNode[] => Object.values(node.states).flatMap((n) => [n, ...descendants(n)]);

export function fingerprintOf(definition: Definition): Fingerprint {
  const nodes = descendants(definition.machine.root);
  const states = nodes.map((n) => {
    const entry = n.entry.length ? ` entry ${n.entry.map(describe).join(',')}` : '';
    const exit = n.exit.length ? ` exit ${n.exit.map(describe).join(',')}` : '';
    return `${nameOf(n)}${n.type === 'final' ? ' (final)' : ''}${n.tags.length ? ` [${n.tags.join(',')}]` : ''}${entry}${exit}`;
  });
  const transitions = [definition.machine.root, ...nodes].flatMap((node) =>
    [...node.transitions.values()].flat().map((t) => {
      const to = t.target?.length ? t.target.map(nameOf).join(',') : 'self';
      const senders = eventSenders[t.eventType as EventType] ?? ['?'];
      const does = t.actions.length ? ` do ${t.actions.map(describe).join(',')}` : '';
      return `${nameOf(node)} --${t.eventType}${t.guard ? ` if ${describe(t.guard)}` : ''}--> ${to} by ${senders.join(',')}${does}`;
    }),
  );
  const rules = definition.rules.map(
    (r) =>
      `${r.id} ${r.clause}${r.severity === 'warning' ? ' warning' : ''}${
        r.params
          ? ` ${Object.entries(r.params)
              .map(([k, v]) => `${k}=${v}`)
              .join(' ')}`
          : ''
      }`,
  );
  return { states, transitions, rules };
}
