/** Builds the DOM of turns, sources and paragraphs from data; main.ts decides when, and handles the actions. */
import type { Turn } from './conversation.js';
import { h, type Child } from './dom.js';
import {
  correctionSegments,
  describeComparedYears,
  describeCorpus,
  describePosition,
  describeSpan,
  describeTally,
  describeYearConflict,
  describeYears,
  displaySentence,
  documentLabel,
  documentDescription,
  documentName,
  groupByYear,
  highlightSegments,
  excerpt,
  inFocus,
  languageReply,
  replyKind,
  REPLY_TITLES,
  sameFocus,
  tallyParagraphs,
  textDirection,
  type SpreadFocus,
} from './format.js';
import type { AnswerSentence, AnswerStatus, Citation, DocumentRef, DocumentSummary, Example, Footnote, ParagraphView } from './types.js';

/**
 * Asking a turn again, read another way: with the words as typed or as corrected, with the year filter kept or set
 * to the question's year, on its own or as a follow-up.
 */
export type Reask = 'as-typed' | 'as-corrected' | 'filter-year' | 'question-year' | 'standalone' | 'follow-up';

export interface Actions {
  /** A citation marker or a related paragraph was chosen: show that source of that turn. */
  showSource(turn: Turn, n: number, trigger: HTMLElement): void;
  /** Show all the sources of a turn. */
  showSources(turn: Turn, trigger: HTMLElement): void;
  retry(turn: Turn): void;
  edit(turn: Turn): void;
  copyAnswer(turn: Turn, button: HTMLButtonElement): void;
  /** Copies a citation or a quotation; `what` names it in the confirmation ("Citation", "Quotation"). */
  copyCitation(text: string, button: HTMLButtonElement, what: string): void;
  runExample(example: Example): void;
  /** A bar of an answer's chart was chosen: pick out that year's (or document's) quotes and sources; null shows all. */
  focus(turn: Turn, focus: SpreadFocus | null, trigger: HTMLElement): void;
  /** Asks a turn again in its place, read another way. */
  reask(turn: Turn, how: Reask): void;
  /** Asks a new question in the conversation ("And in 2023?"). */
  ask(question: string): void;
}

/** How one turn is shown besides its data: which bar of its chart is chosen, if any. */
export interface TurnView {
  active: boolean;
  focus: SpreadFocus | null;
}

const LAYOUT_LABELS = { fact: 'Answer', summary: 'Summary', timeline: 'Timeline' } as const;

function citationOf(turn: Turn, n: number): Citation | undefined {
  return turn.head?.citations.find((citation) => citation.n === n) ?? turn.head?.related?.find((citation) => citation.n === n);
}

/** The numbered markers after a sentence; each opens its paragraph in the sources panel. */
function markers(turn: Turn, sentence: AnswerSentence, actions: Actions): Child[] {
  return sentence.citations.map((n) => {
    const citation = citationOf(turn, n);
    return h(
      'button',
      {
        class: 'cite',
        attrs: { type: 'button', 'data-n': n, 'aria-label': `Source ${n}${citation ? `: ${citation.citation}` : ''}`, title: citation?.citation },
        on: { click: (event) => actions.showSource(turn, n, event.currentTarget as HTMLElement) },
      },
      String(n),
    );
  });
}

/** Past this length the last word (a URL, say) may break: kept whole with the markers, it would overflow a phone. */
const LONG_WORD = 20;

/**
 * A verbatim sentence in quotation marks (without a list bullet it began with), then its markers. The last word,
 * the closing mark and the markers never wrap apart, so a marker is never left alone at the start of a line; of
 * a long last word only its end stays with them.
 */
function quotedSentence(turn: Turn, sentence: AnswerSentence, actions: Actions, focus: SpreadFocus | null): HTMLElement {
  const text = displaySentence(sentence.text);
  let cut = text.search(/\S+$/);
  if (cut === -1) cut = text.length;
  if (text.length - cut > LONG_WORD) cut = text.length - 4;
  // With a bar chosen, the sentences quoting its paragraphs stand out and the others recede.
  const picked = focus === null ? null : sentence.citations.some((n) => { const citation = citationOf(turn, n); return citation !== undefined && inFocus(citation, focus); });
  return h(
    'span',
    { class: `sentence${picked === true ? ' is-focus' : picked === false ? ' is-dimmed' : ''}`, attrs: { 'data-year': sentence.year ?? 'undated' } },
    `“${text.slice(0, cut)}`,
    h('span', { class: 'sentence-end' }, `${text.slice(cut)}”`, ...markers(turn, sentence, actions)),
  );
}

function sentenceList(turn: Turn, sentences: readonly AnswerSentence[], actions: Actions, focus: SpreadFocus | null): HTMLElement {
  return h('ul', { class: 'quotes' }, ...sentences.map((sentence) => h('li', null, quotedSentence(turn, sentence, actions, focus))));
}

function answerBody(turn: Turn, actions: Actions, focus: SpreadFocus | null): Child {
  const head = turn.head;
  // Sentences arrive by index; a gap (or a null from storage) is one not yet received.
  const sentences = turn.sentences.filter((sentence): sentence is AnswerSentence => sentence != null);
  if (!head) return null;
  if (head.abstained) return null;
  switch (head.layout) {
    case 'timeline':
      return h(
        'ol',
        { class: 'timeline' },
        ...groupByYear(sentences).map((group) =>
          h(
            'li',
            { class: 'timeline-year' },
            h('h3', { class: 'year-label' }, group.year === null ? 'Undated' : String(group.year)),
            h('span', { class: 'timeline-dot', attrs: { 'aria-hidden': 'true' } }),
            sentenceList(turn, group.sentences, actions, focus),
          ),
        ),
      );
    case 'summary':
      return sentenceList(turn, sentences, actions, focus);
    case 'fact':
    default:
      return h('p', { class: 'fact' }, ...sentences.flatMap((sentence, i) => [i > 0 ? ' ' : null, quotedSentence(turn, sentence, actions, focus)]));
  }
}

function answerLabel(turn: Turn): string {
  const head = turn.head;
  if (!head) return 'Answer';
  const label = LAYOUT_LABELS[head.layout];
  if (head.year !== null) return `${label} · ${head.year}`;
  // Asked of no year ("Which year talked most about fentanyl?"), the answer says which years its quotes are from.
  const years = turn.sentences.map((sentence) => sentence?.year).filter((year): year is number => typeof year === 'number');
  return years.length > 0 ? `${label} · ${describeYears(years)}` : label;
}

/**
 * A paragraph in the list of a reply that is not an answer; its citation opens it in the panel. A related passage
 * speaks of the topic: its position, topic and opening words say how. The closest paragraphs to a question the
 * documents do not cover are only there to be judged, by their citation and topic.
 */
function relatedItem(turn: Turn, citation: Citation, kind: AnswerStatus, actions: Actions): HTMLElement {
  const open = (label: string) =>
    h(
      'button',
      {
        class: 'link-button',
        attrs: { type: 'button', 'data-n': citation.n, 'aria-label': label === citation.citation ? null : citation.citation },
        on: { click: (event) => actions.showSource(turn, citation.n, event.currentTarget as HTMLElement) },
      },
      label,
    );
  return h(
    'li',
    { class: kind === 'related' ? 'related-passage' : undefined },
    h('p', { class: 'related-head' }, open(describePosition(citation)), citation.topic ? h('span', { class: 'related-topic', attrs: { title: citation.topic } }, citation.topic) : null),
    kind === 'related' ? h('p', { class: 'related-excerpt' }, `“${excerpt(citation.text)}”`) : null,
  );
}

/** The message of a reply that is not an answer; in the reader's language first when they asked in another. */
function replyMessage(turn: Turn): Child[] {
  const head = turn.head!;
  const language = head.language ?? null;
  // The message comes with the last event; until then, only a reply in another language is known.
  const text = turn.answerText ?? (turn.status === 'pending' ? null : 'The documents do not appear to cover this question.');
  if (language) {
    const { reply, english } = languageReply(text ?? language.reply, language);
    return [
      h('p', { class: 'language-reply', attrs: { lang: language.code, dir: textDirection(language.code) } }, reply),
      text === null ? null : h('p', { class: 'language-note' }, english),
    ];
  }
  return [text === null ? null : h('p', { class: 'abstention-message' }, text)];
}

/** For a follow-up moved to a year that never speaks of its topic: the years that do, each a follow-up to ask. */
function otherYearButtons(turn: Turn, actions: Actions): Child {
  const years = turn.head?.reason === 'topic-not-in-year' ? (turn.head.otherYears ?? []) : [];
  if (years.length === 0) return null;
  const titleId = `other-years-${turn.id}`;
  return h(
    'div',
    { class: 'other-years', attrs: { role: 'group', 'aria-labelledby': titleId } },
    h('p', { class: 'other-years-title', attrs: { id: titleId } }, years.length === 1 ? 'Ask about that year:' : 'Ask about one of those years:'),
    h(
      'div',
      { class: 'other-years-buttons' },
      ...years.map((year) =>
        h('button', { class: 'button year-button', attrs: { type: 'button', 'data-year': year }, on: { click: () => actions.ask(`And in ${year}?`) } }, `And in ${year}?`),
      ),
    ),
  );
}

/** A reply that is not an answer: related (the topic, not what was asked) or not covered, with its paragraphs. */
function abstention(turn: Turn, kind: Exclude<AnswerStatus, 'answered'>, actions: Actions): HTMLElement {
  const head = turn.head!;
  const related = head.related ?? [];
  const listId = `related-${turn.id}`;
  return h(
    'div',
    { class: 'abstention' },
    // "Hi" is not a question the documents fail to cover: the reply says what the assistant does.
    h('h3', { class: 'abstention-title' }, head.reason === 'not-a-question' ? 'About this assistant' : REPLY_TITLES[kind]),
    ...replyMessage(turn),
    otherYearButtons(turn, actions),
    filterHint(turn),
    related.length > 0
      ? h(
          'div',
          { class: 'related' },
          h('p', { class: 'related-title', attrs: { id: listId } }, kind === 'related' ? 'Related passages, which speak of the topic:' : 'Closest paragraphs, for you to judge:'),
          h('ul', { class: `related-list${kind === 'related' ? ' related-passages' : ''}`, attrs: { 'aria-labelledby': listId } }, ...related.map((citation) => relatedItem(turn, citation, kind, actions))),
        )
      : null,
  );
}

/** The paragraphs an answer retrieved: those it cites, and the closest ones it shows when abstaining. */
export function retrievedParagraphs(turn: Turn): Citation[] {
  const head = turn.head;
  if (!head) return [];
  return head.abstained ? (head.related ?? []) : [...head.citations, ...(head.related ?? [])];
}

function bar(turn: Turn, focus: SpreadFocus, label: string, count: number, max: number, current: SpreadFocus | null, actions: Actions, key: Child = label): HTMLElement {
  const pressed = sameFocus(focus, current);
  const button = h(
    'button',
    {
      class: `spread-bar${pressed ? ' is-pressed' : ''}`,
      attrs: {
        type: 'button',
        'aria-pressed': pressed ? 'true' : 'false',
        'aria-label': describeTally(label, count),
        title: describeTally(label, count),
        'data-bar': focus.kind === 'year' ? `year:${focus.year ?? 'undated'}` : `document:${focus.id}`,
      },
      on: { click: (event) => actions.focus(turn, pressed ? null : focus, event.currentTarget as HTMLElement) },
    },
    h('span', { class: 'spread-count', attrs: { 'aria-hidden': 'true' } }, String(count)),
    h('span', { class: 'spread-track', attrs: { 'aria-hidden': 'true' } }, h('span', { class: 'spread-fill' })),
    h('span', { class: 'spread-key', attrs: { 'aria-hidden': 'true' } }, key),
  );
  // The bar's length is its share of the longest; set through the CSSOM, which the page's CSP allows (a style attribute it would not).
  button.style.setProperty('--share', String(count / max));
  return button;
}

/**
 * When an answer's paragraphs span several years (or documents): how many come from each, as bars. Each bar is a
 * button that picks out its quotes in the answer and its cards in the sources panel.
 */
function spreadChart(turn: Turn, focus: SpreadFocus | null, actions: Actions): Child {
  const tally = tallyParagraphs(retrievedParagraphs(turn));
  const severalDocuments = tally.documents.length > 1;
  if (tally.years.length < 2 && !severalDocuments) return null;
  const titleId = `spread-${turn.id}`;
  const yearMax = Math.max(...tally.years.map((item) => item.count));
  const documentMax = Math.max(...tally.documents.map((item) => item.count));
  const total = tally.years.reduce((sum, item) => sum + item.count, 0);
  return h(
    'div',
    { class: 'spread', attrs: { role: 'group', 'aria-labelledby': titleId } },
    h(
      'p',
      { class: 'spread-title', attrs: { id: titleId } },
      `${total} paragraphs retrieved, by year${severalDocuments ? ' and document' : ''}`,
      focus ? h('button', { class: 'link-button spread-clear', attrs: { type: 'button' }, on: { click: (event) => actions.focus(turn, null, event.currentTarget as HTMLElement) } }, 'Show all') : null,
    ),
    tally.years.length > 1
      ? h(
          'div',
          { class: 'spread-bars spread-bars--years' },
          ...tally.years.map((item) => bar(turn, { kind: 'year', year: item.key }, item.key === null ? 'Undated' : String(item.key), item.count, yearMax, focus, actions)),
        )
      : null,
    severalDocuments
      ? h(
          'div',
          { class: 'spread-bars spread-bars--documents' },
          ...tally.documents.map((item) =>
            bar(turn, { kind: 'document', id: item.key.id }, documentLabel(item.key), item.count, documentMax, focus, actions, h('span', { attrs: { title: item.key.title } }, documentLabel(item.key))),
          ),
        )
      : null,
  );
}

/** Under an abstention: what the filters left out. */
function filterHint(turn: Turn): Child {
  const document = turn.document ? (turn.documentLabel ?? turn.document) : null;
  // A year filter the question's year overrode narrowed nothing (the note on the question says which year was searched).
  const year = turn.head?.yearConflict?.applied === 'question' ? null : turn.year;
  if (year !== null && document) return h('p', { class: 'hint' }, `Only ${year} in ${document} was searched. Clearing the filters may find more.`);
  if (year !== null) return h('p', { class: 'hint' }, `Only ${year} was searched. Clearing the year filter may find more.`);
  if (document) return h('p', { class: 'hint' }, `Only ${document} was searched. Clearing the document filter may find more.`);
  return null;
}

function busyLine(text: string): HTMLElement {
  return h('p', { class: 'busy' }, h('span', { class: 'spinner', attrs: { 'aria-hidden': 'true' } }), text);
}

/** A button that asks a turn again in its place, read another way. */
function reaskButton(turn: Turn, how: Reask, actions: Actions, ...label: Child[]): HTMLElement {
  return h('button', { class: 'link-button reask', attrs: { type: 'button', 'data-reask': how }, on: { click: () => actions.reask(turn, how) } }, ...label);
}

/**
 * How the question was read, above its answer, each with the button that reads it the other way: words read as
 * corpus words ("Showing results for naloxone kits"), or searched as typed; a year filter the question contradicts.
 */
function readingNotes(turn: Turn, actions: Actions): Child {
  const head = turn.head;
  if (!head) return null;
  const notes: Child[] = [];
  const corrected = head.corrected ?? null;
  if (corrected) {
    notes.push(
      h(
        'p',
        { class: 'reading-note', attrs: { 'data-note': 'spelling' } },
        h(
          'span',
          null,
          'Showing results for ',
          h('q', { class: 'reading' }, ...correctionSegments(corrected.reading, corrected.words).map((segment) => (segment.corrected ? h('em', { class: 'corrected' }, segment.text) : segment.text))),
        ),
        reaskButton(turn, 'as-typed', actions, 'Search for ', h('q', null, corrected.original), ' instead'),
      ),
    );
  } else if (turn.asTyped && turn.typedOver) {
    notes.push(
      h(
        'p',
        { class: 'reading-note', attrs: { 'data-note': 'as-typed' } },
        h('span', null, 'Searched for ', h('q', null, turn.typedOver.original), ' as typed.'),
        reaskButton(turn, 'as-corrected', actions, 'Show results for ', h('q', null, turn.typedOver.reading)),
      ),
    );
  }
  const language = head.language ?? null;
  if (language?.searchedAs) {
    // A reply that is not an answer says the same in the reader's language in its message (replyMessage).
    const answered = replyKind(head) === 'answered';
    notes.push(
      h(
        'p',
        { class: 'reading-note', attrs: { 'data-note': 'language' } },
        answered ? h('span', { class: 'language-reply', attrs: { lang: language.code, dir: textDirection(language.code) } }, language.reply) : null,
        h('span', null, `Asked in ${language.name}: the documents are in English, so it was searched as the English words `, h('q', { class: 'reading' }, language.searchedAs), '.'),
      ),
    );
  }
  const conflict = head.yearConflict ?? null;
  if (conflict) {
    const { text, action } = describeYearConflict(conflict);
    notes.push(
      h(
        'p',
        { class: 'reading-note', attrs: { 'data-note': 'year' } },
        h('span', null, text),
        reaskButton(turn, conflict.applied === 'question' ? 'filter-year' : 'question-year', actions, action),
      ),
    );
  }
  const absent = head.compared ? describeComparedYears(head.compared).absent : null;
  if (absent) notes.push(h('p', { class: 'reading-note', attrs: { 'data-note': 'compared' } }, h('span', null, absent)));
  return notes.length > 0 ? h('div', { class: 'reading-notes' }, ...notes) : null;
}

/** Under the question: its filters, the years it spans, and how a follow-up was read, with a way to ask it alone. */
function questionMeta(turn: Turn, actions: Actions): Child {
  const head = turn.head;
  // A question in another language was searched as English words, which its note shows: it is no follow-up.
  const resolved = head && head.resolvedQuestion.trim() !== turn.question.trim() && head.resolvedQuestion !== head.language?.searchedAs ? head.resolvedQuestion : null;
  // The question's year wins over the filter's unless the filter was kept: the badge names the year searched.
  const conflict = head?.yearConflict ?? null;
  const year = conflict?.applied === 'question' ? conflict.question : turn.year;
  const span = head?.span ?? null;
  const compared = head?.compared ? describeComparedYears(head.compared).badge : null;
  const standalone = turn.standalone === true && head !== undefined;
  if (!resolved && year === null && !turn.document && !span && !compared && !standalone) return null;
  return h(
    'p',
    { class: 'question-meta' },
    turn.document ? h('span', { class: 'badge badge--document' }, `${turn.documentLabel ?? turn.document} only`) : null,
    year !== null ? h('span', { class: 'badge' }, `${year} only`) : null,
    span ? h('span', { class: 'badge badge--span', attrs: { title: 'Years searched' } }, h('span', { class: 'visually-hidden' }, 'Years searched: '), describeSpan(span)) : null,
    compared ? h('span', { class: 'badge badge--span', attrs: { title: 'Years searched' } }, h('span', { class: 'visually-hidden' }, 'Years searched: '), compared) : null,
    resolved ? h('span', { class: 'resolved' }, 'Searched as: ', h('q', null, resolved)) : null,
    resolved && turn.status !== 'pending' ? reaskButton(turn, 'standalone', actions, 'Ask as a new question') : null,
    standalone && !resolved ? h('span', { class: 'resolved standalone' }, 'Asked as a new question, without the earlier ones.') : null,
    standalone && !resolved && turn.status !== 'pending' ? reaskButton(turn, 'follow-up', actions, 'Ask as a follow-up') : null,
  );
}

/** One question and its answer (or its progress, a reply that is not an answer, or an error). */
export function renderTurn(turn: Turn, view: TurnView, actions: Actions): HTMLElement {
  const { active, focus } = view;
  const head = turn.head;
  const questionId = `q-${turn.id}`;

  let answer: HTMLElement;
  if (turn.status === 'error') {
    answer = h(
      'div',
      { class: 'answer answer--error', attrs: { role: 'alert' } },
      h('p', { class: 'error-title' }, 'Could not get an answer'),
      h('p', null, turn.error?.message ?? 'Something went wrong.'),
      h(
        'div',
        { class: 'actions' },
        turn.error?.retryable !== false ? h('button', { class: 'button', attrs: { type: 'button' }, on: { click: () => actions.retry(turn) } }, 'Try again') : null,
        h('button', { class: 'button button--quiet', attrs: { type: 'button' }, on: { click: () => actions.edit(turn) } }, 'Edit the question'),
      ),
    );
  } else if (!head) {
    answer = h('div', { class: 'answer answer--pending' }, busyLine('Searching the documents…'));
  } else {
    const kind = replyKind(head);
    const cited = kind === 'answered' ? head.citations.length : (head.related ?? []).length;
    const sourcesLabel = kind === 'answered' ? `Sources (${cited})` : kind === 'related' ? `Related passages (${cited})` : `Closest paragraphs (${cited})`;
    answer = h(
      'div',
      {
        class: `answer ${kind === 'answered' ? `answer--${head.layout}` : `answer--abstained answer--${kind === 'related' ? 'related' : 'not-covered'}`}${active ? ' is-active' : ''}`,
        attrs: { 'data-status': kind, 'data-reason': head.reason },
      },
      kind === 'answered' ? h('p', { class: 'answer-label' }, answerLabel(turn)) : null,
      kind === 'answered' ? spreadChart(turn, focus, actions) : null,
      kind === 'answered' ? answerBody(turn, actions, focus) : abstention(turn, kind, actions),
      turn.status === 'pending' ? busyLine(kind === 'answered' ? 'Quoting the documents…' : 'Reading the documents…') : null,
      turn.status === 'done' && cited > 0
        ? h(
            'div',
            { class: 'actions' },
            h(
              'button',
              {
                class: 'button button--quiet',
                attrs: { type: 'button' },
                on: { click: (event) => actions.showSources(turn, event.currentTarget as HTMLElement) },
              },
              sourcesLabel,
            ),
            kind === 'answered'
              ? h('button', { class: 'button button--quiet', attrs: { type: 'button' }, on: { click: (event) => actions.copyAnswer(turn, event.currentTarget as HTMLButtonElement) } }, 'Copy answer')
              : null,
          )
        : null,
    );
  }

  const language = head?.language ?? null;
  return h(
    'article',
    { class: 'turn', attrs: { 'data-turn-id': turn.id, 'aria-labelledby': questionId, 'aria-busy': turn.status === 'pending' ? 'true' : 'false' } },
    h(
      'div',
      { class: 'question' },
      // A question in another language is marked as such, so it is read out in it (and Arabic runs right to left).
      h('h2', { class: 'question-text', attrs: { id: questionId, tabindex: '-1', lang: language?.code, dir: language ? textDirection(language.code) : 'auto' } }, turn.question),
      questionMeta(turn, actions),
      readingNotes(turn, actions),
    ),
    answer,
  );
}

/** How many documents the empty page lists by name; the document filter lists them all. */
const LISTED_DOCUMENTS = 8;

/** The empty page's account of the documents: what they are, how many paragraphs, which years. */
function corpusIntro(documents: readonly DocumentSummary[] | null): Child[] {
  if (documents === null) return [h('p', null, 'Loading the list of documents…')];
  if (documents.length === 0) return [h('p', null, 'No documents are indexed yet.')];
  const corpus = describeCorpus(documents);
  const span = corpus.years ? `, ${corpus.years}` : '';
  const only = documents.length === 1 ? documents[0] : undefined;
  if (only) {
    return [
      h(
        'p',
        null,
        'The document is ',
        h('cite', null, `“${only.title}”`),
        only.symbol ? ` (${only.symbol})` : null,
        `${span} — ${corpus.paragraphs} numbered paragraphs.`,
      ),
    ];
  }
  const listed = documents.slice(0, LISTED_DOCUMENTS);
  return [
    h('p', null, `The documents are ${documents.length} UN documents${span} — ${corpus.paragraphs} numbered paragraphs:`),
    h(
      'ul',
      { class: 'document-list' },
      ...listed.map((document) =>
        h('li', null, document.symbol ? h('span', { class: 'document-symbol' }, document.symbol) : null, h('cite', null, document.title)),
      ),
      documents.length > listed.length ? h('li', { class: 'document-more' }, `and ${documents.length - listed.length} more, in the document filter below.`) : null,
    ),
  ];
}

/** The page before the first question: what the documents are, and examples of each use. */
export function renderEmptyState(documents: readonly DocumentSummary[] | null, examples: readonly Example[] | null, actions: Actions): HTMLElement {
  const bodies = documents ? describeCorpus(documents).bodies : [];
  const heading = bodies.length === 1 ? `Ask what the ${bodies[0]} discussed` : 'Ask what the documents say';
  return h(
    'section',
    { class: 'empty', attrs: { 'aria-labelledby': 'empty-title' } },
    h('h2', { attrs: { id: 'empty-title' } }, heading),
    ...corpusIntro(documents),
    h(
      'p',
      null,
      'Answers are quoted sentence by sentence from those paragraphs, each with a numbered citation you can open, read in full and copy. When the documents do not answer a question, you are told so and shown the closest paragraphs instead.',
    ),
    examples && examples.length > 0 ? h('h3', { class: 'examples-title' }, 'Try one of these') : null,
    examples && examples.length > 0
      ? h(
          'ul',
          { class: 'examples' },
          ...examples.map((example) =>
            h(
              'li',
              null,
              h(
                'button',
                { class: 'example', attrs: { type: 'button' }, on: { click: () => actions.runExample(example) } },
                h('span', { class: 'example-use' }, example.use),
                ...example.questions.map((question, i) => h('span', { class: 'example-question' }, i > 0 ? `then: ${question}` : question)),
              ),
            ),
          ),
        )
      : null,
  );
}

function footnoteList(footnotes: readonly Footnote[]): Child {
  if (footnotes.length === 0) return null;
  return h(
    'div',
    { class: 'footnotes' },
    h('p', { class: 'footnotes-title' }, footnotes.length === 1 ? 'Footnote' : 'Footnotes'),
    h('ol', null, ...footnotes.map((footnote) => h('li', null, h('span', { class: 'footnote-marker' }, footnote.marker), h('span', null, footnote.text)))),
  );
}

/** A paragraph's text with the quoted sentences marked. */
function paragraphText(text: string, quoted: readonly string[]): HTMLElement {
  return h(
    'blockquote',
    { class: 'source-text' },
    ...highlightSegments(text, quoted).map((segment) => (segment.highlighted ? h('mark', null, segment.text) : segment.text)),
  );
}

function describeDetails(paragraph: { section: string | null; topic: string | null }): Child[] {
  return [
    paragraph.section ? h('p', { class: 'source-section' }, paragraph.section) : null,
    paragraph.topic ? h('p', { class: 'source-topic' }, paragraph.topic) : null,
  ];
}

/** The document a paragraph is from, on its card; the full title on hover. Turns saved before there were several have none. */
function documentLine(document: DocumentRef | string | undefined): Child {
  if (typeof document !== 'object' || document === null) return null;
  return h(
    'p',
    { class: 'source-document', attrs: { title: document.title, 'data-document': document.id } },
    h('span', { class: 'visually-hidden' }, 'Document: '),
    document.symbol ? h('span', { class: 'document-symbol' }, document.symbol) : null,
    document.symbol ? ` · ${documentDescription(document)}` : documentName(document),
  );
}

/** "Cite as": the short citation stays readable on the card; the copy button gives the full reference. */
function citeAs(citation: string): HTMLElement {
  return h('p', { class: 'source-citation' }, h('span', { class: 'source-citation-label' }, 'Cite as '), citation);
}

/** The card's copy buttons: the full one-line reference, and the quoted text with it. */
function copyButtons(reference: string, quotation: string, actions: Actions): HTMLButtonElement[] {
  const copy = h('button', { class: 'button button--quiet', attrs: { type: 'button', 'data-copy': 'citation' } }, 'Copy citation');
  copy.addEventListener('click', () => actions.copyCitation(reference, copy, 'Citation'));
  const quote = h('button', { class: 'button button--quiet', attrs: { type: 'button', 'data-copy': 'quotation' } }, 'Copy quotation');
  quote.addEventListener('click', () => actions.copyCitation(quotation, quote, 'Quotation'));
  return [copy, quote];
}

/** One cited paragraph in the sources panel. */
export function renderSourceCard(citation: Citation, selected: boolean, actions: Actions, quotation: string, filteredOut = false): HTMLElement {
  return h(
    'article',
    {
      class: `source${selected ? ' is-selected' : ''}`,
      attrs: {
        id: `source-${citation.n}`,
        tabindex: '-1',
        'data-n': citation.n,
        'data-year': citation.year ?? 'undated',
        'aria-labelledby': `source-${citation.n}-title`,
        hidden: filteredOut,
      },
    },
    h(
      'header',
      { class: 'source-head' },
      h('span', { class: 'source-n', attrs: { 'aria-hidden': 'true' } }, String(citation.n)),
      h('h3', { class: 'source-position', attrs: { id: `source-${citation.n}-title` } }, h('span', { class: 'visually-hidden' }, `Source ${citation.n}: `), describePosition(citation)),
    ),
    documentLine(citation.document),
    ...describeDetails(citation),
    paragraphText(citation.text, citation.quoted),
    footnoteList(citation.footnotes),
    citeAs(citation.citation),
    h(
      'div',
      { class: 'actions' },
      ...copyButtons(citation.reference || citation.citation, quotation, actions),
      h('a', { class: 'button button--quiet', attrs: { href: `#p=${encodeURIComponent(citation.id)}` } }, 'Read in context'),
    ),
  );
}

/** A paragraph opened by its link (#p=…), with its neighbours a click away. */
export function renderParagraph(paragraph: ParagraphView, quoted: readonly string[], actions: Actions, quotation: string): HTMLElement {
  const neighbour = (id: string | null, label: string, rel: string) =>
    id === null
      ? h('span', { class: 'button button--quiet is-disabled', attrs: { 'aria-disabled': 'true' } }, label)
      : h('a', { class: 'button button--quiet', attrs: { href: `#p=${encodeURIComponent(id)}`, rel } }, label);
  return h(
    'article',
    { class: 'source source--single', attrs: { 'aria-labelledby': 'paragraph-title', 'data-id': paragraph.id } },
    h('header', { class: 'source-head' }, h('h3', { class: 'source-position', attrs: { id: 'paragraph-title' } }, paragraph.citation)),
    documentLine(paragraph.document),
    h(
      'p',
      { class: 'source-meta' },
      describePosition(paragraph),
      paragraph.meetingDates ? ` · meeting of ${paragraph.meetingDates}` : null,
    ),
    ...describeDetails(paragraph),
    paragraphText(paragraph.text, quoted),
    footnoteList(paragraph.footnotes),
    paragraph.reference ? h('p', { class: 'source-reference' }, paragraph.reference) : null,
    h('div', { class: 'actions' }, ...copyButtons(paragraph.reference || paragraph.citation, quotation, actions)),
    h('nav', { class: 'pager', attrs: { 'aria-label': 'Neighbouring paragraphs' } }, neighbour(paragraph.previous, '← Previous paragraph', 'prev'), neighbour(paragraph.next, 'Next paragraph →', 'next')),
  );
}
