import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { testIndex } from '../support/pipeline.js';
import { hasChromium, inCI, launchChromium } from './support/browser.js';
import { startServer, type RunningServer } from './support/server.js';

/**
 * The page end to end: the real server (real index, stand-in model) and Debian's headless Chromium.
 * Screenshots land in test/artifacts/web/ (docs/screenshot.png is a copy of the desktop one).
 */

const ARTIFACTS = path.resolve(import.meta.dirname, '../artifacts/web');
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 375, height: 812 };

const FACT = 'Which Ambassador chaired the 2022 thematic discussions?';

// The test code is type-checked without the DOM library, so what runs in the page is written as expressions
// (evaluate) or selectors (waits): waitForFunction with a string would need eval, which the page's CSP forbids.
const FIRST_TURN_DONE = '#thread > .turn:first-child[aria-busy="false"]';
const focusedId = (page: Page) => page.evaluate<string | undefined>('document.activeElement?.id');
const horizontalOverflow = (page: Page) => page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');

// Without Chromium the tests skip on a developer's machine, but in CI they run, and fail, so a missing browser
// cannot pass unnoticed. The model is bundled, so nothing skips for want of it.
const skip = !hasChromium && !inCI;

describe.skipIf(skip)('the web page in Chromium', { timeout: 60_000 }, () => {
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  /** Console errors, page errors and dialogs of the current test: any of them fails it. */
  let problems: string[] = [];
  /** Console messages a test expects (e.g. the failed request it provoked). */
  let expected: RegExp[] = [];

  beforeAll(async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    [server, browser] = await Promise.all([startServer(testIndex), launchChromium()]);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close();
    const unexpected = problems.filter((problem) => !expected.some((pattern) => pattern.test(problem)));
    problems = [];
    expected = [];
    expect(unexpected, 'console errors, page errors or dialogs').toEqual([]);
  });

  async function open(viewport = DESKTOP, hash = ''): Promise<Page> {
    const context = await browser.newContext({ viewport });
    contexts.push(context);
    const page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(`console ${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('dialog', (dialog) => {
      problems.push(`dialog: ${dialog.type()} ${dialog.message()}`);
      void dialog.dismiss();
    });
    await page.goto(`${server.url}/${hash}`);
    // The years come from /api/stats: once they are in the filter, the page has started.
    await page.locator('#year option[value="2023"]').waitFor({ state: 'attached' });
    return page;
  }

  /** Types a question, sends it with Enter, and waits until its answer (or abstention, or error) is complete. */
  async function ask(page: Page, question: string): Promise<void> {
    const before = await page.locator('.turn').count();
    await page.locator('#question').fill(question);
    await page.locator('#question').press('Enter');
    const turn = page.locator('.turn').nth(before);
    await turn.waitFor();
    await page.locator(`#thread > .turn:nth-child(${before + 1})[aria-busy="false"]`).waitFor();
  }

  const lastTurn = (page: Page) => page.locator('.turn').last();
  const sourceYears = async (page: Page) =>
    (await page.locator('#sources-body .source .source-position').allTextContents()).map((title) => Number(/(\d{4}) ·/.exec(title)?.[1]));

  it('answers a factoid question progressively, with citation markers that open the cited paragraph', async () => {
    const page = await open();
    // Hold the answer back a moment, to see the busy state.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/api/ask/stream', async (route) => {
      await held;
      await route.continue();
    });
    await page.locator('#question').fill(FACT);
    await page.locator('#question').press('Enter');
    await expect.poll(() => page.locator('#send').isDisabled()).toBe(true);
    await expect.poll(() => page.locator('.turn .busy').textContent()).toContain('Searching the documents');
    expect(await page.locator('#question').inputValue()).toBe('');
    release();
    await page.locator(FIRST_TURN_DONE).waitFor();
    expect(await page.locator('#send').isDisabled()).toBe(false);

    const answer = lastTurn(page).locator('.answer');
    expect(await answer.textContent()).toContain('Ghislain D’Hoop');
    expect(await answer.locator('.cite').count()).toBeGreaterThan(0);
    await expect.poll(() => page.locator('#announcer').textContent()).toMatch(/^Answer: .*Ghislain D’Hoop/);

    await answer.locator('.cite').first().click();
    const card = page.locator('#source-1');
    await expect.poll(() => card.isVisible()).toBe(true);
    expect(await card.locator('.source-position').textContent()).toContain('2022 · IV · para. 1');
    expect(await card.locator('.source-text').textContent()).toContain('The thematic discussions were chaired by H.E. Ambassador Ghislain D’Hoop (Belgium)');
    expect(await card.locator('mark').first().textContent()).toContain('Ghislain D’Hoop');
    expect(await focusedId(page)).toBe('source-1');
  });

  it('names the model that answers, and says the small bundled model matches everyday wording less well', async () => {
    const page = await open();
    const line = page.locator('#model-line');
    await expect.poll(() => line.isVisible()).toBe(true);
    expect(await line.locator('.model-name').textContent()).toBe(`Model: ${testIndex.modelId}`);
    expect(await line.locator('.model-note').textContent()).toMatch(/^Small offline model bundled .* everyday wording is matched less well/);
  });

  it('copies a formatted citation of the quoted text', async () => {
    const page = await open();
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    await ask(page, FACT);
    await page.locator('#source-1').getByRole('button', { name: 'Copy citation' }).click();
    await expect.poll(() => page.evaluate<string>('navigator.clipboard.readText()')).toMatch(
      /^CND thematic discussions 2022 \(IV\), para\. 1: "The thematic discussions were chaired by H\.E\. Ambassador Ghislain D’Hoop \(Belgium\), [^"]*"$/,
    );
  });

  it('applies the year filter to the next questions and shows it while active', async () => {
    const page = await open();
    expect(await page.locator('#year option').allTextContents()).toEqual(['All years', '2019', '2020', '2021', '2022', '2023']);
    expect(await page.locator('#year-note').isVisible()).toBe(false);
    await page.locator('#year').selectOption('2021');
    expect(await page.locator('#year-note').textContent()).toContain('only the 2021 discussions are searched');

    await ask(page, 'What was said about money laundering?');
    expect(await lastTurn(page).locator('.badge').textContent()).toBe('2021 only');
    const years = await sourceYears(page);
    expect(years.length).toBeGreaterThan(0);
    expect(years.every((year) => year === 2021)).toBe(true);
    const sentenceMarkers = await lastTurn(page).locator('.cite').count();
    expect(sentenceMarkers).toBeGreaterThan(0);

    await page.locator('#year-note').getByRole('button', { name: 'Search all years' }).click();
    expect(await page.locator('#year').inputValue()).toBe('');
    expect(await page.locator('#year-note').isVisible()).toBe(false);
  });

  it('sends earlier turns as history, so a follow-up is resolved, and shows the question as searched', async () => {
    const page = await open();
    const bodies: unknown[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/api/ask/stream')) bodies.push(request.postDataJSON());
    });
    await ask(page, 'What was said about money laundering in 2021?');
    await ask(page, 'And in 2023?');
    expect(bodies[1]).toMatchObject({ question: 'And in 2023?', history: [{ question: 'What was said about money laundering in 2021?' }] });
    expect(await lastTurn(page).locator('.resolved').textContent()).toBe('Searched as: What was said about money laundering in 2023?');
    const years = await sourceYears(page);
    expect(years.length).toBeGreaterThan(0);
    expect(years.every((year) => year === 2023)).toBe(true);
  });

  it('lays out an answer across years as a timeline', async () => {
    const page = await open();
    await ask(page, 'How has alternative development been discussed over the years?');
    const labels = await lastTurn(page).locator('.timeline .year-label').allTextContents();
    expect(labels.length).toBeGreaterThan(1);
    expect(labels.map(Number)).toEqual([...labels.map(Number)].sort((a, b) => a - b));
  });

  it('shows an abstention apart from answers, with the closest paragraphs', async () => {
    const page = await open();
    await ask(page, 'Who painted the Mona Lisa?');
    const turn = lastTurn(page);
    expect(await turn.locator('.answer--abstained').count()).toBe(1);
    expect(await turn.locator('.abstention-title').textContent()).toBe('Not answered by the documents');
    expect(await turn.locator('.cite').count()).toBe(0);
    expect(await page.locator('#sources-title').textContent()).toMatch(/^Closest paragraphs · [1-9]/);
    const related = turn.locator('.related button');
    expect(await related.count()).toBeGreaterThan(0);
    await related.first().click();
    expect(await page.locator('#source-1.is-selected').count()).toBe(1);
  });

  it('shows markup typed as a question as text, running nothing', async () => {
    const page = await open();
    const question = '<img src=x onerror=alert(1)>';
    await ask(page, question);
    expect(await lastTurn(page).locator('.question-text').textContent()).toBe(question);
    await page.waitForTimeout(300);
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('[onerror]').count()).toBe(0);
    // The afterEach check fails the test on any dialog (alert) or page error.
  });

  it('keeps the conversation over a reload, and "New chat" clears it', async () => {
    const page = await open();
    await ask(page, FACT);
    await page.reload();
    await lastTurn(page).waitFor();
    expect(await lastTurn(page).locator('.question-text').textContent()).toBe(FACT);
    expect(await lastTurn(page).locator('.answer').textContent()).toContain('Ghislain D’Hoop');
    expect(await page.locator('#sources-body .source').count()).toBeGreaterThan(0);

    await page.locator('#new-chat').click();
    expect(await page.locator('.turn').count()).toBe(0);
    expect(await page.locator('.empty .example').count()).toBeGreaterThanOrEqual(5);
    await page.reload();
    await page.locator('.empty').waitFor();
    expect(await page.locator('.turn').count()).toBe(0);
  });

  it('opens a paragraph from its link, with previous and next', async () => {
    const page = await open(DESKTOP, '#p=cnd-chairs-summaries-2019-2023.III.24');
    const title = page.locator('#paragraph-title');
    await expect.poll(() => title.textContent()).toBe('CND thematic discussions 2021 (III), para. 24');
    expect(await page.locator('#sources-body .source-text').textContent()).toContain('UNODC emphasized the importance of comparing confiscated proceeds');
    await page.getByRole('link', { name: 'Next paragraph →' }).click();
    await expect.poll(() => title.textContent()).toBe('CND thematic discussions 2021 (III), para. 25');
    expect(page.url()).toContain('#p=cnd-chairs-summaries-2019-2023.III.25');
    await page.getByRole('link', { name: '← Previous paragraph' }).click();
    await expect.poll(() => title.textContent()).toBe('CND thematic discussions 2021 (III), para. 24');

    expected.push(/404 \(Not Found\)/);
    await page.goto(`${server.url}/#p=no-such-paragraph`);
    await expect.poll(() => page.locator('#sources-body').textContent()).toContain('No paragraph has the id no-such-paragraph');
  });

  it('shows a server or network failure with a retry that works', async () => {
    const page = await open();
    expected.push(/Failed to load resource/);
    await page.route('**/api/ask/stream', (route) => route.abort('connectionrefused'));
    await ask(page, FACT);
    const error = lastTurn(page).locator('.answer--error');
    expect(await error.textContent()).toContain('Could not reach the server');
    expect(await page.locator('#send').isDisabled()).toBe(false);

    await page.unroute('**/api/ask/stream');
    await page.route('**/api/ask/stream', (route) =>
      route.fulfill({
        status: 200,
        contentType: 'text/event-stream',
        body: 'event: error\ndata: {"error":{"code":"internal_error","message":"Something went wrong on the server; the error has been logged"}}\n\n',
      }),
    );
    await error.getByRole('button', { name: 'Try again' }).click();
    await page.locator(FIRST_TURN_DONE).waitFor();
    expect(await lastTurn(page).locator('.answer--error').textContent()).toContain('Something went wrong on the server');

    await page.unroute('**/api/ask/stream');
    await lastTurn(page).getByRole('button', { name: 'Try again' }).click();
    await page.locator('.turn .answer .cite').first().waitFor();
    expect(await page.locator('.turn').count()).toBe(1);
    expect(await lastTurn(page).locator('.answer').textContent()).toContain('Ghislain D’Hoop');
  });

  it('sends with Enter, adds a line with Shift+Enter, and runs the examples of the empty page', async () => {
    const page = await open();
    const input = page.locator('#question');
    await input.pressSequentially('first line');
    await input.press('Shift+Enter');
    await input.pressSequentially('second line');
    expect(await input.inputValue()).toBe('first line\nsecond line');
    expect(await page.locator('.turn').count()).toBe(0);

    await page.locator('.example', { hasText: 'A follow-up' }).click();
    await page.locator('#thread > .turn:nth-child(2)[aria-busy="false"]').waitFor();
    expect(await page.locator('#thread > .turn[aria-busy="false"]').count()).toBe(2);
    expect(await page.locator('.turn .question-text').allTextContents()).toEqual(['What was said about money laundering in 2021?', 'And in 2023?']);
  });

  it('is reachable by keyboard: a skip link to the question box, and Escape closes the phone sources sheet', async () => {
    const page = await open(PHONE);
    await page.keyboard.press('Tab');
    expect(await focusedId(page)).toBe('skip-link');
    await page.keyboard.press('Enter');
    expect(await focusedId(page)).toBe('question');
    await ask(page, FACT);
    await lastTurn(page).locator('.cite').first().focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#sources').isVisible()).toBe(true);
    expect(await focusedId(page)).toBe('source-1');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.evaluate<boolean>(`document.activeElement?.classList.contains('cite') === true`)).toBe(true);
    await expect.poll(() => page.locator('#sources').isVisible()).toBe(false);
  });

  it('fits a 375 px phone without horizontal scrolling, and a desktop; screenshots of both', async () => {
    const phone = await open(PHONE);
    const overflow = () => horizontalOverflow(phone);
    expect(await overflow()).toBeLessThanOrEqual(0);
    await phone.screenshot({ path: path.join(ARTIFACTS, 'phone-empty.png') });
    await ask(phone, 'What was said about drug checking services in 2023?');
    expect(await overflow()).toBeLessThanOrEqual(0);
    await lastTurn(phone).locator('.cite').first().click();
    await phone.mouse.move(0, 0);
    await expect.poll(() => phone.locator('#source-1').isVisible()).toBe(true);
    await phone.waitForTimeout(400); // the sheet slides in
    expect(await overflow()).toBeLessThanOrEqual(0);
    await phone.screenshot({ path: path.join(ARTIFACTS, 'phone.png') });

    const desktop = await open(DESKTOP);
    await ask(desktop, 'How has alternative development been discussed over the years?');
    await lastTurn(desktop).locator('.cite').first().click();
    await desktop.mouse.move(0, 0);
    await desktop.waitForTimeout(400);
    expect(await horizontalOverflow(desktop)).toBeLessThanOrEqual(0);
    await desktop.screenshot({ path: path.join(ARTIFACTS, 'desktop.png') });
  });

  it('is served with a Content-Security-Policy without inline scripts, nosniff and no referrer', async () => {
    const page = await (await browser.newContext()).newPage();
    const response = await page.goto(`${server.url}/`);
    await page.context().close();
    const headers = response!.headers();
    expect(headers['content-type']).toBe('text/html; charset=utf-8');
    const csp = headers['content-security-policy'] ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['referrer-policy']).toBe('no-referrer');
    for (const url of [`${server.url}/api/stats`, `${server.url}/no-such-page`]) {
      const apiHeaders = (await fetch(url)).headers;
      expect(apiHeaders.get('content-security-policy')).toBe(csp);
      expect(apiHeaders.get('x-content-type-options')).toBe('nosniff');
    }
  });
});
