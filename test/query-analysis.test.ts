import { describe, expect, it } from 'vitest';
import { reciprocalRankFusion } from '../src/retrieve/fusion.js';
import { contentTerms } from '../src/parse/terms.js';
import { harvestAcronyms, matchLongForm } from '../src/parse/acronym-definitions.js';
import { acronymDictionary, findAcronyms } from '../src/retrieve/acronyms.js';
import { MeetingCalendar } from '../src/retrieve/meeting-calendar.js';
import { analyseQuery } from '../src/retrieve/query-analysis.js';
import { QueryExpander } from '../src/retrieve/query-expansion.js';
import { DomainThesaurus } from '../src/retrieve/domain-thesaurus.js';
import { SynonymFinder, type PhraseLookup } from '../src/retrieve/synonyms.js';
import { WordNet } from '../src/retrieve/wordnet.js';
import { SessionCalendar } from '../src/retrieve/session-calendar.js';

/** Questions read as for the CND corpus: unnamed sessions on the Commission's calendar. */
const TEST_SESSIONS = SessionCalendar.forDocuments([{ body: 'Commission on Narcotic Drugs' }]);

describe('year detection', () => {
  it.each([
    ['What was said about drug checking services in 2023?', 2023],
    ['What did the 2020 session say about COVID-19?', 2020],
    ["Highlights of 2021's discussions on cybercrime", 2021],
    ['What was discussed at the sixty-fourth session on money-laundering?', 2021],
    ['Which challenges did the sixty-fifth session take up?', 2022],
    ['What did the 66th session say about NPS?', 2023],
    ['Which topics were covered in the third round of thematic discussions?', 2021],
    ['What happened during the fourth round?', 2022],
    ['What about the sixth round?', 2023],
    ['Was cannabis mentioned in 2017?', 2017],
  ])('%s → %i', (question, year) => {
    expect(analyseQuery(question, TEST_SESSIONS).year).toBe(year);
  });

  it.each([
    'What does the 2019 Ministerial Declaration commit Member States to?',
    'What was said about the 2024 midterm review?',
    'Which goal aims to end the epidemic of hepatitis by 2030?',
    'How did views on alternative development change between 2019 and 2023?',
    'What was said about naloxone?',
  ])('names no single meeting year: %s', (question) => {
    expect(analyseQuery(question, TEST_SESSIONS).year).toBeNull();
  });

  it('removes the year words from the text to embed and from the lexical terms', () => {
    const analysed = analyseQuery('What was said about drug checking services in 2023?', TEST_SESSIONS);
    expect(analysed.topicText).toBe('What was said about drug checking services ?');
    expect(analysed.terms).toEqual(['drug', 'checking', 'services']);
    expect(analyseQuery('The sixty-fourth session on darknet markets', TEST_SESSIONS).terms).toEqual(['darknet', 'markets']);
  });

  it('leaves out a request\'s opening verb, which asks rather than names what it is about', () => {
    expect(analyseQuery('List the chairs of the thematic discussions', TEST_SESSIONS).terms).toEqual(['chairs', 'thematic', 'discussions']);
    expect(analyseQuery('Compare what was said about treatment in 2020 and 2023', TEST_SESSIONS).terms).toEqual(['treatment']);
    expect(analyseQuery('Was the control list discussed?', TEST_SESSIONS).terms).toContain('list');
  });

  it('leaves out the words that frame a question on how a topic changed, which its meetings\' words show', () => {
    expect(analyseQuery('How did the discussion of cannabis change between 2019 and 2023?', TEST_SESSIONS)).toMatchObject({ terms: ['cannabis'], span: { from: 2019, to: 2023 } });
    expect(analyseQuery('How has alternative development evolved?', TEST_SESSIONS).terms).toEqual(['alternative', 'development']);
    expect(analyseQuery('Was climate change discussed?', TEST_SESSIONS).terms).toContain('change');
  });

  it('leaves out "deal with", which says how something is handled and names no topic', () => {
    expect(analyseQuery('How do countries deal with drug users in prison?', TEST_SESSIONS).terms).toEqual(['countries', 'drug', 'users', 'prison']);
    expect(analyseQuery('What was said about drug dealers?', TEST_SESSIONS).terms).toContain('dealers');
  });

  it('leaves out the words for the record\'s own parts and wording, which ask where it says something, not what', () => {
    expect(analyseQuery('Which paragraph mentions captagon?', TEST_SESSIONS).terms).toEqual(['captagon']);
    expect(analyseQuery('quote the paragraph on xylazine', TEST_SESSIONS).terms).toEqual(['xylazine']);
    expect(analyseQuery('Did they use the term drug checking in 2022?', TEST_SESSIONS).terms).toEqual(['drug', 'checking']);
    // "sentences" stays: people are sentenced.
    expect(analyseQuery('Were death sentences discussed?', TEST_SESSIONS).terms).toContain('sentences');
  });

  it('reads the first or the latest meeting on record, but not the Commission\'s first session or a year\'s first intersessional meeting', () => {
    expect(analyseQuery('What was the first meeting about?', TEST_SESSIONS)).toMatchObject({ meetingInOrder: 'first', year: null });
    expect(analyseQuery('Summarise the latest session', TEST_SESSIONS).meetingInOrder).toBe('last');
    expect(analyseQuery('What did the most recent discussions say about cannabis?', TEST_SESSIONS)).toMatchObject({ meetingInOrder: 'last', terms: ['cannabis'] });
    expect(analyseQuery('What happened at the first intersessional meeting?', TEST_SESSIONS).meetingInOrder).toBeNull();
    expect(analyseQuery('What was the last meeting in 2021 about?', TEST_SESSIONS)).toMatchObject({ meetingInOrder: null, year: 2021 });
  });

  it('leaves out verbs that only carry another, which WordNet would read as lack, acquiring or a trial', () => {
    expect(analyseQuery('Do they want to legalise everything?', TEST_SESSIONS).terms).toEqual(['legalise']);
    expect(analyseQuery('Are drugs getting stronger?', TEST_SESSIONS).terms).toEqual(['drugs', 'stronger']);
    expect(analyseQuery('Are countries trying to stop fentanyl?', TEST_SESSIONS).terms).toEqual(['countries', 'stop', 'fentanyl']);
    expect(analyseQuery("What's being done about meth in Asia?", TEST_SESSIONS).terms).toEqual(['meth', 'asia']);
  });

  it('reads two meeting years named apart as the meetings to compare, not a span, nor the years of a figure', () => {
    expect(analyseQuery('Compare 2019 and 2023 on cannabis', TEST_SESSIONS)).toMatchObject({ meetingYears: [2019, 2023], year: null, span: null });
    expect(analyseQuery('What was said about treatment between 2020 and 2022?', TEST_SESSIONS).meetingYears).toEqual([]);
    expect(analyseQuery('How many deaths were recorded in 2019 and 2021?', TEST_SESSIONS).meetingYears).toEqual([]);
  });

  it('reads a year beside a named document as the meeting year', () => {
    expect(analyseQuery('How many people inject drugs according to the 2020 World Drug Report at the 2021 session?', TEST_SESSIONS).year).toBe(2021);
  });

  it('keeps a year that names a document as a term', () => {
    expect(analyseQuery('the 2019 Ministerial Declaration', TEST_SESSIONS).terms).toEqual(['2019', 'ministerial', 'declaration']);
  });
});

describe('lexical terms', () => {
  it('drops stop words and question words, splits hyphens, de-duplicates', () => {
    expect(contentTerms('Who chaired the non-medical use of drugs, and the drugs of Non-Medical origin?')).toEqual(['chaired', 'non', 'medical', 'use', 'drugs', 'origin']);
  });

  it('drops the prepositions and connectives the stop-word list lacks, "among" and "throughout" with them, but keeps "per"', () => {
    expect(contentTerms('drug use among homeless people throughout Europe, however small')).toEqual(['drug', 'use', 'homeless', 'people', 'europe', 'small']);
    expect(contentTerms('assets seized per country')).toEqual(['assets', 'seized', 'per', 'country']);
  });

  it("reads a contraction as its own word, so \"don't\" is a stop word and not \"don\"", () => {
    expect(contentTerms("Don't impounded yachts lose worth? They won't, can't.")).toEqual(['impounded', 'yachts', 'lose', 'worth', 'will']);
    expect(contentTerms("The Commission's work in Côte d'Ivoire")).toEqual(['commission', 'work', 'côte', 'ivoire']);
  });

  it('drops the words that only place a question in the present, so "these days" does not match the meetings\' days', () => {
    expect(analyseQuery('Are more elderly people using drugs these days?', TEST_SESSIONS).terms).toEqual(['elderly', 'people', 'using', 'drugs']);
    expect(analyseQuery('Is naloxone easy to get nowadays, or right now at the moment?', TEST_SESSIONS).terms).toEqual(['naloxone', 'easy']);
    expect(analyseQuery('How many days did the meeting last?', TEST_SESSIONS).terms).toContain('days');
  });

  it('keeps accented letters and numbers', () => {
    expect(contentTerms('Türkiye reported 618 NPS')).toEqual(['türkiye', 'reported', '618', 'nps']);
  });
});

describe('reciprocal rank fusion', () => {
  it('ranks an item found by both lists above items found by one', () => {
    const fused = reciprocalRankFusion(
      [
        { ranking: [{ id: 'a', score: 9 }, { id: 'b', score: 5 }], weight: 1 },
        { ranking: [{ id: 'c', score: 0.9 }, { id: 'b', score: 0.8 }], weight: 1 },
      ],
      60,
    );
    expect(fused.map((h) => h.id)).toEqual(['b', 'a', 'c']);
    expect(fused[0]!.score).toBeCloseTo(1 / 62 + 1 / 62);
  });

  it('lets a weight favour one list', () => {
    const fused = reciprocalRankFusion(
      [
        { ranking: [{ id: 'a', score: 1 }], weight: 2 },
        { ranking: [{ id: 'c', score: 1 }], weight: 1 },
      ],
      60,
    );
    expect(fused.map((h) => h.id)).toEqual(['a', 'c']);
  });
});

describe('years that name a document, other years, dates', () => {
  it('reads "the 1988 Convention" as a name, not a meeting year', () => {
    expect(analyseQuery('Which article of the 1988 Convention deals with ships?', TEST_SESSIONS).year).toBeNull();
  });

  it('sets the named year aside when the question asks about other years', () => {
    const analysed = analyseQuery('Which other years mentioned that toolkit in 2020?', TEST_SESSIONS);
    expect(analysed.year).toBeNull();
    expect(analysed.excludedYear).toBe(2020);
  });

  it.each([
    ['What happened on 19 October?', [{ month: 10, day: 19 }]],
    ['What was presented at the December 2023 meeting?', [{ month: 12, day: null }]],
    ['What was said on October 17, 2019 about NPS?', [{ month: 10, day: 17 }]],
    ['What was said in December?', [{ month: 12, day: null }]],
    ['May the Commission decide on scheduling?', []],
  ])('finds the dates in %s', (question, dates) => {
    expect(analyseQuery(question, TEST_SESSIONS).dates).toEqual(dates);
  });
});

describe('acronyms', () => {
  it('harvests definitions written either way round, plurals and hyphens included', () => {
    const found = harvestAcronyms([
      'an increase in new psychoactive substances (NPS) was reported',
      'UNODC presented CHAMPS (Children Amplified Prevention Services), its new initiative',
      'a framework to measure illicit financial flows (IFFs) was introduced',
      'traditional plant-based drugs and amphetamine-type stimulants (ATS) continued',
      'the INCB IONICS (Project Ion Incident Communication System) was mentioned',
    ]);
    expect(found.get('NPS')).toEqual(['new psychoactive substances']);
    expect(found.get('CHAMPS')).toEqual(['Children Amplified Prevention Services']);
    expect(found.get('IFF')).toEqual(['illicit financial flows']);
    expect(found.get('ATS')).toEqual(['amphetamine-type stimulants']);
    expect(found.get('IONICS')).toEqual(['Project Ion Incident Communication System']);
  });

  it('starts a long form at its first content word, not at a function word with the right initial', () => {
    const found = harvestAcronyms(['representatives of the Organization of American States (OAS) and the Office of the United Nations High Commissioner for Human Rights (OHCHR)']);
    expect(found.get('OAS')).toEqual(['Organization of American States']);
    expect(found.get('OHCHR')).toEqual(['Office of the United Nations High Commissioner for Human Rights']);
  });

  it('ignores parentheses that define nothing', () => {
    const found = harvestAcronyms(['chaired by H.E. Ambassador Ghislain D’Hoop (Belgium)', 'the ARQ (see annex) and the STAND (forthcoming)', 'the financing of terrorism and proliferation (FATF)']);
    expect([...found.keys()]).toEqual([]);
  });

  it('matches letters to word starts as Schwartz and Hearst do', () => {
    expect(matchLongForm('WHO', 'from the World Health Organization')).toBe('World Health Organization');
    expect(matchLongForm('EWA', 'the UNODC Early Warning Advisory')).toBe('Early Warning Advisory');
    expect(matchLongForm('XYZ', 'nothing to see here')).toBeNull();
  });

  const dictionary = acronymDictionary(harvestAcronyms(['the UNODC Early Warning Advisory (EWA) system']));

  it('expands an acronym the question names, as written: "WHO" is one, "who" is not', () => {
    expect(findAcronyms('What is the EWA and what does it do?', dictionary)).toEqual([{ acronym: 'EWA', alternatives: ['Early Warning Advisory'] }]);
    expect(findAcronyms('Who chaired the session?', dictionary)).toEqual([]);
    expect(findAcronyms("What was the UPU's role?", dictionary)).toEqual([{ acronym: 'UPU', alternatives: ['Universal Postal Union'] }]);
  });

  it('finds the acronym of a long form the question spells out, from the corpus or the curated list', () => {
    expect(findAcronyms('What did the early warning advisory report?', dictionary)).toEqual([{ acronym: 'EWA', alternatives: ['EWA'] }]);
    expect(findAcronyms('What was said about the annual report questionnaire?', dictionary)).toEqual([{ acronym: 'ARQ', alternatives: ['ARQ'] }]);
  });
});

describe('WordNet', () => {
  const wordnet = new WordNet();

  it('finds the lemma of an inflected word and its senses, most frequent first', () => {
    const senses = wordnet.lookup('inmates');
    expect(senses.length).toBeGreaterThan(0);
    expect(senses.some((s) => s.lemmas.includes('convict') && wordnet.hypernyms(s).some((h) => h.lemmas.includes('prisoner')))).toBe(true);
    expect(wordnet.lookup('qwzxv')).toEqual([]);
  });

  it('finds the adjective of a comparative or superlative that doubles its last consonant', () => {
    expect(wordnet.lemmas('biggest', 'adj')).toContain('big');
    expect(wordnet.lemmas('hotter', 'adj')).toContain('hot');
    expect(wordnet.lemmas('larger', 'adj')).toContain('large');
  });

  it('follows derivational links from one word of a synset', () => {
    const register = wordnet.lookup('registered', ['verb']);
    expect(register.flatMap((s) => wordnet.derivedForms(s, 'register'))).toContain('registration');
  });

  it('tells how common a word is in English from its SemCor count, through its inflections', () => {
    const inside = wordnet.usage('inside');
    expect(inside.other).toBeGreaterThan(inside.noun);
    expect(wordnet.usage('gambling').noun).toBeGreaterThan(0);
    expect(wordnet.usage('capital').noun).toBeGreaterThan(wordnet.usage('capital').other);
    expect(wordnet.usage('kratom')).toEqual({ noun: 0, other: 0 });
    expect(wordnet.usage('signed')).toEqual(wordnet.usage('sign'));
  });
});

describe('synonym expansion', () => {
  const wordnet = new WordNet();
  const anyPhrase = async () => true;
  const vocabulary = new Map([
    ['cannabi', 4],
    ['prison', 12],
    ['youth', 5],
    ['new', 30],
    ['psychoact', 20],
    ['substanc', 60],
    ['adolesc', 2],
    ['drug', 200],
    ['marijuana', 0],
  ]);

  it('expands rare words into words the corpus uses, and leaves frequent words alone', async () => {
    const found = await new SynonymFinder(wordnet, vocabulary, 10, anyPhrase).find(['teenagers', 'weed', 'drug']);
    expect(found).toContainEqual({ text: 'adolescent', source: 'teenagers', relation: 'synonym', mainSense: true });
    expect(found).toContainEqual({ text: 'cannabis', source: 'weed', relation: 'hypernym', mainSense: false });
    // "drug" is in 200 paragraphs: its own word already finds them.
    expect(found.filter((s) => s.source === 'drug')).toEqual([]);
    // Nothing the corpus never says.
    expect(found.map((s) => s.text)).not.toContain('pot');
  });

  it("tells a synonym in the word's most frequent sense from one in a rarer sense", async () => {
    const found = await new SynonymFinder(wordnet, new Map([['great', 40], ['adolesc', 2]]), 10, anyPhrase).find(['capital', 'teenagers']);
    // "a capital idea" is a great one, but a question about a capital is not about greatness.
    expect(found).toContainEqual({ text: 'great', source: 'capital', relation: 'synonym', mainSense: false });
    expect(found).toContainEqual({ text: 'adolescent', source: 'teenagers', relation: 'synonym', mainSense: true });
  });

  it("takes a synonym as the same meaning only when the shared sense is the synonym's most frequent one too", async () => {
    const found = await new SynonymFinder(wordnet, new Map([['risk', 40], ['adolesc', 2]]), 10, anyPhrase).find(['gambling', 'teenagers']);
    // "risk" shares a sense of "gamble", but mostly means exposure to danger: a corpus saying "risk" is not about gambling.
    expect(found).toContainEqual({ text: 'risk', source: 'gambling', relation: 'synonym', mainSense: false });
    // The first sense is read from WordNet's index alone, and is the first that `senses` reads in full.
    expect(wordnet.firstSense('risk', 'verb')).toBe(wordnet.senses('risk', ['verb']).synsets[0]!.offset);
    expect(wordnet.firstSense('qwzxv', 'noun')).toBeNull();
    expect(found).toContainEqual({ text: 'adolescent', source: 'teenagers', relation: 'synonym', mainSense: true });
  });

  it('keeps a dictionary phrase only where the corpus says it as a phrase', async () => {
    const words = new Map([['revenu', 3], ['enhanc', 5]]);
    const said = (phrases: string[]) => async (phrase: string) => phrases.includes(phrase);
    const texts = async (hasPhrase: PhraseLookup) => (await new SynonymFinder(wordnet, words, 10, hasPhrase).find(['taxation'])).map((s) => s.text);
    expect(await texts(said(['revenue enhancement']))).toContain('revenue enhancement');
    expect(await texts(said([]))).not.toContain('revenue enhancement');
    expect(await texts(said([]))).toContain('revenue');
  });

  it('weights the question words 1 and the expansions below, and spells acronyms out for the embedding', async () => {
    const expander = new QueryExpander(acronymDictionary(new Map()), vocabulary, wordnet, {
      acronymWeight: 0.9,
      synonymWeight: 0.5,
      derivedWeight: 0.4,
      hypernymWeight: 0.3,
      thesaurusWeight: 0.8,
      layPhraseWordShare: 2 / 3,
      expandBelow: 10,
    }, anyPhrase);
    const expanded = await expander.expand(analyseQuery('Are teenagers using weed and NPS?', TEST_SESSIONS));
    expect(expanded.lexicalTerms).toEqual(
      expect.arrayContaining([
        { text: 'teenagers', weight: 1 },
        { text: 'weed', weight: 1 },
        { text: 'adolescent', weight: 0.5 },
        { text: 'cannabis', weight: 0.3 },
      ]),
    );
    expect(expanded.denseText).toBe('Are teenagers using weed and NPS (new psychoactive substances)?');
  });

  it('weights the record\'s term for a lay phrase of several words by the words it stands for', async () => {
    const thesaurus = new DomainThesaurus([
      { terms: ['safe injection sites'], means: ['drug consumption rooms'], source: 'domain' },
      { terms: ['pot'], means: ['cannabis'], source: 'wordnet' },
    ]);
    const withRooms = new Map([...vocabulary, ['consumpt', 3], ['room', 3], ['safe', 9], ['inject', 9], ['site', 9]]);
    const settings = { acronymWeight: 1, synonymWeight: 1, derivedWeight: 1, hypernymWeight: 1, thesaurusWeight: 0.9, layPhraseWordShare: 2 / 3, expandBelow: 10 };
    const expander = new QueryExpander(acronymDictionary(new Map()), withRooms, wordnet, settings, anyPhrase, thesaurus);
    const expanded = await expander.expand(analyseQuery('Did anyone mention safe injection sites or pot?', TEST_SESSIONS));
    // Three words at two thirds each: twice the thesaurus weight; a one-word term keeps it.
    expect(expanded.lexicalTerms).toEqual(expect.arrayContaining([{ text: 'drug consumption rooms', weight: 1.8 }, { text: 'cannabis', weight: 0.9 }]));
  });
});

describe('meeting calendar', () => {
  const meeting = (year: number, meetingDates: string) =>
    ({ id: `d.${year}.1`, document: 'd', chapter: null, year, meetingDates, section: null, topic: null, paragraph: 1, text: '', footnotes: [], order: 0, line: 1 });
  const calendar = MeetingCalendar.fromParagraphs([
    meeting(2019, '16–18 October 2019'),
    meeting(2020, '19–21 October 2020'),
    meeting(2021, '19–21 October 2021'),
    meeting(2023, '21–23 October and 4–6 December 2023'),
  ]);

  it('names the one meeting held on a date', () => {
    expect(calendar.yearOf(analyseQuery('What was discussed on 17 October?', TEST_SESSIONS).dates)).toBe(2019);
    expect(calendar.yearOf(analyseQuery('What was said in December?', TEST_SESSIONS).dates)).toBe(2023);
    expect(calendar.yearOf(analyseQuery('What happened on 5 December?', TEST_SESSIONS).dates)).toBe(2023);
  });

  it('names none when several meetings or none were held then, or no date is named', () => {
    expect(calendar.yearOf(analyseQuery('What was discussed on 20 October?', TEST_SESSIONS).dates)).toBeNull();
    expect(calendar.yearOf(analyseQuery('What was discussed on 2 March?', TEST_SESSIONS).dates)).toBeNull();
    expect(calendar.yearOf(analyseQuery('What was discussed about cannabis?', TEST_SESSIONS).dates)).toBeNull();
  });
});
