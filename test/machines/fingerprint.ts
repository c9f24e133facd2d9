import type { AnyStateNode } from 'xstate';
import type { Definition } from '../../machines/definitions';
import { type EventType, eventSenders } from '../../machines/events';

// What a released definition is, as plain lines a reviewer can read and a test can hold:
// its states, every transition with its guard, senders and actions, and its rules with their thresholds.

export type Fingerprint = { states: string[]; transitions: string[]; rules: string[] };

const nameOf = (node: AnyStateNode) => node.path.join('.') || '(root)';
const descendants = (node: AnyStateNode): AnyStateNode[] => Object.values(node.states).flatMap((n) => [n, ...descendants(n)]);

export function fingerprintOf(definition: Definition): Fingerprint {
  const nodes = descendants(definition.machine.root);
  const states = nodes.map((n) => `${nameOf(n)}${n.type === 'final' ? ' (final)' : ''}${n.tags.length ? ` [${n.tags.join(',')}]` : ''}`);
  const transitions = [definition.machine.root, ...nodes].flatMap((node) =>
    [...node.transitions.values()].flat().map((t) => {
      const to = t.target?.length ? t.target.map(nameOf).join(',') : 'self';
      const senders = eventSenders[t.eventType as EventType] ?? ['?'];
      const actions = t.actions.map((a) => (typeof a === 'string' ? a : ((a as { type?: string }).type ?? 'inline')));
      const does = actions.length ? ` do ${actions.join(',')}` : '';
      return `${nameOf(node)} --${t.eventType}${t.guard ? ' if allowed' : ''}--> ${to} by ${senders.join(',')}${does}`;
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
