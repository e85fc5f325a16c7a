import { describe, expect, it } from 'vitest';
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
  documentName,
  documentYears,
  excerpt,
  formatAnswerForCopy,
  formatCitation,
  groupByYear,
  highlightSegments,
  inFocus,
  languageReply,
  replyAnnouncement,
  replyKind,
  sameFocus,
  tallyParagraphs,
  textDirection,
} from '../../web/src/format.js';
import type { Answer, DocumentSummary } from '../../web/src/types.js';

describe('formatCitation', () => {
  it('quotes the quoted sentences after the citation', () => {
    expect(formatCitation('CND thematic discussions 2021 (III), para. 24', ['UNODC emphasized the importance.'])).toBe(
      'CND thematic discussions 2021 (III), para. 24: "UNODC emphasized the importance."',
    );
    expect(formatCitation('C, para. 1', ['One.', ' Two. '])).toBe('C, para. 1: "One. […] Two."');
  });

  it('quotes the whole paragraph when nothing of it was quoted, on one line', () => {
    expect(formatCitation('C, para. 1', [], 'Items:\n• a\n• b')).toBe('C, para. 1: "Items: • a • b"');
    expect(formatCitation('C, para. 1', [])).toBe('C, para. 1');
  });
});

describe('highlightSegments', () => {
  it('marks each quoted sentence and keeps all the text', () => {
    const text = 'First one. Second one. Third one.';
    const segments = highlightSegments(text, ['Second one.', 'Third one.']);
    expect(segments.map((s) => s.text).join('')).toBe(text);
    expect(segments).toEqual([
      { text: 'First one. ', highlighted: false },
      { text: 'Second one.', highlighted: true },
      { text: ' ', highlighted: false },
      { text: 'Third one.', highlighted: true },
    ]);
  });

  it('merges overlapping quotes and ignores ones not in the text', () => {
    expect(highlightSegments('abcdef', ['bcd', 'cde', 'xyz', ''])).toEqual([
      { text: 'a', highlighted: false },
      { text: 'bcde', highlighted: true },
      { text: 'f', highlighted: false },
    ]);
  });
});

describe('groupByYear', () => {
  it('groups a timeline by year in order, keeping the answer order within a year', () => {
    const s = (text: string, year: number | null) => ({ text, citations: [1], year });
    expect(groupByYear([s('c', 2023), s('a', 2019), s('d', null), s('b', 2019)])).toEqual([
      { year: 2019, sentences: [s('a', 2019), s('b', 2019)] },
      { year: 2023, sentences: [s('c', 2023)] },
      { year: null, sentences: [s('d', null)] },
    ]);
  });
});

describe('small descriptions', () => {
  it('describes positions, years and a copied answer', () => {
    expect(describePosition({ year: 2021, chapter: 'III', paragraph: 24 })).toBe('2021 · III · para. 24');
    expect(describePosition({ year: null, chapter: null, paragraph: 3 })).toBe('para. 3');
    expect(describePosition({ year: 2024, chapter: null, paragraph: 3, part: 'annex II' })).toBe('2024 · Annex II · para. 3');
    expect(describeYears([2021, 2019, 2020])).toBe('2019–2021');
    expect(describeYears([2019, 2023])).toBe('2019, 2023');
    expect(
      formatAnswerForCopy('Q?', [{ text: 'A.', citations: [1, 2], year: 2021 }], [
        { n: 1, citation: 'C1' },
        { n: 2, citation: 'C2' },
      ] as never),
    ).toBe('Q?\n\nA. [1][2]\n\nSources:\n[1] C1\n[2] C2\n');
    expect(formatAnswerForCopy('Q?', [{ text: 'A.', citations: [1], year: 2021 }], [{ n: 1, citation: 'C1', reference: 'Body, session, "Title", S/1, para. 1' }] as never)).toBe(
      'Q?\n\nA. [1]\n\nSources:\n[1] Body, session, "Title", S/1, para. 1\n',
    );
  });
});

const CND: DocumentSummary = {
  id: 'cnd',
  file: 'cnd.md',
  symbol: 'E/CN.7/2024/CRP.5',
  title: "Compilation of the Chairs' summaries",
  citationLabel: 'CND thematic discussions',
  body: 'Commission on Narcotic Drugs',
  session: 'sixty-seventh session',
  date: '2024-03-04',
  year: 2024,
  years: [2021, 2019, 2020, 2022, 2023],
  paragraphs: 267,
};
const GA: DocumentSummary = { ...CND, id: 'ga', symbol: 'A/RES/78/250', title: 'Resolution', citationLabel: 'GA resolution 78/250', body: 'General Assembly', years: [2023, 2024], paragraphs: 40 };
const NOTE: DocumentSummary = { ...CND, id: 'note', symbol: null, title: 'Background note', citationLabel: 'UNODC note', body: null, years: [2024], paragraphs: 10 };

describe('documents', () => {
  it('names a document by symbol, else label; a card by symbol and label, else title', () => {
    expect(documentLabel(CND)).toBe('E/CN.7/2024/CRP.5');
    expect(documentLabel(NOTE)).toBe('UNODC note');
    expect(documentName(CND)).toBe('E/CN.7/2024/CRP.5 · CND thematic discussions');
    expect(documentName(NOTE)).toBe('Background note');
    // A document labelled by its symbol (no meta.json, a long title) is not named twice.
    expect(documentName({ ...CND, citationLabel: CND.symbol! })).toBe(`E/CN.7/2024/CRP.5 · ${CND.title}`);
    expect(documentYears([CND, GA, NOTE])).toEqual([2019, 2020, 2021, 2022, 2023, 2024]);
  });

  it('describes one document by its label, symbol and years, several by their count, years and bodies', () => {
    expect(describeCorpus([CND])).toMatchObject({
      heading: 'CND thematic discussions',
      detail: 'E/CN.7/2024/CRP.5 · 2019–2023 · 267 paragraphs',
      title: 'CND thematic discussions · cited answers',
      description: "Cited answers from E/CN.7/2024/CRP.5, “Compilation of the Chairs' summaries”, 2019–2023.",
    });
    expect(describeCorpus([CND, GA, NOTE])).toMatchObject({
      heading: '3 UN documents · 2019–2024',
      detail: 'Commission on Narcotic Drugs and General Assembly · 317 paragraphs',
      title: '3 UN documents · cited answers',
      bodies: ['Commission on Narcotic Drugs', 'General Assembly'],
    });
  });
});

describe('the chart of an answer', () => {
  const ref = (document: DocumentSummary) => ({ id: document.id, symbol: document.symbol, title: document.title, citationLabel: document.citationLabel, body: document.body, session: document.session });
  const paragraphs = [
    { id: 'a', year: 2021, document: ref(CND) },
    { id: 'b', year: 2019, document: ref(CND) },
    { id: 'c', year: 2021, document: ref(GA) },
    { id: 'a', year: 2021, document: ref(CND) },
    { id: 'd', year: null, document: ref(CND) },
  ];

  it('counts each paragraph once per year (undated last) and per document', () => {
    const tally = tallyParagraphs(paragraphs);
    expect(tally.years).toEqual([
      { key: 2019, count: 1 },
      { key: 2021, count: 2 },
      { key: null, count: 1 },
    ]);
    expect(tally.documents.map((t) => [t.key.id, t.count])).toEqual([
      ['cnd', 3],
      ['ga', 1],
    ]);
    expect(tallyParagraphs([{ id: 'x', year: 2020, document: 'old-id' as never }]).documents).toEqual([]);
  });

  it('picks out the paragraphs of a bar', () => {
    expect(paragraphs.filter((p) => inFocus(p, { kind: 'year', year: 2021 })).map((p) => p.id)).toEqual(['a', 'c', 'a']);
    expect(paragraphs.filter((p) => inFocus(p, { kind: 'year', year: null })).map((p) => p.id)).toEqual(['d']);
    expect(paragraphs.filter((p) => inFocus(p, { kind: 'document', id: 'ga' })).map((p) => p.id)).toEqual(['c']);
    expect(sameFocus({ kind: 'year', year: 2021 }, { kind: 'year', year: 2021 })).toBe(true);
    expect(sameFocus({ kind: 'year', year: null }, { kind: 'year', year: 2021 })).toBe(false);
    expect(sameFocus({ kind: 'document', id: 'ga' }, { kind: 'year', year: 2021 })).toBe(false);
    expect(sameFocus(null, undefined)).toBe(true);
    expect(describeTally('2021', 3)).toBe('2021: 3 paragraphs');
    expect(describeTally('Undated', 1)).toBe('Undated: 1 paragraph');
  });
});

describe('displaySentence', () => {
  it('strips a leading list bullet, and only that', () => {
    expect(displaySentence('• Drug treatment services continue to fall short.')).toBe('Drug treatment services continue to fall short.');
    expect(displaySentence('  - Both the range of drugs is expanding; ')).toBe('Both the range of drugs is expanding;');
    expect(displaySentence('▪\u00a0A point.')).toBe('A point.');
    expect(displaySentence('– Dash item.')).toBe('Dash item.');
    expect(displaySentence('(a) An enumerated item.')).toBe('(a) An enumerated item.');
    expect(displaySentence('-2 per cent was reported.')).toBe('-2 per cent was reported.');
    expect(displaySentence('A sentence • with a bullet inside.')).toBe('A sentence • with a bullet inside.');
    expect(displaySentence('•')).toBe('•');
  });

  it('is what a copied answer quotes', () => {
    expect(formatAnswerForCopy('Q?', [{ text: '• A.', citations: [1], year: 2021 }], [{ n: 1, citation: 'C1' }] as never)).toBe('Q?\n\nA. [1]\n\nSources:\n[1] C1\n');
  });
});

describe('kinds of reply', () => {
  it('takes the kind from the status, and from abstained in turns saved before there was one', () => {
    expect(replyKind({ status: 'related', abstained: true })).toBe('related');
    expect(replyKind({ status: 'not_covered', abstained: true })).toBe('not_covered');
    expect(replyKind({ status: 'answered', abstained: false })).toBe('answered');
    expect(replyKind({ abstained: true })).toBe('not_covered');
    expect(replyKind({ abstained: false })).toBe('answered');
  });

  const SPANISH = { code: 'es', name: 'Spanish', reply: 'Los documentos están en inglés y la búsqueda solo lee inglés. Formule la pregunta en inglés, por favor.', searchedAs: null };

  it('parts a reply in another language from the English sentence after it, without its parentheses', () => {
    const text = `${SPANISH.reply} (This question seems to be in Spanish; the documents are in English and the search reads English only.)`;
    expect(languageReply(text, SPANISH)).toEqual({
      reply: SPANISH.reply,
      english: 'This question seems to be in Spanish; the documents are in English and the search reads English only.',
    });
    // A message that is the reply alone still gets an English sentence.
    expect(languageReply(SPANISH.reply, SPANISH).english).toBe('This question seems to be in Spanish; the documents are in English.');
    expect(languageReply('Something else entirely.', SPANISH)).toEqual({ reply: SPANISH.reply, english: 'Something else entirely.' });
  });

  it('writes Arabic right to left, and the other languages of the server left to right', () => {
    expect(textDirection('ar')).toBe('rtl');
    expect(textDirection('AR-eg')).toBe('rtl');
    for (const code of ['es', 'fr', 'ru', 'zh', 'en']) expect(textDirection(code)).toBe('ltr');
  });

  const base = {
    abstained: true,
    citations: [],
    corrected: null,
    language: null,
    yearConflict: null,
  } satisfies Partial<Answer>;
  const related = (n: number) => Array.from({ length: n }, (_, i) => ({ n: i + 1 })) as unknown as Answer['citations'];

  it('announces each kind by its title, with its message and how many paragraphs it lists', () => {
    expect(
      replyAnnouncement({ ...base, status: 'related', answer: { text: 'The documents mention “drug deaths” but do not give the number asked for.', sentences: [] }, related: related(3) }),
    ).toEqual(['Related, not an answer. The documents mention “drug deaths” but do not give the number asked for. 3 related passages.']);
    expect(replyAnnouncement({ ...base, status: 'not_covered', answer: { text: 'The documents do not appear to cover this question.', sentences: [] }, related: related(1) })).toEqual([
      'Not covered by the documents. The documents do not appear to cover this question. 1 closest paragraph.',
    ]);
    expect(replyAnnouncement({ ...base, status: 'not_covered', answer: { text: 'Nothing.', sentences: [] }, related: [] })).toEqual(['Not covered by the documents. Nothing.']);
    expect(
      replyAnnouncement({ ...base, abstained: false, status: 'answered', answer: { text: 'One. [1]', sentences: [{ text: 'One.', citations: [1], year: 2021 }] }, citations: related(1) }),
    ).toEqual(['Answer: One. (1 source.)']);
  });

  it('announces how the question was read first, and a reply in another language in that language', () => {
    const answer = {
      ...base,
      abstained: false,
      status: 'answered' as const,
      corrected: { original: 'naloxne kits', reading: 'naloxone kits', words: [{ from: 'naloxne', to: 'naloxone' }] },
      yearConflict: { filter: 2020, question: 2021, applied: 'question' as const },
      answer: { text: 'One. [1]', sentences: [{ text: 'One.', citations: [1], year: 2021 }] },
      citations: related(2),
    };
    expect(replyAnnouncement(answer)).toEqual([
      'Showing results for naloxone kits. Your question names 2021, so 2021 was searched, not the year filter (2020). Answer: One. (2 sources.)',
    ]);
    expect(
      replyAnnouncement({
        ...base,
        status: 'not_covered',
        language: SPANISH,
        answer: { text: `${SPANISH.reply} (This question seems to be in Spanish.)`, sentences: [] },
        related: related(2),
      }),
    ).toEqual(['Not covered by the documents.', { text: SPANISH.reply, lang: 'es', dir: 'ltr' }, 'This question seems to be in Spanish. 2 closest paragraphs.']);
  });
});

describe('how a question was read', () => {
  it('names the years a question spanning several searched', () => {
    expect(describeSpan({ from: 2021, to: null })).toBe('2021 onwards');
    expect(describeSpan({ from: 2019, to: 2021 })).toBe('2019–2021');
    expect(describeSpan({ from: null, to: null })).toBe('All years');
    expect(describeSpan({ from: null, to: 2020 })).toBe('Up to 2020');
    expect(describeSpan({ from: 2022, to: 2022 })).toBe('2022');
  });

  it('marks the corrected words of the reading, whole words only, keeping all the text', () => {
    const marked = (reading: string, words: Array<{ from: string; to: string }>) =>
      correctionSegments(reading, words).map((segment) => (segment.corrected ? `[${segment.text}]` : segment.text)).join('');
    expect(marked('naloxone kits', [{ from: 'naloxne', to: 'naloxone' }])).toBe('[naloxone] kits');
    expect(marked('alternative development in 2019', [{ from: 'alternativ', to: 'alternative' }, { from: 'developmnt', to: 'development' }])).toBe(
      '[alternative] [development] in 2019',
    );
    // Not inside a longer word, and each correction once even if its word comes back.
    expect(marked('drug use and drug', [{ from: 'drgu', to: 'drug' }])).toBe('[drug] use and drug');
    expect(marked('overdrugged drug', [{ from: 'drgu', to: 'drug' }])).toBe('overdrugged [drug]');
    expect(marked('What is NPS?', [{ from: 'N.P.S', to: 'N.P.S' }])).toBe('What is NPS?');
    expect(correctionSegments('kits', [])).toEqual([{ text: 'kits', corrected: false }]);
  });

  it('says which year a year conflict searched, why, and what the button does', () => {
    expect(describeYearConflict({ filter: 2020, question: 2021, applied: 'question' })).toEqual({
      text: 'Your question names 2021, so 2021 was searched, not the year filter (2020).',
      action: 'Search 2020 instead',
    });
    expect(describeYearConflict({ filter: 2020, question: 2021, applied: 'filter' })).toEqual({
      text: 'The year filter (2020) was kept, so 2020 was searched, not 2021, which your question names.',
      action: 'Set the filter to 2021 and search again',
    });
  });

  it('names the years a question compares, and those that never speak of its topic', () => {
    expect(describeComparedYears({ years: [2022, 2023], topic: 'fentanyl', without: [2022] })).toEqual({
      badge: '2022 and 2023 compared',
      absent: 'The 2022 discussions do not mention “fentanyl”: nothing of theirs is quoted.',
    });
    expect(describeComparedYears({ years: [2019, 2021, 2023], topic: 'cannabis', without: [] })).toEqual({ badge: '2019, 2021 and 2023 compared', absent: null });
  });

  it('cuts a related passage at a word, on one line', () => {
    expect(excerpt('Short\n  text.')).toBe('Short text.');
    const long = 'word '.repeat(100);
    const cut = excerpt(long, 50);
    expect(cut.endsWith('word…')).toBe(true);
    expect(cut.length).toBeLessThanOrEqual(51);
    expect(excerpt('One, two, three, four.', 10)).toBe('One, two…');
    expect(excerpt('x'.repeat(30), 10)).toBe(`${'x'.repeat(10)}…`);
  });
});
