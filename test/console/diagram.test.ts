import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { eventTypes } from '../../machines/events';
import { stateNames } from '../../machines/states';
import { type ConsoleServer, consoleServer, launchChromium } from '../support/console';

// The application page's diagram in Chromium (issue 27, item 3), against what the API says:
// GET /v1/machine names the states and transitions, the application and its history say where
// it stands and where it has been. Readable means text of 11 px or more as drawn at 1440 px
// without zooming, and a view that scrolls rather than shrinks at 390 px.

const OUT = 'test-output';
let server: ConsoleServer;
let browser: Browser;

type StateNode = { key: string; states?: Record<string, StateNode> };
type Transition = { from: string; to: string; event: string };

/** Every state path of a definition as XState describes it, with its parent. */
function statesOf(node: StateNode, parent: string | null = null): { path: string; parent: string | null }[] {
  return Object.values(node.states ?? {}).flatMap((child) => {
    const path = parent ? `${parent}.${child.key}` : child.key;
    return [{ path, parent }, ...statesOf(child, path)];
  });
}

async function apiAs(url: string) {
  const res = await server.app.inject({ url, headers: { authorization: `Bearer ${server.token({ sub: 'demo-hr', role: 'hr' })}` } });
  expect(res.statusCode, url).toBe(200);
  return res.json();
}

async function openApplication(width: number, lang: 'zh' | 'en', id: string): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width, height: 900 }, locale: 'zh-CN' })).newPage();
  page.setDefaultTimeout(20_000);
  await page.goto(`${server.base}/console/`);
  await page.locator('body[data-ready]').waitFor();
  await page.evaluate((l) => localStorage.setItem('title-review.lang', l), lang);
  await page.reload();
  await page.locator('body[data-ready]').waitFor();
  await page.locator('button[data-role="hr"]').first().click();
  await page.locator('svg.chart').waitFor();
  await page.goto(`${server.base}/console/applications/${id}`);
  await page.locator('.diagram-scroll svg.diagram').waitFor();
  return page;
}

/** The rendered size of each text of the diagram: its font size times the scale the page draws the SVG at. */
const textSizes = (page: Page) =>
  page
    .locator('svg.diagram text')
    .evaluateAll((els) => els.map((el) => parseFloat(getComputedStyle(el).fontSize) * ((el as SVGGraphicsElement).getScreenCTM()?.a ?? 0)));

/** Each state's box on screen, by its path. */
const boxes = (page: Page) =>
  page.locator('svg.diagram g[data-state]').evaluateAll((els) =>
    Object.fromEntries(
      els.map((g) => {
        const r = g.querySelector('rect')!.getBoundingClientRect();
        return [
          (g as SVGGElement).dataset.state!,
          { left: r.left, top: r.top, right: r.right, bottom: r.bottom, cls: g.getAttribute('class') ?? '' },
        ];
      }),
    ),
  );

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  server = await consoleServer('2026-03-02T02:00:00.000Z');
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

it('draws every state of the machine as a box, children inside their compound state, the current and visited states and the transitions out of it marked, text at 11 px or more at 1440 px', {
  timeout: 120_000,
}, async () => {
  const list = await apiAs('/v1/applications?state=interview&limit=100');
  const app = list.items.find((a: { state: string }) => a.state === 'interview.scheduled');
  expect(app, 'the demo season has an application in interview.scheduled').toBeTruthy();
  const view = await apiAs(`/v1/applications/${app.id}`);
  const history = await apiAs(`/v1/applications/${app.id}/history`);
  const machine = await apiAs(`/v1/machine?version=${view.definitionVersion}`);
  const states = statesOf(machine.definition);
  expect(states.some((s) => s.parent)).toBe(true);

  for (const lang of ['zh', 'en'] as const) {
    const page = await openApplication(1440, lang, app.id);
    const sizes = await textSizes(page);
    expect(sizes.length).toBeGreaterThan(states.length);
    expect(Math.min(...sizes), lang).toBeGreaterThanOrEqual(11);

    // Words, not codes: no state or event as the machine spells it, and in Chinese no English at all.
    const words = await page.locator('svg.diagram text').allTextContents();
    for (const code of [...eventTypes, ...stateNames].filter((c) => lang === 'zh' || /[A-Z_.]/.test(c)))
      expect(
        words.filter((w) => w.includes(code)),
        code,
      ).toEqual([]);
    if (lang === 'zh') expect(words.filter((w) => /[A-Za-z]/.test(w))).toEqual([]);

    const drawn = await boxes(page);
    expect(Object.keys(drawn).sort()).toEqual(states.map((s) => s.path).sort());
    for (const { path, parent } of states) {
      const box = drawn[path]!;
      expect(box.right - box.left, path).toBeGreaterThan(40);
      if (!parent) continue;
      const outer = drawn[parent]!;
      expect(
        box.left >= outer.left && box.right <= outer.right && box.top >= outer.top && box.bottom <= outer.bottom,
        `${path} in ${parent}`,
      ).toBe(true);
    }
    // Each state's name is written inside its own box.
    const names = await page.locator('svg.diagram text.name').evaluateAll((els) =>
      els.map((el) => {
        const r = el.getBoundingClientRect();
        return { state: (el as SVGTextElement).dataset.state!, x: (r.left + r.right) / 2, y: (r.top + r.bottom) / 2 };
      }),
    );
    for (const n of names) {
      const box = drawn[n.state]!;
      expect(n.x > box.left && n.x < box.right && n.y > box.top && n.y < box.bottom, n.state).toBe(true);
    }

    // The current state, the compound state holding it, and the states its history passed through.
    expect(await page.locator('svg.diagram g.current').evaluateAll((els) => els.map((e) => (e as SVGGElement).dataset.state))).toEqual([
      view.state,
    ]);
    expect(drawn.interview!.cls).toContain('active');
    const visited = new Set<string>(history.items.flatMap((e: { from: string | null; to: string }) => [e.from, e.to]).filter(Boolean));
    for (const path of visited)
      if (path !== view.state && !view.state.startsWith(`${path}.`)) expect(drawn[path]!.cls, path).toContain('passed');
    const unvisited = states.filter((s) => !visited.has(s.path) && view.state !== s.path && !view.state.startsWith(`${s.path}.`));
    expect(unvisited.length).toBeGreaterThan(0);
    for (const { path } of unvisited) expect(drawn[path]!.cls, path).not.toMatch(/passed|current|active/);

    // Every transition out of the current state or a state holding it is marked, and nothing else:
    // a line with its events, or written in the box when many states share it.
    const out = (machine.transitions as Transition[]).filter((e) => e.from === view.state || view.state.startsWith(`${e.from}.`));
    expect(out.length).toBeGreaterThan(2);
    const marked = [
      ...(await page.locator('svg.diagram path.next').evaluateAll((els) =>
        els.flatMap((el) =>
          el
            .getAttribute('data-events')!
            .split(' ')
            .map((event) => `${el.getAttribute('data-from')}>${event}>${el.getAttribute('data-to')}`),
        ),
      )),
      ...(await page
        .locator('svg.diagram text.next[data-event]')
        .evaluateAll((els) =>
          els.map((el) => `${el.getAttribute('data-from')}>${el.getAttribute('data-event')}>${el.getAttribute('data-to')}`),
        )),
    ];
    expect(marked.sort()).toEqual([...new Set(out.map((e) => `${e.from}>${e.event}>${e.to}`))].sort());
    const legend = await page.locator('figure.diagram-view figcaption').textContent();
    expect(legend).toContain(lang === 'zh' ? '当前状态' : 'Current state');
    expect(legend).toContain(lang === 'zh' ? '已经过的状态' : 'States passed through');
    expect(legend).toContain(lang === 'zh' ? '当前可发生的流转' : 'Transitions possible now');

    // Zoom: the buttons scale the drawing; the reset button brings it back to its natural size.
    await page.getByRole('button', { name: lang === 'zh' ? '放大' : 'Zoom in' }).click();
    expect(Math.min(...(await textSizes(page)))).toBeGreaterThan(13);
    await page.getByRole('button', { name: lang === 'zh' ? '原始大小' : 'Actual size' }).click();
    expect(Math.min(...(await textSizes(page)))).toBeGreaterThanOrEqual(11);

    await page.locator('figure.diagram-view').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${OUT}/diagram-1440-${lang}.png` });
    await page.context().close();
  }

  // At phone width the view scrolls (and zooms) instead of shrinking the drawing; the page itself does not scroll sideways.
  const phone = await openApplication(390, 'zh', app.id);
  expect(Math.min(...(await textSizes(phone)))).toBeGreaterThanOrEqual(11);
  const scroller = await phone
    .locator('.diagram-scroll')
    .evaluate((el) => ({ scrollWidth: el.scrollWidth, clientWidth: el.clientWidth, pageWidth: document.documentElement.scrollWidth }));
  expect(scroller.scrollWidth).toBeGreaterThan(scroller.clientWidth);
  expect(scroller.pageWidth).toBeLessThanOrEqual(390);
  // The current state is scrolled into the view.
  const current = await phone.locator('svg.diagram g.current rect').boundingBox();
  const frame = await phone.locator('.diagram-scroll').boundingBox();
  expect(current!.x + current!.width / 2).toBeGreaterThan(frame!.x);
  expect(current!.x + current!.width / 2).toBeLessThan(frame!.x + frame!.width);
  expect(current!.y + current!.height / 2).toBeGreaterThan(frame!.y);
  expect(current!.y + current!.height / 2).toBeLessThan(frame!.y + frame!.height);
  await phone.locator('figure.diagram-view').scrollIntoViewIfNeeded();
  await phone.screenshot({ path: `${OUT}/diagram-390-zh.png` });
  await phone.context().close();
});
