/**
 * The page: a conversation over POST /api/ask/stream, a sources panel, year and document filters and paragraph
 * links.
 * State lives here; render.ts builds the DOM from it. Every text from the corpus or the user goes into the
 * page as a text node (see dom.ts).
 */
import { askStream, fetchDocuments, fetchParagraph, fetchStats, RequestError } from './api.js';
import { askBody, loadConversation, newTurnId, saveConversation, type Turn } from './conversation.js';
import { byId, h, replaceChildren } from './dom.js';
import {
  describeCorpus,
  describeTally,
  documentLabel,
  documentYears,
  formatAnswerForCopy,
  formatCitation,
  inFocus,
  replyAnnouncement,
  replyKind,
  type ForeignText,
  type SpreadFocus,
} from './format.js';
import { renderEmptyState, renderParagraph, renderSourceCard, renderTurn, retrievedParagraphs, type Actions, type Reask, type TurnView } from './render.js';
import type { Citation, DocumentSummary, Example, ParagraphView, Stats } from './types.js';

type Panel =
  | { kind: 'sources' }
  | { kind: 'paragraph'; id: string; status: 'loading' | 'ready' | 'missing' | 'error'; paragraph?: ParagraphView; message?: string };

const saved = loadConversation();
const state = {
  turns: saved.turns,
  year: saved.year,
  /** The document filter: a document's id, or null for all documents. */
  document: saved.document,
  stats: null as Stats | null,
  /** The indexed documents (GET /api/documents), once known. */
  documents: null as DocumentSummary[] | null,
  /** The example questions of the empty page, from the same reply. */
  examples: null as Example[] | null,
  /** The turn whose sources the panel shows. */
  activeTurnId: null as string | null,
  /** The source the reader chose last, outlined in the panel. */
  selectedSource: null as number | null,
  /** The bar chosen in each turn's chart (by turn id): its quotes stand out, the panel shows only its sources. */
  focus: new Map<string, SpreadFocus>(),
  panel: { kind: 'sources' } as Panel,
  busy: false,
  /** Phones show the panel as a sheet over the conversation, opened on demand. */
  sheetOpen: false,
};
let inFlight: AbortController | null = null;
/** The turn the thread keeps its question at the top of while its answer grows, until the reader scrolls. */
let followTurnId: string | null = null;
/** Where focus goes back to when the sheet closes. */
let sheetTrigger: HTMLElement | null = null;

const thread = byId('thread', HTMLElement);
const threadScroller = byId('conversation-scroll', HTMLElement);
const composer = byId('composer', HTMLFormElement);
const input = byId('question', HTMLTextAreaElement);
const sendButton = byId('send', HTMLButtonElement);
const yearSelect = byId('year', HTMLSelectElement);
const documentSelect = byId('document', HTMLSelectElement);
const documentFilter = byId('document-filter', HTMLElement);
const documentOnly = byId('document-only', HTMLElement);
const filterNote = byId('filter-note', HTMLElement);
const panel = byId('sources', HTMLElement);
const panelTitle = byId('sources-title', HTMLElement);
const panelBody = byId('sources-body', HTMLElement);
const panelBack = byId('sources-back', HTMLButtonElement);
const panelClose = byId('sources-close', HTMLButtonElement);
const backdrop = byId('sheet-backdrop', HTMLElement);
const banner = byId('status-banner', HTMLElement);
const corpusHeading = byId('corpus-heading', HTMLElement);
const corpusLine = byId('corpus-line', HTMLElement);
const modelLine = byId('model-line', HTMLElement);
const announcer = byId('announcer', HTMLElement);
const newChatButton = byId('new-chat', HTMLButtonElement);
const layoutRoot = byId('layout', HTMLElement);

const narrowScreen = window.matchMedia('(max-width: 959px)');

// ---------------------------------------------------------------------------------------------- helpers

/** Says something to screen readers; a part in another language is marked with it, so it is read in it. */
function announce(message: string | ReadonlyArray<string | ForeignText>): void {
  const parts = typeof message === 'string' ? [message] : message;
  // Cleared first so the same message twice is still read out.
  announcer.textContent = '';
  window.setTimeout(() => {
    replaceChildren(announcer, ...parts.flatMap((part, i) => [i > 0 ? ' ' : null, typeof part === 'string' ? part : h('span', { attrs: { lang: part.lang, dir: part.dir } }, part.text)]));
  }, 60);
}

function persist(): void {
  saveConversation({ turns: state.turns, year: state.year, document: state.document });
}

function documentById(id: string | null): DocumentSummary | undefined {
  return id === null ? undefined : state.documents?.find((document) => document.id === id);
}

/** The filter's name for a document: its symbol or short label; until the documents are known, its id. */
function labelOf(id: string): string {
  const document = documentById(id);
  return document ? documentLabel(document) : id;
}

function activeTurn(): Turn | undefined {
  return state.turns.find((turn) => turn.id === state.activeTurnId);
}

function turnCitations(turn: Turn): Citation[] {
  if (!turn.head) return [];
  return turn.head.abstained ? (turn.head.related ?? []) : turn.head.citations;
}

/** Brings a turn's question to the top of the thread, so its answer reads downwards from there. */
function scrollToTurn(turn: Turn | undefined): void {
  const article = turn && thread.querySelector(`[data-turn-id="${CSS.escape(turn.id)}"]`);
  if (!article) return;
  const top = article.getBoundingClientRect().top - threadScroller.getBoundingClientRect().top + threadScroller.scrollTop - 16;
  threadScroller.scrollTop = Math.max(0, top);
}

async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // No clipboard API (plain HTTP on another host) or permission refused: the old way.
    const focused = document.activeElement;
    const area = h('textarea', { class: 'offscreen', attrs: { readonly: true, 'aria-hidden': 'true' } });
    area.value = text;
    document.body.appendChild(area);
    area.select();
    const copied = document.execCommand('copy');
    area.remove();
    if (focused instanceof HTMLElement) focused.focus();
    return copied;
  }
}

async function copyWithFeedback(text: string, button: HTMLButtonElement, what: string): Promise<void> {
  // The label to come back to (not "Copied", when clicked twice in a row).
  const label = (button.dataset.label ??= button.textContent ?? '');
  const copied = await copyText(text);
  button.textContent = copied ? 'Copied' : 'Copy failed';
  announce(copied ? `${what} copied to the clipboard.` : `Could not copy the ${what.toLowerCase()}; select the text and copy it instead.`);
  window.setTimeout(() => {
    button.textContent = label;
  }, 1800);
}

// ------------------------------------------------------------------------------------------- rendering

function viewOf(turn: Turn): TurnView {
  return { active: turn.id === state.activeTurnId, focus: state.focus.get(turn.id) ?? null };
}

/** "2021", "Undated", "E/CN.7/2024/CRP.5": what a chosen bar stands for, in words. */
function focusLabel(focus: SpreadFocus): string {
  if (focus.kind === 'year') return focus.year === null ? 'Undated' : String(focus.year);
  const cited = state.turns.flatMap((turn) => retrievedParagraphs(turn)).find((paragraph) => paragraph.document?.id === focus.id)?.document;
  return cited ? documentLabel(cited) : labelOf(focus.id);
}

/** "Showing the 3 paragraphs from 2021 (of 7).": what the panel shows while a bar is chosen. */
function focusSummary(focus: SpreadFocus, shown: number, total: number): string {
  const paragraphs = shown === 1 ? 'paragraph' : 'paragraphs';
  const what = focus.kind === 'year' && focus.year === null ? `${shown} undated ${paragraphs}` : `${shown} ${paragraphs} from ${focusLabel(focus)}`;
  return `Showing the ${what} (of ${total}).`;
}

function renderThread(): void {
  if (state.turns.length === 0) {
    replaceChildren(thread, renderEmptyState(state.documents, state.examples, actions));
    return;
  }
  replaceChildren(thread, ...state.turns.map((turn) => renderTurn(turn, viewOf(turn), actions)));
}

/** Re-renders one turn in place (while its answer streams in), keeping the reader's scroll position. */
function updateTurn(turn: Turn): void {
  const existing = thread.querySelector(`[data-turn-id="${CSS.escape(turn.id)}"]`);
  const fresh = renderTurn(turn, viewOf(turn), actions);
  if (existing) {
    // Keep focus on the same control if it was inside the old rendering (a marker of a streaming answer, a bar).
    const focused = existing.contains(document.activeElement) ? document.activeElement : null;
    const n = focused instanceof HTMLElement ? focused.dataset.n : undefined;
    const bar = focused instanceof HTMLElement ? focused.dataset.bar : undefined;
    const clear = focused instanceof HTMLElement && focused.classList.contains('spread-clear');
    existing.replaceWith(fresh);
    if (n !== undefined) fresh.querySelector<HTMLElement>(`[data-n="${CSS.escape(n)}"]`)?.focus();
    else if (bar !== undefined) fresh.querySelector<HTMLElement>(`[data-bar="${CSS.escape(bar)}"]`)?.focus();
    else if (clear) fresh.querySelector<HTMLElement>('.spread-bar')?.focus();
  } else {
    renderThread();
  }
  if (followTurnId === turn.id) scrollToTurn(turn);
}

function renderComposer(): void {
  sendButton.disabled = state.busy;
  sendButton.textContent = state.busy ? 'Answering…' : 'Ask';
  thread.setAttribute('aria-busy', state.busy ? 'true' : 'false');
  yearSelect.value = state.year === null ? '' : String(state.year);
  yearSelect.classList.toggle('is-active', state.year !== null);
  documentSelect.value = state.document ?? '';
  documentSelect.classList.toggle('is-active', state.document !== null);
  const filtered = state.year !== null || state.document !== null;
  composer.classList.toggle('has-filter', filtered);
  if (!filtered) {
    filterNote.hidden = true;
    replaceChildren(filterNote);
  } else {
    const year = state.year === null ? null : h('strong', null, String(state.year));
    const document = state.document === null ? null : h('strong', { attrs: { title: documentById(state.document)?.title } }, labelOf(state.document));
    const sentence =
      year && document
        ? h('span', null, 'Filters: only paragraphs from ', year, ' in ', document, ' are searched.')
        : year
          ? h('span', null, 'Year filter: only paragraphs from ', year, ' are searched.')
          : h('span', null, 'Document filter: only ', document, ' is searched.');
    const clear = year && document ? 'Clear filters' : year ? 'Search all years' : 'Search all documents';
    filterNote.hidden = false;
    replaceChildren(
      filterNote,
      sentence,
      h(
        'button',
        {
          class: 'link-button',
          attrs: { type: 'button' },
          on: { click: () => (year && document ? clearFilters(true) : year ? setYear(null, true) : setDocument(null, true)) },
        },
        clear,
      ),
    );
  }
  newChatButton.disabled = state.turns.length === 0 && !state.busy && !filtered;
}

/** The years to choose from: those of the chosen document, else of all (from the stats until the documents are known). */
function filterYears(): number[] | null {
  if (state.documents) {
    const chosen = documentById(state.document);
    return documentYears(chosen ? [chosen] : state.documents);
  }
  return state.stats ? Object.keys(state.stats.years).map(Number).sort((a, b) => a - b) : null;
}

function renderFilterOptions(): void {
  const documents = state.documents;
  // A saved filter for a document no longer indexed is dropped; with one document, a filter would change nothing.
  if (documents && state.document !== null && (documents.length <= 1 || !documents.some((document) => document.id === state.document))) state.document = null;
  const years = filterYears();
  if (state.year !== null && years && !years.includes(state.year)) state.year = null;
  replaceChildren(
    yearSelect,
    h('option', { attrs: { value: '' } }, 'All years'),
    ...(years ?? []).map((year) => h('option', { attrs: { value: String(year) } }, String(year))),
  );
  // Until the years are known, a saved filter still shows (and applies).
  if (state.year !== null && !years) yearSelect.append(h('option', { attrs: { value: String(state.year) } }, String(state.year)));

  // One document: a select with one choice does nothing, so the page names the document instead.
  const single = documents?.length === 1 ? documents[0] : undefined;
  documentFilter.hidden = single !== undefined || (documents === null && state.document === null) || documents?.length === 0;
  documentOnly.hidden = single === undefined;
  if (single) {
    replaceChildren(documentOnly, 'Searching ', h('span', { class: 'document-only-name', attrs: { title: single.title } }, documentLabel(single)));
  }
  replaceChildren(
    documentSelect,
    h('option', { attrs: { value: '' } }, 'All documents'),
    ...(documents ?? []).map((document) => h('option', { attrs: { value: document.id, title: document.title } }, documentLabel(document))),
  );
  if (state.document !== null && !documents) documentSelect.append(h('option', { attrs: { value: state.document } }, state.document));
  renderComposer();
}

/** The page's heading, title and description name what is indexed. */
function renderHeader(documents: readonly DocumentSummary[]): void {
  const corpus = describeCorpus(documents);
  // The years never break across lines ("2019–" / "2024"). On a phone the line keeps its years and count: the
  // symbol (named again by the composer) or the bodies give way.
  const years = corpus.years && corpus.heading.endsWith(corpus.years) ? corpus.years : '';
  replaceChildren(corpusHeading, corpus.heading.slice(0, corpus.heading.length - years.length), years ? h('span', { class: 'nowrap' }, years) : null);
  const [first, ...rest] = corpus.detail.split(' · ');
  const lead = documents.length === 1 ? documents[0]?.symbol : corpus.bodies.length > 0 ? first : null;
  replaceChildren(corpusLine, ...(lead ? [h('span', { class: 'wide-only' }, `${lead} · `), rest.join(' · ')] : [corpus.detail]));
  document.title = corpus.title;
  document.querySelector('meta[name="description"]')?.setAttribute('content', corpus.description);
}

function setSheet(open: boolean, trigger?: HTMLElement | null): void {
  if (open && trigger && !state.sheetOpen) sheetTrigger = trigger;
  state.sheetOpen = open;
  document.body.classList.toggle('sheet-open', open);
  const modal = open && narrowScreen.matches;
  // On a phone the open sheet covers the conversation: keep keyboard and screen reader inside it.
  layoutRoot.querySelector('main')?.toggleAttribute('inert', modal);
  byId('app-header', HTMLElement).toggleAttribute('inert', modal);
  if (!open && narrowScreen.matches && sheetTrigger?.isConnected) sheetTrigger.focus();
}

function renderPanel(): void {
  const current = state.panel;
  panelBack.hidden = current.kind !== 'paragraph';
  if (current.kind === 'paragraph') {
    panelTitle.textContent = 'Paragraph';
    if (current.status === 'loading') {
      replaceChildren(panelBody, h('p', { class: 'busy' }, h('span', { class: 'spinner', attrs: { 'aria-hidden': 'true' } }), 'Opening the paragraph…'));
    } else if (current.status === 'missing') {
      replaceChildren(panelBody, h('p', { class: 'panel-note' }, 'No paragraph has the id ', h('code', null, current.id), '. The link may be mistyped or from another edition of the index.'));
    } else if (current.status === 'error') {
      replaceChildren(
        panelBody,
        h(
          'div',
          { class: 'answer--error panel-error', attrs: { role: 'alert' } },
          h('p', null, current.message ?? 'The paragraph could not be loaded.'),
          h('button', { class: 'button', attrs: { type: 'button' }, on: { click: () => void openParagraph(current.id) } }, 'Try again'),
        ),
      );
    } else if (current.paragraph) {
      const paragraph = current.paragraph;
      const cited = activeTurn()?.head?.citations.find((citation) => citation.id === paragraph.id);
      const quoted = cited?.quoted ?? [];
      replaceChildren(panelBody, renderParagraph(paragraph, quoted, actions, formatCitation(paragraph.reference || paragraph.citation, quoted, paragraph.text)));
    }
    return;
  }

  const turn = activeTurn();
  const citations = turn ? turnCitations(turn) : [];
  // "Hi" has no paragraphs, near or far: the panel says what it will show, as before any question.
  if (!turn || !turn.head || turn.head.reason === 'not-a-question') {
    panelTitle.textContent = 'Sources';
    replaceChildren(
      panelBody,
      h(
        'p',
        { class: 'panel-note' },
        'The paragraphs an answer quotes appear here, in full, with the quoted sentences highlighted. Select a citation number in an answer to jump to its paragraph.',
      ),
    );
    return;
  }
  const kind = replyKind(turn.head);
  const what = kind === 'answered' ? 'Sources' : kind === 'related' ? 'Related passages' : 'Closest paragraphs';
  panelTitle.textContent = citations.length > 0 || kind === 'answered' ? `${what} · ${citations.length}` : what;
  const focus = state.focus.get(turn.id) ?? null;
  const shown = focus ? citations.filter((citation) => inFocus(citation, focus)).length : citations.length;
  replaceChildren(
    panelBody,
    h(
      'p',
      { class: 'panel-for' },
      kind === 'answered' ? 'Quoted in the answer to: ' : kind === 'related' ? 'Related to, but not answering: ' : 'Not an answer, but nearest to: ',
      h('q', { attrs: { lang: turn.head.language?.code } }, turn.question),
    ),
    focus
      ? h(
          'p',
          { class: 'panel-focus' },
          h('span', null, focusSummary(focus, shown, citations.length)),
          h('button', { class: 'link-button', attrs: { type: 'button' }, on: { click: (event) => actions.focus(turn, null, event.currentTarget as HTMLElement) } }, 'Show all'),
        )
      : null,
    citations.length === 0
      ? h('p', { class: 'panel-note' }, kind === 'answered' ? 'This answer cites no paragraphs.' : 'No paragraph comes close enough to show.')
      : null,
    ...citations.map((citation) =>
      renderSourceCard(
        citation,
        citation.n === state.selectedSource,
        actions,
        formatCitation(citation.reference || citation.citation, citation.quoted, citation.text),
        focus !== null && !inFocus(citation, focus),
      ),
    ),
  );
}

// ---------------------------------------------------------------------------------------------- actions

/** Outlines the answer whose sources the panel shows. */
function markActive(): void {
  for (const article of thread.querySelectorAll<HTMLElement>('[data-turn-id]')) {
    const active = article.dataset.turnId === state.activeTurnId;
    article.querySelector('.answer')?.classList.toggle('is-active', active);
  }
}

function showPanelFor(turn: Turn, selected: number | null): void {
  state.activeTurnId = turn.id;
  state.selectedSource = selected;
  if (state.panel.kind === 'paragraph') closeParagraph();
  state.panel = { kind: 'sources' };
  renderPanel();
  markActive();
}

const actions: Actions = {
  showSource(turn, n, trigger) {
    // A source the chosen bar hides: show them all again rather than point at nothing.
    const focus = state.focus.get(turn.id);
    const chosen = turnCitations(turn).find((citation) => citation.n === n);
    if (focus && chosen && !inFocus(chosen, focus)) {
      state.focus.delete(turn.id);
      updateTurn(turn);
    }
    showPanelFor(turn, n);
    setSheet(true, trigger);
    const card = panelBody.querySelector<HTMLElement>(`#source-${n}`);
    if (card) {
      // Scroll only the panel (scrollIntoView would also shift the page's fixed frame on some browsers).
      const top = card.getBoundingClientRect().top - panelBody.getBoundingClientRect().top + panelBody.scrollTop - 12;
      panelBody.scrollTo({ top, behavior: window.matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth' });
      card.focus({ preventScroll: true });
    }
  },
  showSources(turn, trigger) {
    showPanelFor(turn, null);
    setSheet(true, trigger);
    panelBody.scrollTop = 0;
    panel.focus({ preventScroll: true });
  },
  retry(turn) {
    // The button goes away with the error it belongs to: wait for the answer in the question box.
    input.focus();
    void ask(turn.question, turn);
  },
  edit(turn) {
    input.value = turn.question;
    autoGrow();
    input.focus();
  },
  copyAnswer(turn, button) {
    void copyWithFeedback(formatAnswerForCopy(turn.question, turn.sentences, turnCitations(turn)), button, 'Answer');
  },
  copyCitation(text, button, what) {
    void copyWithFeedback(text, button, what);
  },
  focus(turn, focus, trigger) {
    if (focus === null) state.focus.delete(turn.id);
    else state.focus.set(turn.id, focus);
    // The reader is steering now: the thread stops following a streaming answer.
    followTurnId = null;
    updateTurn(turn);
    showPanelFor(turn, null);
    panelBody.scrollTop = 0;
    if (focus === null) {
      announce('Showing all the paragraphs.');
      return;
    }
    const count = turnCitations(turn).filter((citation) => inFocus(citation, focus)).length;
    announce(`Showing ${describeTally(focusLabel(focus), count)}.`);
    const article = thread.querySelector(`[data-turn-id="${CSS.escape(turn.id)}"]`);
    const first = article?.querySelector<HTMLElement>('.sentence.is-focus');
    if (first) {
      // Bring the first of its quotes into view, below the chart if the chart is on screen.
      const box = first.getBoundingClientRect();
      const frame = threadScroller.getBoundingClientRect();
      if (box.top < frame.top + 8 || box.bottom > frame.bottom - 8) {
        threadScroller.scrollTo({ top: threadScroller.scrollTop + box.top - frame.top - 72, behavior: window.matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth' });
      }
    } else {
      // No quote of it in the answer (an abstention's closest paragraphs): its sources are what there is to see.
      setSheet(true, trigger);
      panel.focus({ preventScroll: true });
    }
  },
  reask(turn, how) {
    reask(turn, how);
  },
  ask(question) {
    void ask(question);
  },
  runExample(example: Example) {
    void (async () => {
      for (const question of example.questions) {
        const ok = await ask(question);
        if (!ok) break;
      }
    })();
  },
};

/** The reading a re-asked turn's button undoes: focus goes to it once the new reply is in, if the reader left it nowhere. */
const COUNTERPART: Record<Reask, Reask> = {
  'as-typed': 'as-corrected',
  'as-corrected': 'as-typed',
  'filter-year': 'question-year',
  'question-year': 'filter-year',
  standalone: 'follow-up',
  'follow-up': 'standalone',
};
/** The turn asked again and how, until its reply is in. */
let reasked: { turnId: string; how: Reask } | null = null;

/**
 * Asks a turn again in its place, read another way: its words as typed ("Search for naloxne kits instead") or as
 * corrected again; with the year filter kept over the question's year, or the filter set to the question's year;
 * on its own, without the earlier turns, or as a follow-up again.
 */
function reask(turn: Turn, how: Reask): void {
  if (!state.turns.includes(turn) || turn.status === 'pending') return;
  if (state.busy) {
    announce('An answer is still arriving. Ask again once it is complete.');
    return;
  }
  switch (how) {
    case 'as-typed':
      if (turn.head?.corrected) turn.typedOver = turn.head.corrected;
      turn.asTyped = true;
      break;
    case 'as-corrected':
      delete turn.asTyped;
      delete turn.typedOver;
      break;
    case 'filter-year':
      turn.keepFilterYear = true;
      break;
    case 'question-year': {
      const year = turn.head?.yearConflict?.question;
      if (year === undefined) return;
      delete turn.keepFilterYear;
      turn.year = year;
      // The reader chose the question's year over the filter's: the next questions are searched in it too.
      setYear(year);
      break;
    }
    case 'standalone':
      turn.standalone = true;
      break;
    case 'follow-up':
      delete turn.standalone;
      break;
  }
  reasked = { turnId: turn.id, how };
  void ask(turn.question, turn);
}

/** After a re-asked turn's reply: focus, lost when its button went away, goes to the button that undoes it, or the question. */
function refocusReasked(turn: Turn): void {
  if (reasked?.turnId !== turn.id) return;
  const { how } = reasked;
  reasked = null;
  const active = document.activeElement;
  if (active !== null && active !== document.body) return;
  const article = thread.querySelector(`[data-turn-id="${CSS.escape(turn.id)}"]`);
  (article?.querySelector<HTMLElement>(`[data-reask="${COUNTERPART[how]}"]`) ?? article?.querySelector<HTMLElement>('.question-text'))?.focus({ preventScroll: true });
}

function setYear(year: number | null, focusInput = false): void {
  state.year = year;
  persist();
  renderComposer();
  announce(year === null ? 'Year filter cleared: all years are searched.' : `Year filter set: only ${year} is searched.`);
  if (focusInput) input.focus();
}

function setDocument(id: string | null, focusInput = false): void {
  const year = state.year;
  state.document = id;
  // The years offered are the chosen document's: a year it does not cover would only get "not covered".
  renderFilterOptions();
  persist();
  const cleared = year !== null && state.year === null ? ` It has no paragraphs from ${year}, so the year filter is cleared.` : '';
  announce(id === null ? 'Document filter cleared: all documents are searched.' : `Document filter set: only ${labelOf(id)} is searched.${cleared}`);
  if (focusInput) input.focus();
}

function clearFilters(focusInput = false): void {
  state.year = null;
  state.document = null;
  renderFilterOptions();
  persist();
  announce('Filters cleared: all documents and years are searched.');
  if (focusInput) input.focus();
}

/**
 * Asks a question (or asks a failed turn again) and streams its answer into the thread.
 * Resolves true when an answer (or abstention) arrived.
 */
async function ask(question: string, retryTurn?: Turn): Promise<boolean> {
  const text = question.trim();
  if (text === '' || state.busy) return false;
  const turn: Turn = retryTurn ?? {
    id: newTurnId(),
    question: text,
    year: state.year,
    document: state.document,
    ...(state.document === null ? {} : { documentLabel: labelOf(state.document) }),
    status: 'pending',
    sentences: [],
  };
  Object.assign(turn, { status: 'pending', head: undefined, sentences: [], answerText: undefined, error: undefined });
  state.focus.delete(turn.id);
  if (!retryTurn) state.turns.push(turn);
  const wasEmpty = thread.querySelector('.empty') !== null;
  state.busy = true;
  inFlight = new AbortController();
  const signal = inFlight.signal;
  persist();
  if (wasEmpty || !retryTurn) renderThread();
  else updateTurn(turn);
  followTurnId = turn.id;
  scrollToTurn(turn);
  renderComposer();

  try {
    const answer = await askStream(
      askBody(state.turns, turn),
      {
        onHead(head) {
          turn.head = head;
          // The panel follows the newest answer (leaving a paragraph opened by link: the reader has moved on).
          if (state.panel.kind === 'paragraph') closeParagraph();
          state.activeTurnId = turn.id;
          state.selectedSource = null;
          renderPanel();
          updateTurn(turn);
          markActive();
        },
        onSentence(sentence) {
          const { index, ...rest } = sentence;
          turn.sentences[index] = rest;
          updateTurn(turn);
        },
      },
      signal,
    );
    const { answer: body, ...head } = answer;
    Object.assign(turn, { status: 'done', head, sentences: body.sentences, answerText: body.text });
    announce(replyAnnouncement(answer));
    return true;
  } catch (error) {
    if (signal.aborted) return false;
    const message = error instanceof RequestError ? error.message : 'Something went wrong in the page. Try again.';
    if (!(error instanceof RequestError)) console.error(error);
    Object.assign(turn, { status: 'error', error: { message, retryable: !(error instanceof RequestError) || error.retryable } });
    announce(`No answer: ${message}`);
    return false;
  } finally {
    if (!signal.aborted) {
      state.busy = false;
      inFlight = null;
      persist();
      if (state.turns.includes(turn)) updateTurn(turn);
      markActive();
      if (state.panel.kind === 'sources' && state.activeTurnId === turn.id) renderPanel();
      renderComposer();
      refocusReasked(turn);
    }
  }
}

function newChat(): void {
  inFlight?.abort();
  inFlight = null;
  state.busy = false;
  state.turns = [];
  state.focus.clear();
  reasked = null;
  // A new chat starts from the whole corpus: a filter kept from the last one would silently narrow it.
  state.year = null;
  state.document = null;
  state.activeTurnId = null;
  state.selectedSource = null;
  if (state.panel.kind === 'paragraph') closeParagraph();
  state.panel = { kind: 'sources' };
  persist();
  renderThread();
  renderPanel();
  renderFilterOptions();
  setSheet(false);
  input.value = '';
  autoGrow();
  input.focus();
  announce('New chat started.');
}

// ------------------------------------------------------------------------------------------- deep links

function paragraphIdFromHash(): string | null {
  const match = /^#p=(.+)$/.exec(window.location.hash);
  if (!match?.[1]) return null;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return match[1];
  }
}

async function openParagraph(id: string): Promise<void> {
  state.panel = { kind: 'paragraph', id, status: 'loading' };
  renderPanel();
  setSheet(true, document.activeElement instanceof HTMLElement ? document.activeElement : null);
  try {
    const paragraph = await fetchParagraph(id);
    if (state.panel.kind !== 'paragraph' || state.panel.id !== id) return;
    state.panel = paragraph ? { kind: 'paragraph', id, status: 'ready', paragraph } : { kind: 'paragraph', id, status: 'missing' };
    if (paragraph) announce(`Showing ${paragraph.citation}.`);
  } catch (error) {
    if (state.panel.kind !== 'paragraph' || state.panel.id !== id) return;
    state.panel = { kind: 'paragraph', id, status: 'error', message: error instanceof RequestError ? error.message : 'The paragraph could not be loaded.' };
  }
  renderPanel();
  panelBody.scrollTop = 0;
}

/** Leaves the paragraph view; `clearLink` also drops #p=… from the address (so a reload does not reopen it). */
function closeParagraph(clearLink = true): void {
  if (clearLink && paragraphIdFromHash() !== null) history.pushState(null, '', window.location.pathname + window.location.search);
  state.panel = { kind: 'sources' };
}

function onHashChange(): void {
  const id = paragraphIdFromHash();
  if (id !== null) {
    // Paging with the keyboard: keep focus on the same "Previous"/"Next" link of the new paragraph.
    const rel = panel.contains(document.activeElement) ? document.activeElement?.getAttribute('rel') : null;
    void openParagraph(id).then(() => {
      if (rel) (panelBody.querySelector<HTMLElement>(`a[rel="${rel}"]`) ?? panel).focus();
    });
  }
  else if (state.panel.kind === 'paragraph') {
    state.panel = { kind: 'sources' };
    renderPanel();
  }
}

// ---------------------------------------------------------------------------------------------- startup

function autoGrow(): void {
  input.style.height = 'auto';
  input.style.height = `${Math.min(input.scrollHeight + 2, 192)}px`;
}

/** Which model answers; with the small bundled one, a plain word on what that means for everyday wording. */
function renderModelLine(stats: Stats): void {
  modelLine.hidden = false;
  const reranker = stats.reranker ? `, reranked by ${stats.reranker}` : '';
  replaceChildren(modelLine, h('span', { class: 'model-name' }, `Model: ${stats.model}${reranker}`), stats.note ? h('span', { class: 'model-note' }, stats.note) : null);
}

async function loadCorpus(): Promise<void> {
  try {
    const [stats, list] = await Promise.all([fetchStats(), fetchDocuments()]);
    state.stats = stats;
    state.documents = list.documents;
    state.examples = list.examples;
    banner.hidden = true;
    replaceChildren(banner);
    renderHeader(list.documents);
    renderModelLine(stats);
    renderFilterOptions();
    persist();
    if (state.turns.length === 0) renderThread();
  } catch (error) {
    const loading = error instanceof RequestError && error.code === 'loading';
    // Busy or rate-limited passes by itself: try again shortly, as while loading, and say why meanwhile.
    const passing = error instanceof RequestError && (error.code === 'overloaded' || error.code === 'rate_limited');
    banner.hidden = false;
    banner.className = `banner${loading || passing ? '' : ' banner--error'}`;
    replaceChildren(
      banner,
      h('span', null, loading ? 'The server is loading the documents; this takes a few seconds…' : error instanceof RequestError ? error.message : 'Could not reach the server.'),
      loading || passing ? null : h('button', { class: 'button', attrs: { type: 'button' }, on: { click: () => void loadCorpus() } }, 'Try again'),
    );
    if (loading || passing) window.setTimeout(() => void loadCorpus(), passing ? 3000 : 2000);
  }
}

function start(): void {
  composer.addEventListener('submit', (event) => {
    event.preventDefault();
    const question = input.value;
    if (question.trim() === '' || state.busy) return;
    input.value = '';
    autoGrow();
    input.focus();
    void ask(question);
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      composer.requestSubmit();
    }
  });
  input.addEventListener('input', autoGrow);
  for (const type of ['wheel', 'touchmove', 'keydown'] as const) {
    threadScroller.addEventListener(type, () => (followTurnId = null), { passive: true });
  }
  yearSelect.addEventListener('change', () => setYear(yearSelect.value === '' ? null : Number(yearSelect.value)));
  documentSelect.addEventListener('change', () => setDocument(documentSelect.value === '' ? null : documentSelect.value));
  newChatButton.addEventListener('click', newChat);
  panelClose.addEventListener('click', () => {
    if (state.panel.kind === 'paragraph') {
      closeParagraph();
      renderPanel();
    }
    setSheet(false);
  });
  panelBack.addEventListener('click', () => {
    closeParagraph();
    renderPanel();
    panel.focus();
  });
  backdrop.addEventListener('click', () => setSheet(false));
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && state.sheetOpen && narrowScreen.matches) setSheet(false);
    // "/" jumps to the question box from anywhere but a text field, as in many reading tools.
    const target = event.target;
    const typing = target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;
    if (event.key === '/' && !typing && !event.ctrlKey && !event.metaKey && !event.altKey && !(state.sheetOpen && narrowScreen.matches)) {
      event.preventDefault();
      input.focus();
    }
  });
  narrowScreen.addEventListener('change', () => setSheet(state.sheetOpen));
  byId('skip-link', HTMLAnchorElement).addEventListener('click', (event) => {
    event.preventDefault();
    input.focus();
  });
  window.addEventListener('hashchange', onHashChange);
  // Another tab cleared or changed the conversation: follow it rather than overwrite it later.
  window.addEventListener('storage', () => {
    if (state.busy) return;
    const latest = loadConversation();
    state.turns = latest.turns;
    state.year = latest.year;
    state.document = latest.document;
    if (!state.turns.some((turn) => turn.id === state.activeTurnId)) state.activeTurnId = null;
    renderThread();
    renderPanel();
    renderFilterOptions();
  });

  const lastAnswered = [...state.turns].reverse().find((turn) => turn.head !== undefined);
  state.activeTurnId = lastAnswered?.id ?? null;
  renderFilterOptions();
  renderThread();
  renderPanel();
  scrollToTurn(state.turns.at(-1));
  document.body.classList.add('is-ready');
  onHashChange();
  void loadCorpus();
}

start();
