import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Answer, DocumentList, DocumentSummary } from '../../web/src/types.js';
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
const ACROSS_YEARS = 'How has alternative development been discussed over the years?';
const CND_ID = 'cnd-chairs-summaries-2019-2023';
const CND_SYMBOL = 'E/CN.7/2024/CRP.5';
/** A second document the page is told about (by a routed /api/documents); the server does not know it. */
const OTHER: DocumentSummary = {
  id: 'ga-resolution-78-250',
  file: 'ga-resolution-78-250.pdf',
  symbol: 'A/RES/78/250',
  title: 'Addressing and countering the world drug problem through a comprehensive, integrated and balanced approach',
  citationLabel: 'GA resolution 78/250',
  body: 'General Assembly',
  session: 'seventy-eighth session',
  date: '2023-12-22',
  year: 2023,
  years: [2023, 2024],
  paragraphs: 40,
};
const LONG_URL = 'www.unodc.org/unodc/en/commissions/CND/session/66_Session_2023/thematic-sessions.html';

// The test code is type-checked without the DOM library, so what runs in the page is written as expressions
// (evaluate) or selectors (waits): waitForFunction with a string would need eval, which the page's CSP forbids.
const FIRST_TURN_DONE = '#thread > .turn:first-child[aria-busy="false"]';
const focusedId = (page: Page) => page.evaluate<string | undefined>('document.activeElement?.id');
const horizontalOverflow = (page: Page) => page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');

interface Box {
  left: number;
  right: number;
  top: number;
  bottom: number;
  width: number;
  height: number;
}
const BOX = '(r) => ({ left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width, height: r.height })';
/** The boxes of every element matching a selector. */
const boxes = (page: Page, selector: string) =>
  page.evaluate<Box[]>(`[...document.querySelectorAll(${JSON.stringify(selector)})].map((e) => (${BOX})(e.getBoundingClientRect()))`);
/** How far any of the matching elements' content is wider than the element (a long word running out of it). */
const widestOverflow = (page: Page, selector: string) =>
  page.evaluate<number>(`Math.max(0, ...[...document.querySelectorAll(${JSON.stringify(selector)})].map((e) => e.scrollWidth - e.clientWidth))`);
/** An expression of `e` evaluated for every element matching a selector. */
const mapElements = <T>(page: Page, selector: string, expression: string) =>
  page.evaluate<T[]>(`[...document.querySelectorAll(${JSON.stringify(selector)})].map((e) => ${expression})`);
/** WCAG contrast ratio of two computed colours ("rgb(31, 92, 153)"). */
function contrast(a: string, b: string): number {
  const luminance = (color: string) => {
    const [r, g, b] = (color.match(/[\d.]+/g) ?? []).slice(0, 3).map((v) => Number(v) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  };
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light! + 0.05) / (dark! + 0.05);
}
const overlaps = (a: Box, b: Box) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

/** The server's own answer, asked over the JSON API: what the page must show and copy. */
async function apiAnswer(url: string, body: Record<string, unknown>): Promise<Answer> {
  const response = await fetch(`${url}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(response.status).toBe(200);
  return (await response.json()) as Answer;
}

/** Rewrites the data of the answer stream's events on their way to the page (the real answer, edited). */
async function editStream(page: Page, edit: (event: string, data: Record<string, unknown>) => void): Promise<void> {
  await page.route('**/api/ask/stream', async (route) => {
    const response = await route.fetch();
    const blocks = (await response.text()).split('\n\n');
    const edited = blocks.map((block) => {
      const lines = block.split('\n');
      const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
      return lines
        .map((line) => {
          if (!line.startsWith('data: ')) return line;
          const data = JSON.parse(line.slice(6)) as Record<string, unknown>;
          edit(event, data);
          return `data: ${JSON.stringify(data)}`;
        })
        .join('\n');
    });
    await route.fulfill({ response, body: edited.join('\n\n') });
  });
}

/** Tells the page of the indexed documents plus OTHER (and, if given, other examples). */
async function withOtherDocument(page: Page, examples?: DocumentList['examples']): Promise<void> {
  await page.route('**/api/documents', async (route) => {
    const response = await route.fetch();
    const list = (await response.json()) as DocumentList;
    await route.fulfill({ response, json: { documents: [...list.documents, OTHER], examples: examples ?? list.examples } });
  });
}

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
    // Every page of the suite is one client to the server: its rate limit (20 at once) would fail tests by how fast
    // the machine runs them. Rate limiting has tests of its own (test/rate-limit.test.ts, test/serve-protection.test.ts).
    [server, browser] = await Promise.all([startServer(testIndex, 60_000, { RATE_LIMIT_PER_MIN: '0' }), launchChromium()]);
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

  async function open(viewport = DESKTOP, hash = '', prepare?: (page: Page) => Promise<void>): Promise<Page> {
    const context = await browser.newContext({ viewport });
    contexts.push(context);
    const page = await context.newPage();
    await prepare?.(page);
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(`console ${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('dialog', (dialog) => {
      problems.push(`dialog: ${dialog.type()} ${dialog.message()}`);
      void dialog.dismiss();
    });
    await page.goto(`${server.url}/${hash}`);
    // The years come from /api/documents: once they are in the filter, the page has started.
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

  /** The bodies of the page's requests to /api/ask/stream, in the order it sends them. */
  function askBodies(page: Page): Array<Record<string, unknown>> {
    const bodies: Array<Record<string, unknown>> = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/api/ask/stream')) bodies.push(request.postDataJSON() as Record<string, unknown>);
    });
    return bodies;
  }
  const sourceYears = async (page: Page, only = '') =>
    (await page.locator(`#sources-body .source${only} .source-position`).allTextContents()).map((title) => Number(/(\d{4}) ·/.exec(title)?.[1]));

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

    // The card names its document and keeps the short citation, as the server gives them.
    const cited = (await apiAnswer(server.url, { question: FACT })).citations[0]!;
    expect(cited.document).toMatchObject({ id: CND_ID, symbol: CND_SYMBOL, citationLabel: 'CND thematic discussions' });
    const documentLine = card.locator('.source-document');
    expect(await documentLine.textContent()).toBe(`Document: ${CND_SYMBOL} · CND thematic discussions`);
    expect(await documentLine.getAttribute('title')).toBe(cited.document.title);
    expect(await card.locator('.source-citation').textContent()).toBe(`Cite as ${cited.citation}`);
    expect(cited.citation).toContain(CND_SYMBOL);
  });

  it('names the model that answers, and says the small bundled model matches everyday wording less well', async () => {
    const page = await open();
    const line = page.locator('#model-line');
    await expect.poll(() => line.isVisible()).toBe(true);
    expect(await line.locator('.model-name').textContent()).toBe(`Model: ${testIndex.modelId}`);
    expect(await line.locator('.model-note').textContent()).toMatch(/^Small offline model bundled .* everyday wording is matched less well/);
  });

  it('copies the full one-line reference as the citation, and with the quoted text as the quotation', async () => {
    const page = await open();
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    await ask(page, FACT);
    const { reference, citation } = (await apiAnswer(server.url, { question: FACT })).citations[0]!;
    // The reference names the body, session, title, symbol and paragraph: not the short citation.
    expect(reference).toMatch(/^Commission on Narcotic Drugs, .*E\/CN\.7\/2024\/CRP\.5.*para\. 1$/);
    expect(reference).not.toBe(citation);
    const clipboard = () => page.evaluate<string>('navigator.clipboard.readText()');
    await page.locator('#source-1').getByRole('button', { name: 'Copy citation' }).click();
    await expect.poll(clipboard).toBe(reference);
    await page.locator('#source-1').getByRole('button', { name: 'Copy quotation' }).click();
    await expect.poll(clipboard).toMatch(/^.*: "The thematic discussions were chaired by H\.E\. Ambassador Ghislain D’Hoop \(Belgium\), [^"]*"$/);
    expect((await clipboard()).startsWith(`${reference}: "`)).toBe(true);
  });

  it('applies the year filter to the next questions and shows it while active', async () => {
    const page = await open();
    expect(await page.locator('#year option').allTextContents()).toEqual(['All years', '2019', '2020', '2021', '2022', '2023']);
    expect(await page.locator('#filter-note').isVisible()).toBe(false);
    await page.locator('#year').selectOption('2021');
    expect(await page.locator('#filter-note').textContent()).toContain('only paragraphs from 2021 are searched');

    await ask(page, 'What was said about money laundering?');
    expect(await lastTurn(page).locator('.badge').textContent()).toBe('2021 only');
    const years = await sourceYears(page);
    expect(years.length).toBeGreaterThan(0);
    expect(years.every((year) => year === 2021)).toBe(true);
    const sentenceMarkers = await lastTurn(page).locator('.cite').count();
    expect(sentenceMarkers).toBeGreaterThan(0);

    await page.locator('#filter-note').getByRole('button', { name: 'Search all years' }).click();
    expect(await page.locator('#year').inputValue()).toBe('');
    expect(await page.locator('#filter-note').isVisible()).toBe(false);
  });

  it('names the one indexed document in the header, the title, the description and the composer, with its examples', async () => {
    const list = (await (await fetch(`${server.url}/api/documents`)).json()) as DocumentList;
    expect(list.documents.map((document) => document.id)).toEqual([CND_ID]);
    const [cnd] = list.documents;
    const page = await open();
    expect(await page.locator('#corpus-heading').textContent()).toBe(cnd!.citationLabel);
    expect(await page.locator('#corpus-line').textContent()).toBe(`${CND_SYMBOL} · 2019–2023 · ${cnd!.paragraphs} paragraphs`);
    expect(await page.title()).toBe('CND thematic discussions · cited answers');
    expect(await page.locator('meta[name="description"]').getAttribute('content')).toBe(`Cited answers from ${CND_SYMBOL}, “${cnd!.title}”, 2019–2023.`);
    // One document: named, not offered as a select with one option.
    expect(await page.locator('#document-filter').isVisible()).toBe(false);
    expect(await page.locator('#document-only').textContent()).toBe(`Searching ${CND_SYMBOL}`);
    expect(await page.locator('#document-only [title]').getAttribute('title')).toBe(cnd!.title);
    // The examples are the server's.
    const shown = await mapElements<string[]>(page, '.empty .example', '[...e.querySelectorAll(".example-use, .example-question")].map((s) => s.textContent)');
    expect(list.examples.length).toBeGreaterThanOrEqual(5);
    expect(shown).toEqual(list.examples.map((example) => [example.use, ...example.questions.map((question, i) => (i > 0 ? `then: ${question}` : question))]));
  });

  it('offers a document filter when there are several documents, sends it, and New chat clears both filters', async () => {
    const examples = [{ use: 'From the routed list', questions: ['What was said about drug checking services in 2023?'] }];
    const page = await open(DESKTOP, '', (page) => withOtherDocument(page, examples));
    const bodies = askBodies(page);
    // Header, title and examples follow the documents the server lists (here, routed).
    expect(await page.locator('#corpus-heading').textContent()).toBe('2 UN documents · 2019–2024');
    expect(await page.locator('#corpus-line').textContent()).toMatch(/^Commission on Narcotic Drugs and General Assembly · \d+ paragraphs$/);
    expect(await page.title()).toBe('2 UN documents · cited answers');
    expect(await page.locator('meta[name="description"]').getAttribute('content')).toBe('Cited answers from 2 UN documents of the Commission on Narcotic Drugs and General Assembly, 2019–2024.');
    expect(await page.locator('.empty .example-use').allTextContents()).toEqual(['From the routed list']);
    expect(await page.locator('.empty .document-list li').count()).toBe(2);

    expect(await page.locator('#document-only').isVisible()).toBe(false);
    expect(await page.locator('#document option').allTextContents()).toEqual(['All documents', CND_SYMBOL, 'A/RES/78/250']);
    expect(await page.locator(`#document option[value="${OTHER.id}"]`).getAttribute('title')).toBe(OTHER.title);
    // The years are the union of the documents' years, then the chosen document's.
    expect(await page.locator('#year option').allTextContents()).toEqual(['All years', '2019', '2020', '2021', '2022', '2023', '2024']);
    await page.locator('#document').selectOption(CND_ID);
    expect(await page.locator('#year option').allTextContents()).toEqual(['All years', '2019', '2020', '2021', '2022', '2023']);
    await page.locator('#year').selectOption('2021');
    expect(await page.locator('#filter-note').textContent()).toContain(`only paragraphs from 2021 in ${CND_SYMBOL} are searched`);

    await ask(page, 'What was said about money laundering?');
    expect(bodies.at(-1)).toMatchObject({ question: 'What was said about money laundering?', year: 2021, document: CND_ID });
    expect(await lastTurn(page).locator('.badge').allTextContents()).toEqual([`${CND_SYMBOL} only`, '2021 only']);
    const documents = await mapElements<string>(page, '#sources-body .source .source-document', 'e.dataset.document');
    expect(documents.length).toBeGreaterThan(0);
    expect(new Set(documents)).toEqual(new Set([CND_ID]));

    // New chat starts from everything: both filters reset, and the next question is sent without them.
    await page.locator('#new-chat').click();
    expect(await page.locator('#year').inputValue()).toBe('');
    expect(await page.locator('#document').inputValue()).toBe('');
    expect(await page.locator('#filter-note').isVisible()).toBe(false);
    await ask(page, 'What was said about money laundering?');
    expect(bodies.at(-1)).toEqual({ question: 'What was said about money laundering?', history: [] });
    await page.reload();
    await page.locator('#document option[value=""]').waitFor({ state: 'attached' });
    expect(await page.locator('#document').inputValue()).toBe('');

    // A document the server does not know: its 400 says which ones it does.
    expected.push(/400 \(Bad Request\)/);
    await page.locator('#document').selectOption(OTHER.id);
    await ask(page, 'What was said about money laundering?');
    expect(bodies.at(-1)).toMatchObject({ document: OTHER.id });
    const error = await lastTurn(page).locator('.answer--error').textContent();
    expect(error).toContain('The server could not accept this question');
    expect(error).toMatch(new RegExp(`${CND_ID}|${CND_SYMBOL.replaceAll('.', '\\.')}`));
  });

  it('resets the year filter with New chat', async () => {
    const page = await open();
    await page.locator('#year').selectOption('2022');
    await ask(page, FACT);
    await page.locator('#new-chat').click();
    expect(await page.locator('#year').inputValue()).toBe('');
    expect(await page.locator('#filter-note').isVisible()).toBe(false);
    await page.reload();
    await page.locator('#year option[value="2023"]').waitFor({ state: 'attached' });
    expect(await page.locator('#year').inputValue()).toBe('');
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
    await ask(page, ACROSS_YEARS);
    const labels = await lastTurn(page).locator('.timeline .year-label').allTextContents();
    expect(labels.length).toBeGreaterThan(1);
    expect(labels.map(Number)).toEqual([...labels.map(Number)].sort((a, b) => a - b));
  });

  it('names the years its quotes are from above an answer to a question that names none', async () => {
    const page = await open();
    const question = 'Is anyone worried about fentanyl?';
    await ask(page, question);
    const years = (await apiAnswer(server.url, { question })).answer.sentences.map((sentence) => sentence.year!).sort();
    expect(years.length).toBeGreaterThan(0);
    const label = await lastTurn(page).locator('.answer-label').textContent();
    expect(label).toMatch(/^(?:Answer|Summary) · (?:\d{4}(?:, |–)?)+$/);
    expect(label).toContain(String(years[0]));
    expect(label).toContain(String(years.at(-1)));
  });

  it('charts the paragraphs of an answer across years; a bar picks out that year\'s quotes and sources', async () => {
    const page = await open();
    await ask(page, ACROSS_YEARS);
    const answer = await apiAnswer(server.url, { question: ACROSS_YEARS });
    const perYear = new Map<number | null, number>();
    for (const citation of answer.citations) perYear.set(citation.year, (perYear.get(citation.year) ?? 0) + 1);
    expect(perYear.size).toBeGreaterThan(1);
    const chart = lastTurn(page).locator('.spread');
    const bars = chart.locator('.spread-bars--years .spread-bar');
    const expectedLabels = [...perYear.entries()]
      .sort(([a], [b]) => (a ?? Infinity) - (b ?? Infinity))
      .map(([year, count]) => `${year ?? 'Undated'}: ${count} ${count === 1 ? 'paragraph' : 'paragraphs'}`);
    expect(await mapElements<string>(page, '.turn:last-child .spread-bars--years .spread-bar', 'e.getAttribute("aria-label")')).toEqual(expectedLabels);
    // One document: no second grouping.
    expect(await chart.locator('.spread-bars--documents').count()).toBe(0);
    // The bars' heights follow the counts.
    const heights = await boxes(page, '.turn:last-child .spread-bars--years .spread-fill');
    const counts = [...perYear.entries()].sort(([a], [b]) => (a ?? Infinity) - (b ?? Infinity)).map(([, count]) => count);
    const max = Math.max(...counts);
    counts.forEach((count, i) => expect(heights[i]!.height).toBeCloseTo((count / max) * heights.reduce((m, b) => Math.max(m, b.height), 0), 0));

    // Choose a year: its quotes stand out, the rest recede, the first is in view, the panel shows only its sources.
    const [year, count] = [...perYear.entries()].find(([y]) => y !== null && y !== answer.answer.sentences[0]!.year) ?? [...perYear.entries()][1]!;
    const bar = chart.locator(`.spread-bar[data-bar="year:${year}"]`);
    await bar.click();
    expect(await bar.getAttribute('aria-pressed')).toBe('true');
    const focused = lastTurn(page).locator('.sentence.is-focus');
    expect(await focused.count()).toBeGreaterThan(0);
    expect(new Set(await mapElements<string>(page, '.turn:last-child .sentence.is-focus', 'e.dataset.year'))).toEqual(new Set([String(year)]));
    expect(await lastTurn(page).locator('.sentence:not(.is-focus):not(.is-dimmed)').count()).toBe(0);
    await expect
      .poll(async () => {
        const [first] = await boxes(page, '.turn:last-child .sentence.is-focus');
        const [frame] = await boxes(page, '#conversation-scroll');
        return first!.top >= frame!.top && first!.bottom <= frame!.bottom;
      })
      .toBe(true);
    expect(await page.locator('#sources-body .source:visible').count()).toBe(count);
    expect(new Set(await sourceYears(page, ':visible'))).toEqual(new Set([year]));
    expect(await page.locator('.panel-focus').textContent()).toContain(`from ${year}`);
    await expect.poll(() => page.locator('#announcer').textContent()).toBe(`Showing ${year}: ${count} ${count === 1 ? 'paragraph' : 'paragraphs'}.`);

    // Choose it again: everything again.
    await bar.click();
    expect(await bar.getAttribute('aria-pressed')).toBe('false');
    expect(await lastTurn(page).locator('.sentence.is-focus, .sentence.is-dimmed').count()).toBe(0);
    expect(await page.locator('#sources-body .source:visible').count()).toBe(answer.citations.length);

    // One year, one document: nothing to chart (asked afresh, not as a follow-up).
    await page.locator('#new-chat').click();
    await ask(page, FACT);
    expect(new Set((await apiAnswer(server.url, { question: FACT })).citations.map((citation) => citation.year)).size).toBe(1);
    expect(await lastTurn(page).locator('.answer .cite').count()).toBeGreaterThan(0);
    expect(await lastTurn(page).locator('.spread').count()).toBe(0);
  });

  it('shows quotes without list bullets, wraps a long URL, keeps "Undated" clear of its dot, with markers of 24 × 24 px on a phone', async () => {
    // The real answer, edited on its way: a bullet before the first quote, a long URL in and at the end of
    // quotes, and the last quote undated.
    const edit = (sentence: Record<string, unknown>, index: number, total: number) => {
      if (index === 0) sentence.text = `• ${String(sentence.text)} See ${LONG_URL}`;
      if (index === 1) sentence.text = `Available at ${LONG_URL}, as announced. ${String(sentence.text)}`;
      if (index === total - 1) sentence.year = null;
    };
    let total = 0;
    const prepare = (page: Page) =>
      editStream(page, (event, data) => {
        if (event === 'sentence') edit(data, data.index as number, total);
        if (event === 'done') {
          const sentences = (data.answer as { sentences: Array<Record<string, unknown>> }).sentences;
          sentences.forEach((sentence, i) => edit(sentence, i, sentences.length));
        }
      });
    total = (await apiAnswer(server.url, { question: ACROSS_YEARS })).answer.sentences.length;
    expect(total).toBeGreaterThan(2);

    for (const viewport of [PHONE, DESKTOP]) {
      const page = await open(viewport, '', prepare);
      await ask(page, ACROSS_YEARS);
      const sentences = await lastTurn(page).locator('.sentence').allTextContents();
      expect(sentences).toHaveLength(total);
      expect(sentences[0]).toMatch(/^“[^•\s]/);
      expect(sentences.some((text) => /^“\s*[•▪-]/.test(text))).toBe(false);
      expect(sentences[0]).toContain(LONG_URL);

      // Nothing runs out of the answer card, nor the page.
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      expect(await widestOverflow(page, '.answer, .quotes, .quotes li, .timeline-year')).toBeLessThanOrEqual(0);
      const [card] = await boxes(page, '.turn:last-child .answer');
      for (const sentence of await boxes(page, '.turn:last-child .sentence')) expect(sentence.right).toBeLessThanOrEqual(card!.right + 0.5);

      // The undated group's label and its dot do not overlap.
      const label = lastTurn(page).locator('.timeline .year-label').last();
      expect(await label.textContent()).toBe('Undated');
      const undated = '.turn:last-child .timeline-year:last-child';
      const [text] = await mapElements<Box>(page, `${undated} .year-label`, `(() => { const r = document.createRange(); r.selectNodeContents(e); return (${BOX})(r.getBoundingClientRect()); })()`);
      const [dot] = await boxes(page, `${undated} .timeline-dot`);
      expect(text!.width).toBeGreaterThan(0);
      expect(dot!.width).toBeGreaterThan(0);
      expect(overlaps(text!, dot!), `label ${JSON.stringify(text)}, dot ${JSON.stringify(dot)}`).toBe(false);

      if (viewport === PHONE) {
        const markers = await boxes(page, '.turn:last-child .cite');
        expect(markers.length).toBeGreaterThan(0);
        for (const marker of markers) {
          expect(marker.width).toBeGreaterThanOrEqual(24);
          expect(marker.height).toBeGreaterThanOrEqual(24);
        }
      }
    }
  });

  it('shows the three kinds of reply apart: an answer, related passages that are not an answer, and a question not covered', async () => {
    const page = await open();
    const bodies = askBodies(page);
    const RELATED = 'How many drug deaths were there in 2020?';
    const NOT_COVERED = 'Who painted the Mona Lisa?';
    const turns = page.locator('.turn');

    await ask(page, RELATED);
    // What the server says of the question, asked as the page asked it: related (the topic, not the number).
    const related = await apiAnswer(server.url, bodies.at(-1)!);
    expect(related).toMatchObject({ status: 'related', reason: 'not-stated', abstained: true, citations: [] });
    expect(related.related!.length).toBeGreaterThan(0);
    const relatedTurn = turns.nth(0);
    const relatedReply = relatedTurn.locator('.answer');
    expect(await relatedReply.getAttribute('data-status')).toBe('related');
    expect(await relatedReply.locator('.abstention-title').textContent()).toBe('Related, not an answer');
    expect(await relatedReply.locator('h3.abstention-title').count()).toBe(1);
    expect(await relatedReply.locator('.abstention-message').textContent()).toBe(related.answer.text);
    expect(await relatedReply.locator('.cite').count()).toBe(0);
    expect(await relatedReply.locator('.answer-label').count()).toBe(0);
    // Listed as related passages: each by its position, topic and opening words, none as a source of an answer.
    expect(await relatedReply.locator('.related-title').textContent()).toMatch(/^Related passages/);
    const passages = relatedReply.locator('.related-passage');
    expect(await passages.count()).toBe(related.related!.length);
    expect(await passages.first().locator('.related-excerpt').textContent()).toContain(related.related![0]!.text.slice(0, 40));
    expect(await passages.first().locator('button').getAttribute('aria-label')).toBe(related.related![0]!.citation);
    expect(await relatedReply.getByRole('button', { name: `Related passages (${related.related!.length})` }).count()).toBe(1);
    expect(await relatedReply.getByRole('button', { name: 'Copy answer' }).count()).toBe(0);
    expect(await page.locator('#sources-title').textContent()).toBe(`Related passages · ${related.related!.length}`);
    expect(await page.locator('.panel-for').textContent()).toBe(`Related to, but not answering: ${RELATED}`);
    await expect.poll(() => page.locator('#announcer').textContent()).toBe(`Related, not an answer. ${related.answer.text} ${related.related!.length} related passages.`);
    // The figure's year is searched onwards; the badge says so.
    expect(related.span).toEqual({ from: 2020, to: null });
    expect(await relatedTurn.locator('.badge--span').textContent()).toBe('Years searched: 2020 onwards');
    await passages.first().locator('button').click();
    expect(await page.locator('#source-1.is-selected').count()).toBe(1);

    await ask(page, FACT);
    await ask(page, NOT_COVERED);
    const notCovered = await apiAnswer(server.url, bodies.at(-1)!);
    expect(notCovered).toMatchObject({ status: 'not_covered', reason: 'unknown-words' });
    const notCoveredReply = turns.nth(2).locator('.answer');
    expect(await notCoveredReply.getAttribute('data-status')).toBe('not_covered');
    expect(await notCoveredReply.locator('.abstention-title').textContent()).toBe('Not covered by the documents');
    expect(await notCoveredReply.locator('.abstention-message').textContent()).toBe(notCovered.answer.text);
    expect(await notCoveredReply.locator('.related-title').textContent()).toBe('Closest paragraphs, for you to judge:');
    expect(await notCoveredReply.locator('.related li').count()).toBe(notCovered.related!.length);
    expect(await notCoveredReply.locator('.cite').count()).toBe(0);
    expect(await page.locator('#sources-title').textContent()).toBe(`Closest paragraphs · ${notCovered.related!.length}`);
    await expect.poll(() => page.locator('#announcer').textContent()).toMatch(/^Not covered by the documents\. The documents do not mention what this question is about/);

    // Three looks: the background and the edge of each kind differ.
    const looks = await mapElements<string>(page, '.turn .answer', 'getComputedStyle(e).backgroundColor + " " + getComputedStyle(e).borderLeftStyle + " " + getComputedStyle(e).borderLeftColor');
    expect(looks).toHaveLength(3);
    expect(new Set(looks).size).toBe(3);
    expect(await turns.nth(1).locator('.answer').getAttribute('data-status')).toBe('answered');
    expect(await turns.nth(1).locator('.abstention-title').count()).toBe(0);
    expect(await turns.nth(1).locator('.answer .cite').count()).toBeGreaterThan(0);
    // None of the three was read as a follow-up of another.
    expect(await page.locator('.turn .resolved').count()).toBe(0);
    // The titles are readable on their backgrounds (4.5:1) in both schemes.
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const selector of ['.answer--related', '.answer--not-covered']) {
        const [text, background] = await page.evaluate<[string, string]>(
          `[getComputedStyle(document.querySelector('${selector} .abstention-title')).color, getComputedStyle(document.querySelector('${selector}')).backgroundColor]`,
        );
        expect(contrast(text, background), `${selector} in ${scheme}`).toBeGreaterThanOrEqual(4.5);
      }
    }
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('answers a question in another language, saying in it which English words were searched', async () => {
    const page = await open();
    const SPANISH = '¿Qué se dijo sobre la pena de muerte en 2022?';
    await ask(page, SPANISH);
    const reply = await apiAnswer(server.url, { question: SPANISH, history: [] });
    expect(reply.status).toBe('answered');
    const turn = lastTurn(page);
    expect(await turn.locator('.answer').getAttribute('data-status')).toBe('answered');
    const note = turn.locator('.reading-note[data-note="language"]');
    const spanish = note.locator('.language-reply');
    expect(await spanish.textContent()).toBe(reply.language!.reply);
    expect(await spanish.getAttribute('lang')).toBe('es');
    expect(await note.locator('q').textContent()).toBe(reply.language!.searchedAs);
    expect(await note.textContent()).toContain('Asked in Spanish: the documents are in English, so it was searched as the English words');
    expect(await turn.locator('.question-text').getAttribute('lang')).toBe('es');
    // It is no follow-up: nothing offers to ask it as a new question.
    expect(await turn.locator('[data-reask="standalone"]').count()).toBe(0);
    // The answer quotes the English record, with its citations.
    expect((await turn.locator('.answer').textContent())!.toLowerCase()).toContain('death penalty');
  });

  it('shows a reply to a question in another language it cannot read in that language, marked with it, and the English sentence', async () => {
    const page = await open();
    const SPANISH = '¿Los vecinos del barrio opinan que su alcalde trabaja bien?';
    await ask(page, SPANISH);
    const reply = await apiAnswer(server.url, { question: SPANISH, history: [] });
    expect(reply).toMatchObject({ status: 'not_covered', reason: 'other-language', language: { code: 'es', name: 'Spanish' } });
    const turn = lastTurn(page);
    expect(await turn.locator('.answer').getAttribute('data-status')).toBe('not_covered');
    expect(await turn.locator('.abstention-title').textContent()).toBe('Not covered by the documents');
    const spanish = turn.locator('.language-reply');
    expect(await spanish.textContent()).toBe(reply.language!.reply);
    expect(await spanish.getAttribute('lang')).toBe('es');
    expect(await spanish.getAttribute('dir')).toBe('ltr');
    expect(await turn.locator('.language-note').textContent()).toBe('This question seems to be in Spanish; the documents are in English and the search reads English only.');
    expect(await turn.locator('.question-text').getAttribute('lang')).toBe('es');
    // Read out with the Spanish part in Spanish.
    await expect.poll(() => page.locator('#announcer span[lang="es"]').textContent()).toBe(reply.language!.reply);
    expect(await page.locator('#announcer').textContent()).toMatch(/^Not covered by the documents\. Los documentos .* This question seems to be in Spanish/);

    // Arabic runs right to left, the question too.
    const ARABIC = 'هل يعمل رئيس البلدية جيدا في الحي؟';
    await ask(page, ARABIC);
    const arabic = lastTurn(page).locator('.language-reply');
    expect(await arabic.getAttribute('lang')).toBe('ar');
    expect(await arabic.getAttribute('dir')).toBe('rtl');
    expect(await lastTurn(page).locator('.question-text').getAttribute('dir')).toBe('rtl');
    expect(await page.evaluate<string>(`getComputedStyle(document.querySelector('.turn:last-child .language-reply')).direction`)).toBe('rtl');
  });

  it('names the years a question compares, and says which never speak of its topic, above the quotes', async () => {
    const page = await open();
    await ask(page, 'Compare what was said about fentanyl in 2022 and 2023');
    expect(await lastTurn(page).locator('.question-meta .badge').allTextContents()).toContain('Years searched: 2022 and 2023 compared');
    const note = lastTurn(page).locator('.reading-note[data-note="compared"]');
    expect(await note.textContent()).toBe('The 2022 discussions do not mention “fentanyl”: nothing of theirs is quoted.');
    const [noteBox] = await boxes(page, '.turn:last-child .reading-note');
    const [answerBox] = await boxes(page, '.turn:last-child .answer');
    expect(noteBox!.bottom).toBeLessThanOrEqual(answerBox!.top);
    await expect.poll(() => page.locator('#announcer').textContent()).toMatch(/^The 2022 discussions do not mention “fentanyl”: nothing of theirs is quoted\. Answer: /);
  });

  it('says which words a misspelt question was read as, and searches the words as typed on request, in place', async () => {
    const page = await open();
    const bodies = askBodies(page);
    await ask(page, 'naloxne kits');
    expect(bodies.at(-1)).toEqual({ question: 'naloxne kits', history: [] });
    const note = lastTurn(page).locator('.reading-note[data-note="spelling"]');
    expect(await note.locator('span').first().textContent()).toBe('Showing results for naloxone kits');
    expect(await note.locator('.corrected').allTextContents()).toEqual(['naloxone']);
    // Above the answer, which quotes what the corrected words find.
    const [noteBox] = await boxes(page, '.turn:last-child .reading-note');
    const [answerBox] = await boxes(page, '.turn:last-child .answer');
    expect(noteBox!.bottom).toBeLessThanOrEqual(answerBox!.top);
    expect(await lastTurn(page).locator('.answer').getAttribute('data-status')).toBe('answered');
    expect(await lastTurn(page).locator('.answer').textContent()).toMatch(/naloxone/i);
    await expect.poll(() => page.locator('#announcer').textContent()).toMatch(/^Showing results for naloxone kits\. Answer: /);

    const typed = note.getByRole('button', { name: 'Search for naloxne kits instead' });
    await typed.click();
    await page.locator(FIRST_TURN_DONE).waitFor();
    expect(bodies.at(-1)).toEqual({ question: 'naloxne kits', history: [], asTyped: true });
    // The same turn, answered again for the words as typed.
    expect(await page.locator('.turn').count()).toBe(1);
    expect(await lastTurn(page).locator('.reading-note[data-note="spelling"]').count()).toBe(0);
    const asTyped = lastTurn(page).locator('.reading-note[data-note="as-typed"]');
    expect(await asTyped.locator('span').first().textContent()).toBe('Searched for naloxne kits as typed.');
    // As typed, "naloxne" is a word nothing knows, and it carries most of the question: the reply says so.
    expect(await lastTurn(page).locator('.answer').getAttribute('data-status')).toBe('not_covered');
    expect(await lastTurn(page).locator('.answer').textContent()).toContain('“naloxne”');
    // Focus, lost with the button, is on the one that goes back.
    expect(await page.evaluate<string | null>('document.activeElement?.dataset.reask ?? null')).toBe('as-corrected');

    // Over a reload, then back to the corrected reading.
    await page.reload();
    await lastTurn(page).locator('.reading-note[data-note="as-typed"]').waitFor();
    await lastTurn(page).getByRole('button', { name: 'Show results for naloxone kits' }).click();
    await page.locator(FIRST_TURN_DONE).waitFor();
    expect(bodies.at(-1)).toEqual({ question: 'naloxne kits', history: [] });
    expect(await lastTurn(page).locator('.reading-note[data-note="spelling"]').count()).toBe(1);
    expect(await page.locator('.turn').count()).toBe(1);
  });

  it('says when the question names another year than the filter, and answers for the other one on request', async () => {
    const page = await open();
    const bodies = askBodies(page);
    const QUESTION = 'What was said about money laundering in 2021?';
    await page.locator('#year').selectOption('2020');
    await ask(page, QUESTION);
    expect(bodies.at(-1)).toEqual({ question: QUESTION, year: 2020, history: [] });
    const note = () => lastTurn(page).locator('.reading-note[data-note="year"]');
    expect(await note().locator('span').textContent()).toBe('Your question names 2021, so 2021 was searched, not the year filter (2020).');
    expect(await lastTurn(page).locator('.badge').allTextContents()).toEqual(['2021 only']);
    expect(new Set(await sourceYears(page))).toEqual(new Set([2021]));
    await expect.poll(() => page.locator('#announcer').textContent()).toMatch(/^Your question names 2021, so 2021 was searched, not the year filter \(2020\)\. Answer: /);

    // The filter's year instead: asked again in place, keeping the filter.
    await note().getByRole('button', { name: 'Search 2020 instead' }).click();
    await page.locator(FIRST_TURN_DONE).waitFor();
    expect(bodies.at(-1)).toEqual({ question: QUESTION, year: 2020, history: [], keepFilterYear: true });
    expect(await page.locator('.turn').count()).toBe(1);
    expect(await note().locator('span').textContent()).toBe('The year filter (2020) was kept, so 2020 was searched, not 2021, which your question names.');
    expect(await lastTurn(page).locator('.badge').allTextContents()).toEqual(['2020 only']);
    const years = await sourceYears(page);
    expect(years.length).toBeGreaterThan(0);
    expect(new Set(years)).toEqual(new Set([2020]));
    expect(await page.evaluate<string | null>('document.activeElement?.dataset.reask ?? null')).toBe('question-year');

    // And back: the filter becomes the question's year, so nothing conflicts.
    await note().getByRole('button', { name: 'Set the filter to 2021 and search again' }).click();
    await page.locator(FIRST_TURN_DONE).waitFor();
    expect(await page.locator('#year').inputValue()).toBe('2021');
    expect(bodies.at(-1)).toEqual({ question: QUESTION, year: 2021, history: [] });
    expect(await note().count()).toBe(0);
    expect(new Set(await sourceYears(page))).toEqual(new Set([2021]));
    expect(await page.locator('.turn').count()).toBe(1);
  });

  it('answers "Hi" with what the assistant does, not as a question the documents fail to cover', async () => {
    const page = await open();
    await ask(page, 'Hi');
    const turn = lastTurn(page);
    expect(await turn.locator('.answer').getAttribute('data-reason')).toBe('not-a-question');
    expect(await turn.locator('.abstention-title').textContent()).toBe('About this assistant');
    expect(await turn.locator('.abstention-message').textContent()).toMatch(/^Hello\. Ask a question about the documents/);
    expect(await turn.locator('.related').count()).toBe(0);
    expect(await page.locator('#sources-body .panel-note').textContent()).toMatch(/^The paragraphs an answer quotes appear here/);
  });

  it('offers the years that speak of a follow-up\'s topic when its year does not, each asked as a follow-up', async () => {
    const page = await open();
    const bodies = askBodies(page);
    const FIRST = 'What was said about drug checking services in 2023?';
    await ask(page, FIRST);
    await ask(page, 'And in 2021?');
    const reply = await apiAnswer(server.url, bodies.at(-1)!);
    expect(reply).toMatchObject({ status: 'not_covered', reason: 'topic-not-in-year', otherYears: [2023] });
    const turn = lastTurn(page);
    expect(await turn.locator('.answer').getAttribute('data-reason')).toBe('topic-not-in-year');
    expect(await turn.locator('.abstention-message').textContent()).toBe(reply.answer.text);
    const group = turn.getByRole('group', { name: 'Ask about that year:' });
    expect(await group.getByRole('button').allTextContents()).toEqual(['And in 2023?']);
    expect(await page.locator('#sources-body .panel-note').textContent()).toBe('No paragraph comes close enough to show.');
    await group.getByRole('button', { name: 'And in 2023?' }).click();
    await page.locator('#thread > .turn:nth-child(3)[aria-busy="false"]').waitFor();
    expect(bodies.at(-1)).toEqual({ question: 'And in 2023?', history: [{ question: FIRST }, { question: 'And in 2021?' }] });
    expect(await lastTurn(page).locator('.answer').getAttribute('data-status')).toBe('answered');
    expect(await lastTurn(page).locator('.resolved').textContent()).toBe(`Searched as: ${FIRST}`);
  });

  it('asks a follow-up again as a new question, without the earlier ones, and back', async () => {
    const page = await open();
    const bodies = askBodies(page);
    const FIRST = 'What was said about drug treatment in 2020?';
    await ask(page, FIRST);
    await ask(page, 'What about women?');
    expect(await lastTurn(page).locator('.resolved').textContent()).toBe('Searched as: What was said about drug treatment and women in 2020?');
    await lastTurn(page).getByRole('button', { name: 'Ask as a new question' }).click();
    await page.locator('#thread > .turn:nth-child(2)[aria-busy="false"]').waitFor();
    expect(bodies.at(-1)).toEqual({ question: 'What about women?', history: [] });
    expect(await page.locator('.turn').count()).toBe(2);
    expect(await lastTurn(page).locator('.resolved').textContent()).toBe('Asked as a new question, without the earlier ones.');
    expect(await lastTurn(page).locator('.badge').count()).toBe(0);
    // Asked alone, it is not kept to 2020.
    expect(new Set(await sourceYears(page)).size).toBeGreaterThan(1);
    expect(await page.evaluate<string | null>('document.activeElement?.dataset.reask ?? null')).toBe('follow-up');
    await lastTurn(page).getByRole('button', { name: 'Ask as a follow-up' }).click();
    await page.locator('#thread > .turn:nth-child(2)[aria-busy="false"]').waitFor();
    expect(bodies.at(-1)).toEqual({ question: 'What about women?', history: [{ question: FIRST }] });
    expect(await lastTurn(page).locator('.resolved').textContent()).toBe('Searched as: What was said about drug treatment and women in 2020?');
  });

  it('badges a question that spans several years with the years searched', async () => {
    const page = await open();
    // "Over the years" searches every year, as no year would: nothing narrows it, so there is no badge.
    await ask(page, ACROSS_YEARS);
    expect(await lastTurn(page).locator('.badge--span').count()).toBe(0);
    await ask(page, 'How has alternative development been discussed since 2021?');
    expect(await lastTurn(page).locator('.badge--span').textContent()).toBe('Years searched: 2021 onwards');
    expect(await lastTurn(page).locator('.badge--span').getAttribute('title')).toBe('Years searched');
    await ask(page, 'How did the discussion of alternative development change between 2019 and 2021?');
    expect(await lastTurn(page).locator('.badge--span').textContent()).toBe('Years searched: 2019–2021');
    await ask(page, FACT);
    expect(await lastTurn(page).locator('.badge--span').count()).toBe(0);
  });

  it('fits the replies that are not answers, and the notes on a question, in a 375 px phone', async () => {
    const page = await open(PHONE);
    await page.locator('#year').selectOption('2020');
    await ask(page, 'What was said about money laundering in 2021?');
    await page.locator('#year').selectOption('');
    await ask(page, 'How many drug deaths were there in 2020?');
    await page.locator('#year').selectOption('2020');
    await ask(page, 'naloxne kits in 2021');
    // Not covered in 2021, the year the question names: the filter's year is not said to have narrowed the search.
    expect(await lastTurn(page).locator('.answer').getAttribute('data-status')).toBe('not_covered');
    expect(await lastTurn(page).locator('.reading-note').count()).toBe(2);
    expect(await lastTurn(page).locator('.hint').count()).toBe(0);
    await page.locator('#year').selectOption('');
    await ask(page, '¿Qué se dijo sobre el desarrollo alternativo?');
    expect(await page.locator('.answer--related').count()).toBe(1);
    // Its note says it was searched as English words: the fourth note of the conversation.
    expect(await lastTurn(page).locator('.reading-note[data-note="language"]').count()).toBe(1);
    expect(await page.locator('.reading-note').count()).toBe(4);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    expect(await widestOverflow(page, '.answer, .reading-note, .related-passage, .related-head')).toBeLessThanOrEqual(0);
    // The buttons that ask again are targets 24 px high at least (WCAG 2.5.8).
    const targets = await boxes(page, '.reask');
    expect(targets.length).toBeGreaterThanOrEqual(2);
    for (const box of targets) expect(box.height).toBeGreaterThanOrEqual(24);
    await lastTurn(page).scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(ARTIFACTS, 'phone-replies.png') });
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
    const short = (n: number) => `${CND_SYMBOL}, para. ${n} (CND thematic discussions 2021, III)`;
    await expect.poll(() => title.textContent()).toBe(short(24));
    expect(await page.locator('#sources-body .source-document').textContent()).toBe(`Document: ${CND_SYMBOL} · CND thematic discussions`);
    expect(await page.locator('#sources-body .source-reference').textContent()).toMatch(/^Commission on Narcotic Drugs, .*para\. 24$/);
    expect(await page.locator('#sources-body .source-text').textContent()).toContain('UNODC emphasized the importance of comparing confiscated proceeds');
    await page.getByRole('link', { name: 'Next paragraph →' }).click();
    await expect.poll(() => title.textContent()).toBe(short(25));
    expect(page.url()).toContain('#p=cnd-chairs-summaries-2019-2023.III.25');
    await page.getByRole('link', { name: '← Previous paragraph' }).click();
    await expect.poll(() => title.textContent()).toBe(short(24));

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
    await ask(phone, ACROSS_YEARS);
    expect(await lastTurn(phone).locator('.spread').isVisible()).toBe(true);
    expect(await overflow()).toBeLessThanOrEqual(0);
    await phone.screenshot({ path: path.join(ARTIFACTS, 'phone-chart.png') });
    // The chart's bars stand out from its background (3:1, WCAG 1.4.11) in both colour schemes.
    const barColours = () =>
      phone.evaluate<[string, string]>(`[getComputedStyle(document.querySelector('.spread-fill')).backgroundColor, getComputedStyle(document.querySelector('.spread')).backgroundColor]`);
    expect(contrast(...(await barColours()))).toBeGreaterThanOrEqual(3);
    await phone.emulateMedia({ colorScheme: 'dark' });
    const [darkFill, darkBackground] = await barColours();
    expect(darkBackground).not.toBe('rgb(251, 250, 247)');
    expect(contrast(darkFill, darkBackground)).toBeGreaterThanOrEqual(3);
    await lastTurn(phone).locator('.spread-bar').last().click();
    await phone.waitForTimeout(500); // the thread scrolls smoothly to the year's first quote
    expect(await overflow()).toBeLessThanOrEqual(0);
    await phone.screenshot({ path: path.join(ARTIFACTS, 'phone-chart-dark.png') });
    await phone.emulateMedia({ colorScheme: 'light' });
    await ask(phone, 'What was said about drug checking services in 2023?');
    expect(await overflow()).toBeLessThanOrEqual(0);
    await lastTurn(phone).locator('.cite').first().click();
    await phone.mouse.move(0, 0);
    await expect.poll(() => phone.locator('#source-1').isVisible()).toBe(true);
    await phone.waitForTimeout(400); // the sheet slides in
    expect(await overflow()).toBeLessThanOrEqual(0);
    await phone.screenshot({ path: path.join(ARTIFACTS, 'phone.png') });

    const desktop = await open(DESKTOP);
    await ask(desktop, ACROSS_YEARS);
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
