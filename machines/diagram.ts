import type { AnyStateNode } from 'xstate';
import { type EventType, eventSenders } from './events';
import type { ApplicationMachine } from './notice';

// The admin diagram, drawn from the same definition the service runs.

type Edge = { from: string; to: string; event: EventType };

function edgesOf(node: AnyStateNode): Edge[] {
  const own = [...node.transitions.values()].flat().flatMap((t) => {
    const targets = t.target?.length ? t.target : [node];
    return targets.map((to) => ({ from: node.id, to: to.id, event: t.eventType as EventType }));
  });
  return [...own, ...Object.values(node.states).flatMap(edgesOf)];
}

const shortId = (id: string) => id.replace(/^application\./, '').replace(/\./g, '_');

function block(node: AnyStateNode, indent: string): string[] {
  const children = Object.values(node.states);
  const lines: string[] = [];
  if (node.initial) lines.push(`${indent}[*] --> ${shortId(node.initial.target[0]!.id)}`);
  for (const child of children) {
    if (Object.keys(child.states).length > 0) {
      lines.push(`${indent}state ${shortId(child.id)} {`, ...block(child, `${indent}  `), `${indent}}`);
    }
    if (child.type === 'final') lines.push(`${indent}${shortId(child.id)} --> [*]`);
  }
  return lines;
}

export function mermaidDiagram(machine: ApplicationMachine): string {
  const root = machine.root;
  const edges = edgesOf(root).map((e) => `  ${shortId(e.from)} --> ${shortId(e.to)}: ${e.event} (${eventSenders[e.event].join(', ')})`);
  return ['stateDiagram-v2', ...block(root, '  '), ...edges].join('\n');
}

export function machineDescription(machine: ApplicationMachine) {
  return {
    id: machine.id,
    definition: machine.root.definition,
    transitions: edgesOf(machine.root).map((e) => ({
      ...e,
      from: e.from.replace(/^application\.?/, ''),
      to: e.to.replace(/^application\.?/, ''),
      senders: eventSenders[e.event],
    })),
  };
}
