import { eventLabel, stateLabel, t } from './i18n.js';
import { h, s } from './ui.js';

// The machine's diagram from GET /v1/machine, laid out by ELK (the layered algorithm Stately's
// editor uses): compound states are boxes holding their children, transitions are routed
// orthogonally and named by their events. It is drawn at its natural size (text at 12–14 px)
// in a scrolling, zoomable view, never shrunk to the width of the card.

let elk;
/** ELK's browser bundle, loaded once as a classic script (it defines the global ELK). */
export function loadElk() {
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

const LINE = 18;
const PAD = 12;

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

/** The laid-out graph as SVG; `current` is the application's state, `visited` the states its history passed through. */
function svgOf(layout, current, visited) {
  const within = (path) => path === current || current.startsWith(`${path}.`);
  const shapes = [];
  const texts = [];
  const walk = (node) => {
    for (const child of node.children ?? []) {
      if (child.start) shapes.push(s('circle', { class: 'start', cx: child.x + 7, cy: child.y + 7, r: 6 }));
      else {
        const { path, final } = child.state;
        const cls = [path === current ? 'current' : within(path) ? 'active' : visited.has(path) ? 'passed' : null, final ? 'final' : null];
        const { x, y, width } = child;
        shapes.push(
          s(
            'g',
            { class: cls.filter(Boolean).join(' ') || undefined, 'data-state': path },
            s('title', {}, child.name),
            s('rect', { x, y, width, height: child.height, rx: child.children ? 10 : 6 }),
            final ? s('rect', { class: 'inner', x: x + 3, y: y + 3, width: width - 6, height: child.height - 6, rx: 4 }) : null,
          ),
        );
        const centre = child.children ? null : x + width / 2;
        const at = (i) => ({ x: centre ?? x + PAD, y: y + 8 + LINE * i + 13, 'text-anchor': centre ? 'middle' : 'start' });
        texts.push(
          s('text', { class: `name${path === current ? ' current' : ''}`, 'data-state': path, ...at(0) }, child.name),
          child.lines.map((line, i) => {
            const next = within(path) && line.kind === 'own';
            const cls = ['event', next ? 'next' : null, path === current ? 'current' : null].filter(Boolean).join(' ');
            // An outgoing transition written in the box names its event and target for the tests and tools.
            const data = line.kind === 'own' ? { 'data-from': path, 'data-event': line.event, 'data-to': line.to } : {};
            return s('text', { class: cls, ...data, ...at(1 + i) }, line.text);
          }),
        );
        walk(child);
      }
    }
  };
  walk(layout);
  const lines = layout.edges.map((edge) => {
    const next = edge.pair && within(edge.pair.from);
    const points = edge.sections.flatMap((sec) => [sec.startPoint, ...(sec.bendPoints ?? []), sec.endPoint]);
    const d = points.map((p, i) => `${i ? 'L' : 'M'}${p.x},${p.y}`).join(' ');
    const title = edge.pair
      ? `${stateLabel(edge.pair.from)} → ${stateLabel(edge.pair.to)}\n${edge.pair.events
          .map((e) => `${eventLabel(e.event)} (${e.senders.map((r) => t(`role.${r}`)).join(', ')})`)
          .join('\n')}`
      : null;
    return {
      path: s(
        'path',
        {
          d,
          class: next ? 'next' : undefined,
          'marker-end': `url(#${next ? 'arrow-next' : 'arrow'})`,
          ...(edge.pair
            ? { 'data-from': edge.pair.from, 'data-to': edge.pair.to, 'data-events': edge.pair.events.map((e) => e.event).join(' ') }
            : {}),
        },
        title ? s('title', {}, title) : null,
      ),
      labels: (edge.labels ?? []).map((l) =>
        s('text', { class: `event${next ? ' next' : ''}`, x: l.x + l.width / 2, y: l.y + 12, 'text-anchor': 'middle' }, l.text),
      ),
    };
  });
  const arrow = (id) =>
    s(
      'marker',
      { id, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' },
      s('path', { d: 'M0,0 L10,5 L0,10 z' }),
    );
  return s(
    'svg',
    {
      class: 'diagram',
      width: layout.width,
      height: layout.height,
      viewBox: `0 0 ${layout.width} ${layout.height}`,
      role: 'img',
      'aria-label': t('app.diagramLabel', { state: stateLabel(current) }),
    },
    s('defs', {}, arrow('arrow'), arrow('arrow-next')),
    shapes,
    lines.map((l) => l.path),
    // Labels over the lines, with a white halo (CSS paint-order) where a line passes behind.
    lines.map((l) => l.labels),
    texts,
  );
}

/**
 * The diagram of `machine` with `current` and the `visited` states marked, in a view that
 * scrolls, pans by dragging and zooms with its buttons, and a legend.
 */
export async function drawDiagram(machine, current, visited = new Set()) {
  const [layoutEngine, measure] = [await loadElk(), measurer()];
  let layout;
  try {
    layout = await layoutEngine.layout({ ...elkGraph(machine, measure), layoutOptions: OPTIONS });
  } finally {
    measure.done();
  }
  const svg = svgOf(layout, current, visited);
  const scroller = h('div', { class: 'diagram-scroll', tabindex: '0', role: 'region', 'aria-label': t('app.diagram') }, svg);
  let zoom = 1;
  const percent = h('output', { class: 'muted', 'aria-live': 'polite' }, '100%');
  const zoomTo = (value) => {
    const { scrollLeft, scrollTop, clientWidth, clientHeight } = scroller;
    const cx = (scrollLeft + clientWidth / 2) / zoom;
    const cy = (scrollTop + clientHeight / 2) / zoom;
    zoom = Math.min(3, Math.max(0.25, value));
    svg.setAttribute('width', String(layout.width * zoom));
    svg.setAttribute('height', String(layout.height * zoom));
    scroller.scrollTo(cx * zoom - clientWidth / 2, cy * zoom - clientHeight / 2);
    percent.textContent = `${Math.round(zoom * 100)}%`;
  };
  const button = (text, label, onclick) => h('button', { type: 'button', 'aria-label': label, title: label, onclick }, text);
  panByDragging(scroller);
  // Once on the page, the current state is scrolled into the middle of the view.
  requestAnimationFrame(() => {
    const box = layout.children.flatMap(function all(n) {
      return [n, ...(n.children ?? []).flatMap(all)];
    });
    const here = box.find((n) => n.id === current);
    if (here) scroller.scrollTo(here.x + here.width / 2 - scroller.clientWidth / 2, here.y + here.height / 2 - scroller.clientHeight / 2);
  });
  return h(
    'figure',
    { class: 'diagram-view' },
    h(
      'div',
      { class: 'diagram-tools', role: 'toolbar', 'aria-label': t('diagram.zoom') },
      button('−', t('diagram.zoomOut'), () => zoomTo(zoom / 1.25)),
      button(t('diagram.zoomReset'), t('diagram.zoomReset'), () => zoomTo(1)),
      button('+', t('diagram.zoomIn'), () => zoomTo(zoom * 1.25)),
      percent,
      h('span', { class: 'muted' }, t('diagram.pan')),
    ),
    scroller,
    legend(),
  );
}

function legend() {
  const item = (cls, text) => h('li', {}, h('span', { class: `swatch ${cls}`, 'aria-hidden': 'true' }), text);
  return h(
    'figcaption',
    {},
    h(
      'ul',
      { class: 'legend' },
      item('current', t('diagram.current')),
      item('passed', t('diagram.visited')),
      item('next', t('diagram.next')),
      item('final', t('diagram.final')),
      item('start', t('diagram.start')),
      h('li', {}, `↻ ${t('diagram.loop')}`),
      h('li', {}, `→ ${t('diagram.shared')}`),
    ),
  );
}

/** A mouse drag scrolls the view; touch scrolls it natively. */
function panByDragging(scroller) {
  let from = null;
  scroller.addEventListener('pointerdown', (e) => {
    if (e.pointerType !== 'mouse' || e.button !== 0) return;
    from = { x: e.clientX, y: e.clientY, left: scroller.scrollLeft, top: scroller.scrollTop };
    scroller.setPointerCapture(e.pointerId);
    scroller.classList.add('panning');
  });
  scroller.addEventListener('pointermove', (e) => {
    if (!from) return;
    scroller.scrollTo(from.left - (e.clientX - from.x), from.top - (e.clientY - from.y));
  });
  const end = () => {
    from = null;
    scroller.classList.remove('panning');
  };
  scroller.addEventListener('pointerup', end);
  scroller.addEventListener('pointercancel', end);
}
