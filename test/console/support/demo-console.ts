import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { demoApplicants } from '../../../src/demo/actors';
import { type ConsoleServer, consoleServer, launchChromium } from '../../support/console';

/** Where the browser tests leave their screenshots. */
export const OUT = 'test-output';

type Applicant = (typeof demoApplicants)[number];
/** Three of the demo season's applicants: 张伟 with a draft, 李娜 submitted, 王强 in the unit's publicity. */
export const [zhang, li, wang] = demoApplicants as [Applicant, Applicant, Applicant];

export type Claims = Parameters<ConsoleServer['token']>[0];

/** The demo season's staff, as its sign-in buttons sign them in. */
export const staff = {
  hr: { sub: 'demo-hr', role: 'hr' as const },
  unit: { sub: 'demo-unit-reviewer', role: 'unit' as const, unitId: 'U-DEMO-1' },
  committee: { sub: 'demo-committee', role: 'committee' as const },
  admin: { sub: 'demo-admin', role: 'admin' as const },
};

export type DemoConsole = {
  server: ConsoleServer;
  browser: Browser;
  /** One page at 1280×900 in Chinese, which the file's tests share in order. */
  page: Page;
  /** The API itself, called beside the browser: the oracle for what the pages show. */
  apiAs(claims: Claims, url: string, method?: 'GET' | 'POST', payload?: object): Promise<{ status: number; body: any }>;
  /** The id of the one application whose applicant is named `name`. */
  idOf(name: string): Promise<string>;
  signInAs(role: string, label?: string): Promise<void>;
  /** Opens a console path and waits until the page is drawn. */
  open(path: string): Promise<void>;
};

/**
 * For one test file: the service with the demo season at `now`, and Chromium, started before
 * its tests and closed after them. `server`, `browser` and `page` are set once beforeAll has run.
 */
export function demoConsole(now: string): DemoConsole {
  const ui = {} as DemoConsole;
  ui.apiAs = async (claims, url, method = 'GET', payload) => {
    const res = await ui.server.app.inject({ method, url, payload, headers: { authorization: `Bearer ${ui.server.token(claims)}` } });
    return { status: res.statusCode, body: res.json() };
  };
  ui.idOf = async (name) => {
    const list = await ui.apiAs(staff.hr, `/v1/applications?q=${encodeURIComponent(name)}`);
    expect(list.body.items).toHaveLength(1);
    return list.body.items[0].id;
  };
  /**
   * Signs in with a demo role (the button labelled `label` among several). The page is waited
   * for until drawn (body[data-ready]): whether someone is still signed in is known only once
   * the console has asked the service, so a check made before that (isVisible right after goto)
   * raced the drawing and, on a slower database, clicked into a dashboard that had no sign-in
   * buttons.
   */
  ui.signInAs = async (role, label) => {
    const { page } = ui;
    await page.goto(`${ui.server.base}/console/`);
    await page.locator('body[data-ready]').waitFor();
    if (await page.locator('#sign-out').isVisible()) {
      await page.locator('#sign-out').click();
      await page.locator('#token').waitFor();
    }
    const button = page.locator(`button[data-role="${role}"]`, label ? { hasText: label } : {});
    await button.click();
    await page.locator('svg.chart').waitFor();
  };
  ui.open = async (path) => {
    await ui.page.goto(`${ui.server.base}/console/${path}`);
    await ui.page.locator(`body[data-ready="${decodeURIComponent(path.split('?')[0] ?? '')}"]`).waitFor();
  };

  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    ui.server = await consoleServer(now);
    ui.browser = await launchChromium();
    ui.page = await (await ui.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' })).newPage();
    ui.page.setDefaultTimeout(10_000);
  });
  afterAll(async () => {
    await ui.browser?.close();
    await ui.server?.close();
  });
  return ui;
}
