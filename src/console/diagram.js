import { stateLabel, t } from './i18n.js';
import { s } from './ui.js';

// The machine's diagram, drawn here from GET /v1/machine: the states of the definition the
// application runs on, in columns by their distance from the initial state, and its
// transitions between them (one line per pair of states, every event named in its tooltip).

const W = 132;
const H = 34;
const COL = 156;
const ROW = 46;

/** Every state of the definition as { path, parent, initial } in definition order. */
function statesOf(node, parent = null) {
  return Object.values(node.states ?? {}).flatMap((child) => {
    const path = parent ? `${parent}.${child.key}` : child.key;
    const initial = child.initial?.target?.[0]?.replace(/^#application\./, '') ?? null;
    return [{ path, parent, initial }, ...statesOf(child, path)];
  });
}

/** Columns by breadth-first distance from the initial state; entering a compound state enters its initial child. */
function rank(states, edges, start) {
  const next = new Map(states.map((st) => [st.path, st.initial ? [st.initial] : []]));
  for (const e of edges) next.get(e.from)?.push(e.to);
  const ranks = new Map([[start, 0]]);
  const queue = [start];
  while (queue.length) {
    const from = queue.shift();
    for (const to of next.get(from) ?? []) {
      if (ranks.has(to)) continue;
      ranks.set(to, ranks.get(from) + 1);
      queue.push(to);
    }
  }
  for (const st of states) if (!ranks.has(st.path)) ranks.set(st.path, 0);
  return ranks;
}

/**
 * The SVG for a machine description; `current` is the application's state (dotted),
 * `visited` the states its history passed through.
 */
export function drawDiagram(machine, current, visited = new Set()) {
  const states = statesOf(machine.definition);
  const edges = machine.transitions.filter((e) => e.from !== e.to);
  const start = machine.definition.initial.target[0].replace(/^#application\./, '');
  const ranks = rank(states, edges, start);
  const rows = new Map();
  const at = new Map();
  for (const st of states) {
    const r = ranks.get(st.path);
    const row = rows.get(r) ?? 0;
    rows.set(r, row + 1);
    at.set(st.path, { x: 10 + r * COL, y: 10 + row * ROW });
  }
  const width = 20 + Math.max(...ranks.values()) * COL + W;
  const height = 20 + Math.max(...rows.values()) * ROW;

  const pairs = new Map();
  for (const e of edges) {
    const key = `${e.from}>${e.to}`;
    pairs.set(key, [...(pairs.get(key) ?? []), e]);
  }
  const isCurrent = (path) => path === current || current.startsWith(`${path}.`);
  const lines = [...pairs.values()].map((group) => {
    const { from, to } = group[0];
    const a = at.get(from);
    const b = at.get(to);
    if (!a || !b) return null;
    const forward = b.x > a.x;
    const d = forward
      ? `M${a.x + W},${a.y + H / 2} C${a.x + W + 40},${a.y + H / 2} ${b.x - 40},${b.y + H / 2} ${b.x},${b.y + H / 2}`
      : `M${a.x + W / 2},${a.y + H} C${a.x + W / 2},${a.y + H + 40} ${b.x + W / 2},${b.y + H + 40} ${b.x + W / 2},${b.y + H}`;
    const title = group.map((e) => `${e.event} (${e.senders.join(', ')})`).join('\n');
    return s(
      'path',
      { d, 'marker-end': 'url(#arrow)', class: isCurrent(from) ? 'next' : undefined },
      s('title', {}, `${stateLabel(from)} → ${stateLabel(to)}\n${title}`),
    );
  });
  const nodes = states.map((st) => {
    const { x, y } = at.get(st.path);
    const label = stateLabel(st.path);
    const cls = st.path === current ? 'current' : isCurrent(st.path) || visited.has(st.path) ? 'passed' : undefined;
    return s(
      'g',
      { class: cls, 'data-state': st.path },
      s('title', {}, `${label} (${st.path})`),
      s('rect', { x, y, width: W, height: H, rx: st.parent ? 12 : 4 }),
      s(
        'text',
        {
          x: x + W / 2,
          y: y + H / 2 + 4,
          'text-anchor': 'middle',
          ...(label.length > 18 ? { textLength: W - 8, lengthAdjust: 'spacingAndGlyphs' } : {}),
        },
        label,
      ),
    );
  });
  return s(
    'svg',
    {
      class: 'diagram',
      viewBox: `0 0 ${width} ${height + 30}`,
      role: 'img',
      'aria-label': t('app.diagramLabel', { state: stateLabel(current) }),
    },
    s(
      'defs',
      {},
      s(
        'marker',
        { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 6, markerHeight: 6, orient: 'auto-start-reverse' },
        s('path', { d: 'M0,0 L10,5 L0,10 z' }),
      ),
    ),
    lines,
    nodes,
  );
}
