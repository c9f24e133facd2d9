import { eventLabel, stateLabel, t } from './i18n.js';
import { h, s } from './ui.js';

// The machine's diagram from GET /v1/machine, laid out by ELK (the layered algorithm Stately's
// editor uses): compound states are boxes holding their children, transitions are routed
// orthogonally and named by their events.

let elk;
/** ELK's browser bundle, loaded once as a classic script (it defines the global ELK). */
function loadElk() {
  elk ??= new Promise((resolve, reject) => {
    const script = h('script', { src: '/console/vendor/elk.bundled.js' });
    script.addEventListener('load', () => resolve(new window.ELK()));
    script.addEventListener('error', () => {
      elk = undefined;
      reject(new Error('ELK'));
    });
    document.head.append(script);
  });
  return elk;
}

export const LINE = 18;
export const PAD = 12;

/** Every state of the definition as { path, parent, initial, final } in definition order. */
function statesOf(node, parent = null) {
  return Object.values(node.states ?? {}).flatMap((child) => {
    const path = parent ? `${parent}.${child.key}` : child.key;
    const initial = child.initial?.target?.[0]?.replace(/^#application\./, '') ?? null;
    return [{ path, parent, initial, final: child.type === 'final' }, ...statesOf(child, path)];
  });
}

/** The widths of texts as the page draws them (class `name` or `event`), measured in one hidden SVG. */
function measurer() {
  const probe = s('svg', { class: 'diagram-probe', 'aria-hidden': 'true' });
  document.body.append(probe);
  const cache = new Map();
  return {
    width(text, kind) {
      const key = `${kind}\n${text}`;
      if (!cache.has(key)) {
        const el = s('text', { class: kind }, text);
        probe.append(el);
        cache.set(key, Math.ceil(el.getComputedTextLength()));
      }
      return cache.get(key);
    },
    done: () => probe.remove(),
  };
}

// A transition that many states share (FLAG_FALSIFIED: eleven of them) would draw as many long
// lines across the whole diagram; it is written inside each source's box instead.
const MANY = 5;

/**
 * What each state's box says under its name: its events that keep the state (↻), the shared
 * transitions that leave it (→) and, on a shared transition's target, where they come from (←).
 */
function boxLines(transitions) {
  const lines = new Map();
  const add = (path, text, kind, e) => lines.set(path, [...(lines.get(path) ?? []), { text, kind, event: e.event, to: e.to }]);
  const sources = new Map();
  for (const e of transitions) {
    const key = `${e.event}>${e.to}`;
    sources.set(key, new Set([...(sources.get(key) ?? []), e.from]));
  }
  const shared = (e) => e.from !== e.to && sources.get(`${e.event}>${e.to}`).size >= MANY;
  const seen = new Set();
  for (const e of transitions) {
    const key = `${e.from}>${e.event}>${e.to}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (e.from === e.to) add(e.from, `↻ ${eventLabel(e.event)}`, 'own', e);
    else if (shared(e)) add(e.from, `${eventLabel(e.event)} → ${stateLabel(e.to)}`, 'own', e);
    if (shared(e) && !seen.has(`<${e.event}>${e.to}`)) {
      seen.add(`<${e.event}>${e.to}`);
      add(e.to, `← ${t('diagram.fromMany', { event: eventLabel(e.event), count: sources.get(`${e.event}>${e.to}`).size })}`, 'in', e);
    }
  }
  return { lines, drawn: transitions.filter((e) => e.from !== e.to && !shared(e)) };
}

/** The ELK graph: a node per state (compound ones with children), an edge per pair of states a transition joins. */
function elkGraph(machine, measure) {
  const states = statesOf(machine.definition);
  const { lines, drawn } = boxLines(machine.transitions);
  const nodes = new Map();
  const start = (parent, target) => ({ id: `start:${parent}`, width: 14, height: 14, start: true, target });
  const root = { id: 'root', children: [start('', machine.definition.initial.target[0].replace(/^#application\./, ''))] };
  for (const st of states) {
    const name = stateLabel(st.path);
    const own = lines.get(st.path) ?? [];
    const width = Math.max(96, measure.width(name, 'name'), ...own.map((l) => measure.width(l.text, 'event'))) + 2 * PAD;
    const node = { id: st.path, state: st, name, lines: own, width, height: 16 + LINE * (1 + own.length) };
    // A state reached only by shared transitions has no line into it: it goes last, not first.
    if (own.some((l) => l.kind === 'in') && !drawn.some((e) => e.to === st.path || e.from === st.path))
      node.layoutOptions = { 'elk.layered.layering.layerConstraint': 'LAST' };
    if (st.initial) {
      node.children = [start(st.path, st.initial)];
      // The compound's name and its lines sit above its children.
      node.layoutOptions = {
        'elk.padding': `[top=${node.height},left=${PAD},bottom=${PAD},right=${PAD}]`,
        'elk.nodeSize.constraints': 'MINIMUM_SIZE',
        'elk.nodeSize.minimum': `(${node.width},${node.height})`,
      };
    }
    nodes.set(st.path, node);
    (st.parent ? nodes.get(st.parent).children : root.children).push(node);
  }
  const pairs = new Map();
  for (const e of drawn) {
    const key = `${e.from}>${e.to}`;
    if (!pairs.has(key)) pairs.set(key, { from: e.from, to: e.to, events: [] });
    pairs.get(key).events.push(e);
  }
  const starts = [root, ...nodes.values()].flatMap((n) => (n.children ?? []).filter((c) => c.start));
  root.edges = [
    ...starts.map((c) => ({ id: `${c.id}>`, sources: [c.id], targets: [c.target] })),
    ...[...pairs.values()].map((p, i) => ({
      id: `e${i}`,
      sources: [p.from],
      targets: [p.to],
      pair: p,
      labels: p.events.map((e) => ({ text: eventLabel(e.event), width: measure.width(eventLabel(e.event), 'event') + 6, height: 16 })),
    })),
  ];
  return root;
}

const OPTIONS = {
  'elk.algorithm': 'layered',
  'elk.direction': 'DOWN',
  'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
  'elk.edgeRouting': 'ORTHOGONAL',
  'elk.edgeLabels.placement': 'CENTER',
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
  // The definition lists its states in the order an application goes through them: an edge
  // against that order (a return, a supplement) is the one drawn backwards.
  'elk.layered.cycleBreaking.strategy': 'MODEL_ORDER',
  'elk.layered.spacing.nodeNodeBetweenLayers': '40',
  'elk.spacing.nodeNode': '28',
  'elk.spacing.edgeEdge': '12',
  'elk.spacing.edgeLabel': '4',
  'elk.padding': '[top=16,left=16,bottom=16,right=16]',
  'elk.json.edgeCoords': 'ROOT',
  'elk.json.shapeCoords': 'ROOT',
};

/** A short fingerprint of a string (FNV-1a), to name a kept layout. */
function fingerprintOf(text) {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return (hash >>> 0).toString(36) + text.length.toString(36);
}

/**
 * `machine` (GET /v1/machine) laid out: the ELK graph with every node's and edge's position.
 * Kept for the tab's session per machine and language: every application of a definition has
 * the same diagram, and ELK takes most of a second to lay it out.
 */
export async function layoutOf(machine) {
  const key = `title-review.layout.${document.documentElement.lang}.${fingerprintOf(JSON.stringify(machine))}`;
  const kept = sessionStorage.getItem(key);
  if (kept) return JSON.parse(kept);
  const [layoutEngine, measure] = [await loadElk(), measurer()];
  try {
    const layout = await layoutEngine.layout({ ...elkGraph(machine, measure), layoutOptions: OPTIONS });
    try {
      sessionStorage.setItem(key, JSON.stringify(layout));
    } catch {
      // Storage full or refused: the next page lays it out again.
    }
    return layout;
  } finally {
    measure.done();
  }
}
