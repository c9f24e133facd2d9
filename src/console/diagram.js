import { LINE, layoutOf, PAD } from './diagram-layout.js';
import { eventLabel, stateLabel, t } from './i18n.js';
import { h, s } from './ui.js';

// The laid-out machine drawn as SVG at its natural size (text at 12–14 px) in a scrolling,
// zoomable view with a legend, never shrunk to the width of the card.

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
  const layout = await layoutOf(machine);
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
