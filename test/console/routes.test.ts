import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventTypes, roles } from '../../machines/events';
import { stateNames, topLevelStates } from '../../machines/states';
import { demoSignInEnabled, loadConfig } from '../../src/config';
import { type TestApp, testApp } from '../support/app';

describe('the console is served by the app', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp();
  });
  afterAll(() => t.close());

  it('redirects / to the console, whose page is titled', async () => {
    const root = await t.app.inject({ url: '/' });
    expect(root.statusCode).toBe(302);
    expect(root.headers.location).toBe('/console/');
    const page = await t.app.inject({ url: '/console/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.body).toMatch(/<title>职称评审管理控制台/);
  });

  it('answers each file with its type, a page path with the shell, and revalidates by ETag', async () => {
    const cases = [
      ['/console/app.js', 'text/javascript; charset=utf-8'],
      ['/console/i18n/en.js', 'text/javascript; charset=utf-8'],
      ['/console/console.css', 'text/css; charset=utf-8'],
      // The diagram's layout engine, as elkjs ships it on npm.
      ['/console/vendor/elk.bundled.js', 'text/javascript; charset=utf-8'],
      ['/console/find', 'text/html; charset=utf-8'],
      ['/console/applications/00000000-0000-4000-8000-000000000000', 'text/html; charset=utf-8'],
    ];
    for (const [url, type] of cases) {
      const res = await t.app.inject({ url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type'], url).toBe(type);
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
      const again = await t.app.inject({ url, headers: { 'if-none-match': String(res.headers.etag) } });
      expect(again.statusCode, url).toBe(304);
      expect(again.body).toBe('');
    }
  });

  it('answers a missing file with 404, not with the page', async () => {
    const res = await t.app.inject({ url: '/console/missing.js' });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('NOT_FOUND');
  });

  it('has no demo sign-in unless the app is built with it', async () => {
    const res = await t.app.inject({ url: '/v1/demo/actors' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });
});

describe('the demo sign-in', () => {
  it('is on only with demo data on the embedded database', () => {
    expect(demoSignInEnabled(loadConfig({}))).toBe(true);
    expect(demoSignInEnabled(loadConfig({ SEED_DEMO: 'false' }))).toBe(false);
    expect(demoSignInEnabled(loadConfig({ DATABASE_URL: 'postgres://u@db/titles' }))).toBe(false);
    expect(demoSignInEnabled(loadConfig({ DATABASE_URL: 'postgres://u@db/titles', SEED_DEMO: 'true' }))).toBe(false);
  });
});

it('the console names every state and event of every machine version in both languages', async () => {
  const load = async (lang: string) =>
    ((await import(join(import.meta.dirname, `../../src/console/i18n/${lang}.js`))) as { default: Record<string, string> }).default;
  const [zh, en] = [await load('zh'), await load('en')];
  expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
  for (const key of [...stateNames, ...topLevelStates].map((s) => `state.${s}`)) expect(zh[key], key).toBeTruthy();
  for (const key of eventTypes.map((e) => `event.${e}`)) expect(zh[key], key).toBeTruthy();
  for (const key of roles.map((r) => `role.${r}`)) expect(zh[key], key).toBeTruthy();
});
