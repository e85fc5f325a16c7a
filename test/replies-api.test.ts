import type { OpenAPIHono } from '@hono/zod-openapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Answer } from '../src/answer/types.js';
import { createTestApp, openTestPipeline, type TestPipeline } from './support/pipeline.js';

/**
 * The three kinds of reply and how a question is read (spelling, language, years, follow-ups), over the HTTP API
 * with the real index and the stand-in model, as conversations a new user holds.
 */

interface SearchBody {
  year: number | null;
  span: { from: number | null; to: number | null } | null;
  corrected: { original: string; reading: string; words: Array<{ from: string; to: string }> } | null;
  relevant: number;
  results: Array<{ text: string; year: number | null }>;
}

describe('replies over the API', () => {
  let pipeline: TestPipeline;
  let app: OpenAPIHono;

  beforeAll(async () => {
    pipeline = await openTestPipeline();
    app = createTestApp(pipeline);
  });

  afterAll(() => pipeline?.close());

  async function ask(body: Record<string, unknown>): Promise<Answer> {
    const response = await app.request('/api/ask', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(response.status).toBe(200);
    return (await response.json()) as Answer;
  }

  async function search(query: string): Promise<SearchBody> {
    const response = await app.request(`/api/search?${query}`);
    expect(response.status).toBe(200);
    return (await response.json()) as SearchBody;
  }

  const history = (...questions: string[]) => questions.map((question) => ({ question }));

  it('reads a misspelt word as the corpus word, says so, and searches as typed when asked', async () => {
    const corrected = await search('q=naloxne%20kits');
    expect(corrected.corrected).toEqual({ original: 'naloxne kits', reading: 'naloxone kits', words: [{ from: 'naloxne', to: 'naloxone' }] });
    expect(corrected.results.slice(0, 3).some((r) => r.text.toLowerCase().includes('naloxone'))).toBe(true);

    const asTyped = await search('q=naloxne%20kits&asTyped=true');
    expect(asTyped.corrected).toBeNull();
  });

  it('answers a typo search instead of refusing it', async () => {
    const answer = await ask({ question: 'cannabsi legalisation' });
    expect(answer.corrected?.reading).toBe('cannabis legalisation');
    expect(answer.status).toBe('answered');
    expect(answer.answer.text.toLowerCase()).toContain('cannabis');
  });

  it('marks where relevance drops in a search', async () => {
    const body = await search('q=naloxone&year=2019');
    expect(body.results.length).toBeGreaterThan(1);
    expect(body.relevant).toBeGreaterThanOrEqual(1);
    expect(body.relevant).toBeLessThan(body.results.length);
    for (const result of body.results.slice(0, body.relevant)) expect(result.text.toLowerCase()).toContain('naloxone');
    for (const result of body.results.slice(body.relevant)) expect(result.text.toLowerCase()).not.toContain('naloxone');
  });

  it('answers a question in Spanish from the English documents, saying in Spanish which English words it searched', async () => {
    const answer = await ask({ question: '¿Qué se dijo sobre la pena de muerte en 2022?' });
    expect(answer.status).toBe('answered');
    expect(answer.language).toMatchObject({ code: 'es', name: 'Spanish' });
    expect(answer.language!.searchedAs).toMatch(/death penalty/);
    expect(answer.language!.reply).toContain('inglés');
    // Composed for the English words, from the year the question names.
    expect(answer.resolvedQuestion).toBe(answer.language!.searchedAs);
    expect(answer.citations.length).toBeGreaterThan(0);
    for (const citation of answer.citations) expect(citation.year).toBe(2022);
    expect(answer.answer.text.toLowerCase()).toContain('death penalty');
  });

  it('says in plain words, and in the language, that a question in Spanish it cannot read was not searched', async () => {
    const answer = await ask({ question: '¿Los vecinos del barrio opinan que su alcalde trabaja bien?' });
    expect(answer.status).toBe('not_covered');
    expect(answer.reason).toBe('other-language');
    expect(answer.language).toMatchObject({ code: 'es', searchedAs: null });
    expect(answer.answer.text).toContain('inglés');
    expect(answer.answer.text).not.toMatch(/never use/);
  });

  it('says so, in Italian, to a question in a language it has no glossary for, instead of listing unknown words', async () => {
    const answer = await ask({ question: 'Che cosa hanno detto i delegati sul trattamento della dipendenza?' });
    expect(answer.status).toBe('not_covered');
    expect(answer.reason).toBe('other-language');
    expect(answer.language).toMatchObject({ code: 'it', name: 'Italian', searchedAs: null });
    expect(answer.answer.text).toMatch(/^I documenti sono in inglese.*\(This question seems to be in Italian;/);
    expect(answer.answer.text).not.toMatch(/never use/);
  });

  it('shows a near-miss as related, not as an answer, naming what the documents lack', async () => {
    const answer = await ask({ question: 'How much money does the Container Control Programme cost each year?' });
    expect(answer.status).toBe('related');
    expect(answer.reason).toBe('not-stated');
    expect(answer.citations).toEqual([]);
    expect(answer.related?.length).toBeGreaterThan(0);
    expect(answer.answer.text).toMatch(/^The documents mention “Container Control Programme” but do not give its value or cost\.$/);
    // The passages that mention what the message says is mentioned come first.
    expect(answer.related![0]!.text).toContain('Container Control Programme');
  });

  it('reports no vote where none is recorded', async () => {
    const answer = await ask({ question: 'Was there a vote on including a human rights chapter in the World Drug Report?' });
    expect(answer.status).toBe('related');
    expect(answer.answer.text).toMatch(/do not report a vote/);
  });

  it('starts afresh on a new topic: no year carries over from the previous question', async () => {
    const answer = await ask({
      question: 'How has alternative development been discussed over the years?',
      history: history('What was said about drug checking services in 2023?'),
    });
    expect(answer.resolvedQuestion).toBe('How has alternative development been discussed over the years?');
    expect(answer.year).toBeNull();
    expect(answer.status).toBe('answered');
    expect(new Set(answer.citations.map((c) => c.year)).size).toBeGreaterThan(1);
  });

  it('says when a follow-up moves to a year where the topic is absent, and where it is present', async () => {
    const answer = await ask({ question: 'And in 2021?', history: history('What was said about alternative development in 2019?') });
    expect(answer.status).toBe('not_covered');
    expect(answer.reason).toBe('topic-not-in-year');
    expect(answer.otherYears).toContain(2019);
    expect(answer.otherYears).not.toContain(2021);
    expect(answer.answer.text).toMatch(/^The 2021 discussions do not mention alternative development; those of .*2019.* do\.$/);
    expect(answer.citations).toEqual([]);
  });

  it('says so when a follow-up moves a question in everyday words to a year without its topic, naming it as the record does', async () => {
    // No paragraph has most of the question's words, and "executing" shares its stem with "Executive": the topic
    // is what the earlier answer quoted, "death penalty", which the 2020 chapter never mentions.
    const answer = await ask({ question: 'And in 2020?', history: history('Is executing people for drug crimes actually allowed under international law?') });
    expect(answer.status).toBe('not_covered');
    expect(answer.reason).toBe('topic-not-in-year');
    expect(answer.answer.text).toBe('The 2020 discussions do not mention death penalty; those of 2022 and 2023 do.');
    expect(answer.otherYears).toEqual([2022, 2023]);
  });

  it('says when a question standing alone names a year where its topic is absent, with that year\'s closest passages', async () => {
    const answer = await ask({ question: 'Was captagon mentioned in 2019?' });
    expect(answer.status).toBe('not_covered');
    expect(answer.reason).toBe('topic-not-in-year');
    expect(answer.otherYears).toEqual([2023]);
    expect(answer.answer.text).toBe('The 2019 discussions do not mention captagon; those of 2023 do.');
    expect(answer.citations).toEqual([]);
    expect(answer.related!.length).toBeGreaterThan(0);
    expect(answer.related!.every((passage) => passage.year === 2019)).toBe(true);
  });

  it('does not take "legal assistance" for legalization, though the full-text index stems both "legal"', async () => {
    const answer = await ask({ question: 'Was legalization discussed in 2020?' });
    expect(answer).toMatchObject({ status: 'not_covered', reason: 'topic-not-in-year', otherYears: [2019, 2022, 2023] });
    const followUp = await ask({ question: 'And in 2021?', history: history('What did delegates say about legalizing cannabis in 2022?') });
    expect(followUp).toMatchObject({ status: 'not_covered', reason: 'topic-not-in-year' });
  });

  it('looks for a topic that is a term of the record as the term: "harm reduction", not its word "reduction"', async () => {
    const harmReduction = await ask({ question: 'Was harm reduction mentioned in 2021?' });
    expect(harmReduction).toMatchObject({ status: 'not_covered', reason: 'topic-not-in-year', otherYears: [2019, 2020, 2023] });
    const drugChecking = await ask({ question: 'Did drug checking services come up in 2019?' });
    expect(drugChecking).toMatchObject({ status: 'not_covered', reason: 'topic-not-in-year', otherYears: [2023] });
    expect(drugChecking.answer.text).toBe('The 2019 discussions do not mention drug checking services; those of 2023 do.');
  });

  it('asks "What about X?" of a new subject the record names once, and says when that year never mentions it', async () => {
    // "xylazine" is in one paragraph (2023): a subject of its own, not added to fentanyl.
    const xylazine = await ask({ question: 'What about xylazine?', history: history('Who raised fentanyl in 2020?') });
    expect(xylazine.resolvedQuestion).toBe('Who raised xylazine in 2020?');
    expect(xylazine).toMatchObject({ status: 'not_covered', reason: 'topic-not-in-year', otherYears: [2023] });
    expect(xylazine.answer.text).toBe('The 2020 discussions do not mention xylazine; those of 2023 do.');

    // "nitazenes", which the record spells "nytazenes", is looked for by the record's word for it.
    const nitazenes = await ask({ question: 'What about nitazenes?', history: history("What's been said about fentanyl?", 'And in 2020?', 'Who raised it?') });
    expect(nitazenes.resolvedQuestion).toBe('Who raised nitazenes in 2020?');
    expect(nitazenes.answer.text).toBe('The 2020 discussions do not mention nitazenes; those of 2023 do.');
  });

  it('looks for a misspelt topic in the named year as the search read it: "naloxne" in 2022 is naloxone, absent that year', async () => {
    const answer = await ask({ question: 'What was said about naloxne in 2022?' });
    expect(answer.corrected?.words).toEqual([{ from: 'naloxne', to: 'naloxone' }]);
    expect(answer).toMatchObject({ status: 'not_covered', reason: 'topic-not-in-year', otherYears: [2019, 2023] });
    expect(answer.answer.text).toBe('The 2022 discussions do not mention naloxone; those of 2019 and 2023 do.');
  });

  it('says when "who raised" a topic asks of a year that never mentions it, rather than quote that year\'s speakers', async () => {
    const answer = await ask({ question: 'Who raised fentanyl in 2020?' });
    expect(answer).toMatchObject({ status: 'not_covered', reason: 'topic-not-in-year', otherYears: [2023] });
    const asked = await ask({ question: 'Who raised fentanyl in 2023?' });
    expect(asked.status).not.toBe('not_covered');
  });

  it('keeps no year from the conversation for a question naming its own topic after "on": "Any numbers on overdose deaths?"', async () => {
    const answer = await ask({ question: 'Any numbers on overdose deaths?', history: history("What's been said about fentanyl?", 'And in 2020?') });
    expect(answer.resolvedQuestion).toBe('Any numbers on overdose deaths?');
    expect(answer.year).toBeNull();
    expect(answer.status).toBe('answered');
  });

  it('answers a question standing alone about a year whose passages speak of its topic', async () => {
    const answer = await ask({ question: 'Was captagon mentioned in 2023?' });
    expect(answer.status).toBe('answered');
    expect(answer.citations.every((c) => c.year === 2023)).toBe(true);
  });

  it('says that a year never mentions what a follow-up puts in place of the earlier subject: "What about cocaine?"', async () => {
    const answer = await ask({ question: 'What about cocaine?', history: history('What was said about cannabis in 2022?') });
    expect(answer.resolvedQuestion).toBe('What was said about cocaine in 2022?');
    expect(answer.status).toBe('not_covered');
    expect(answer.reason).toBe('topic-not-in-year');
    expect(answer.answer.text).toBe('The 2022 discussions do not mention cocaine; those of 2019, 2021 and 2023 do.');
    expect(answer.citations).toEqual([]);

    // Asked next of the same year, the topic is still absent from it.
    const next = await ask({ question: 'Which countries were mentioned for it?', history: history('What was said about cannabis in 2022?', 'What about cocaine?') });
    expect(next.resolvedQuestion).toBe('Which countries were mentioned for cocaine in 2022?');
    expect(next).toMatchObject({ status: 'not_covered', reason: 'topic-not-in-year', otherYears: [2019, 2021, 2023] });
  });

  it('still follows a conversation into a year where the topic is present', async () => {
    const answer = await ask({ question: 'And in 2023?', history: history('What was said about alternative development in 2019?') });
    expect(answer.status).toBe('answered');
    expect(answer.year).toBe(2023);
    expect(answer.citations.every((c) => c.year === 2023)).toBe(true);
  });

  it('says which year applied when the year filter and the question disagree, and keeps the filter when asked', async () => {
    const question = 'What was said about cryptocurrencies in 2021?';
    const byQuestion = await ask({ question, year: 2020 });
    expect(byQuestion.yearConflict).toEqual({ filter: 2020, question: 2021, applied: 'question' });
    expect(byQuestion.year).toBe(2021);
    expect(byQuestion.citations.every((c) => c.year === 2021)).toBe(true);

    const byFilter = await ask({ question, year: 2020, keepFilterYear: true });
    expect(byFilter.yearConflict).toEqual({ filter: 2020, question: 2021, applied: 'filter' });
    expect(byFilter.year).toBe(2020);
  });

  it('searches the meeting of a figure\'s year and the later ones, and the meeting itself for meeting forms', async () => {
    const figure = await search('q=How%20many%20overdose%20deaths%20were%20recorded%20in%202020%3F');
    expect(figure.year).toBeNull();
    expect(figure.span).toEqual({ from: 2020, to: null });
    expect(figure.results.every((r) => r.year !== null && r.year >= 2020)).toBe(true);

    const meeting = await search('q=What%20was%20said%20about%20overdose%20deaths%20in%202020%3F');
    expect(meeting.year).toBe(2020);
    expect(meeting.span).toBeNull();
  });

  it('rejects a switch that is neither true nor false', async () => {
    const response = await app.request('/api/search?q=prisons&asTyped=maybe');
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { message: string } };
    expect(body.error.message).toMatch(/asTyped/);
  });
  it('answers what a year\'s meeting was about with its statement of the challenges it discussed, and each year\'s when none is named', async () => {
    const year = await ask({ question: 'What were the main topics discussed in 2021?' });
    expect(year.status).toBe('answered');
    const quoted = year.answer.sentences.map((s) => s.text);
    expect(quoted[0]).toBe('The Commission focused its discussions on how to address the following challenges:');
    expect(quoted.slice(1)).toHaveLength(3);
    expect(quoted.slice(1).every((text) => text.startsWith('• '))).toBe(true);
    expect(quoted[2]).toContain('value of confiscated proceeds of crime');
    expect(year.citations.map((c) => `${c.year} ${c.chapter}.${c.paragraph}`)).toEqual(['2021 III.4']);

    // "Main topics" are no words to look for in 2022: its meeting's statement answers the follow-up too.
    const next = await ask({ question: 'And in 2022?', history: history('What were the main topics discussed in 2021?') });
    expect(next.status).toBe('answered');
    expect(next.citations.map((c) => `${c.year} ${c.chapter}.${c.paragraph}`)).toEqual(['2022 IV.4']);

    const allYears = await ask({ question: 'What did the CND discuss over the years?' });
    expect(allYears.layout).toBe('timeline');
    expect(new Set(allYears.answer.sentences.map((s) => s.year))).toEqual(new Set([2019, 2020, 2021, 2022, 2023]));
    expect(allYears.answer.sentences.every((s) => !/not subject to negotiation|hybrid format/.test(s.text))).toBe(true);
  });
  it('answers when a topic was discussed with the meetings that spoke of it, also for "When was that?"', async () => {
    for (const answer of [await ask({ question: 'When was the death penalty discussed?' }), await ask({ question: 'When was that?', history: history('Did anyone mention the death penalty?') })]) {
      expect(answer.status).toBe('answered');
      expect(answer.layout).toBe('timeline');
      expect(new Set(answer.answer.sentences.map((s) => s.year))).toEqual(new Set([2022, 2023]));
      expect(answer.answer.sentences.every((s) => s.text.includes('death penalty'))).toBe(true);
    }
  });
  it('answers a fact asked "each year" year by year, one sentence holding it for every year on record', async () => {
    const answer = await ask({ question: 'Who chaired each year?' });
    expect(answer.layout).toBe('timeline');
    expect(answer.answer.sentences.map((s) => s.year)).toEqual([2019, 2020, 2021, 2022, 2023]);
    expect(answer.answer.sentences.every((s) => s.text.startsWith('The thematic discussions were chaired by H.E. Ambassador'))).toBe(true);
    // A year that does not state the fact is left out, not filled with another sentence.
    const registrations = await ask({ question: 'How many people registered each year?' });
    expect(registrations.answer.sentences.map((s) => s.year)).toEqual([2020, 2021, 2022, 2023]);
    expect(registrations.answer.sentences.every((s) => /registrations/.test(s.text))).toBe(true);
  });
  it('answers which countries spoke or took part from the rolls of panellists, though the record never writes "spoke"', async () => {
    const spoke = await ask({ question: 'Which countries spoke in 2021?' });
    expect(spoke.status).toBe('answered');
    expect(spoke.answer.sentences[0]!.text).toMatch(/^Expert panellists participated from Australia, Cabo Verde, Colombia/);
    const tookPart = await ask({ question: 'Which countries took part in 2022?' });
    expect(tookPart.status).toBe('answered');
    expect(tookPart.answer.sentences[0]!.text).toMatch(/Kenya; Mexico; the Philippines; Portugal/);
  });
  it('quotes a paragraph asked for by its number whole, within the year, chapter or document named, and says when there is none', async () => {
    const byYear = await ask({ question: 'What does paragraph 12 of the 2022 summary say?' });
    expect(byYear.status).toBe('answered');
    expect(byYear.citations.map((c) => `${c.year} ${c.chapter}.${c.paragraph}`)).toEqual(['2022 IV.12']);
    expect(byYear.answer.sentences.map((s) => s.text).join(' ')).toBe(byYear.citations[0]!.quoted.join(' '));
    expect(byYear.citations[0]!.quoted.length).toBeGreaterThan(0);

    const byChapter = await ask({ question: 'show me para 5 of chapter III' });
    expect(byChapter.citations.map((c) => `${c.year} ${c.chapter}.${c.paragraph}`)).toEqual(['2021 III.5']);

    // The year inside the symbol is no year asked about: every chapter's paragraph 30 of that document.
    const bySymbol = await ask({ question: 'E/CN.7/2024/CRP.5 para 30' });
    expect(bySymbol.layout).toBe('timeline');
    expect(bySymbol.citations.map((c) => c.year)).toEqual([2019, 2020, 2021, 2022, 2023]);

    const missing = await ask({ question: 'paragraph 200 of 2021' });
    expect(missing).toMatchObject({ status: 'not_covered', reason: 'no-such-paragraph' });
    expect(missing.answer.text).toBe('The documents have no paragraph 200 in 2021.');
    const otherDocument = await ask({ question: 'A/RES/99/1 para 3' });
    expect(otherDocument).toMatchObject({ status: 'not_covered', reason: 'no-such-paragraph' });
    expect(otherDocument.answer.text).toBe('The documents have no paragraph 3 in A/RES/99/1.');
  });
  it('answers what a named speaker said only with what the record reports that speaker saying, and says when it reports nothing', async () => {
    // The record notes civil society's statements and nominations, and what others said of it: never what it said.
    const civilSociety = await ask({ question: 'What did civil society say?' });
    expect(civilSociety).toMatchObject({ status: 'related', reason: 'not-stated' });
    expect(civilSociety.answer.text).toBe('The documents mention “civil society” but do not report what “civil society” said.');
    // The INCB, by its acronym or its name, as the one who identified a good model, not as one of those spoken to.
    for (const question of ['What did the INCB say?', 'What did the International Narcotics Control Board say about precursors?']) {
      const incb = await ask({ question });
      expect(incb.status).toBe('answered');
      expect(incb.answer.sentences.map((s) => s.text)).toEqual([expect.stringContaining('which was also identified by the INCB as a good model')]);
    }
    // A speaker's words on the topic asked about, not others of its sentences in a paragraph on something else.
    const cannabis = await ask({ question: 'What did UNODC say about cannabis?' });
    expect(cannabis.answer.sentences.length).toBeGreaterThan(0);
    expect(cannabis.answer.sentences.every((s) => /UNODC/.test(s.text) && /cannabis/i.test(s.text))).toBe(true);
    // Speakers at large are no speaker: this asks what was said.
    const delegates = await ask({ question: 'What did delegates say about cannabis?' });
    expect(delegates.status).toBe('answered');
    expect(delegates.answer.sentences.some((s) => !/UNODC|INCB/.test(s.text))).toBe(true);
  });
  it('says which years use a wording asked about, when the year asked does not', async () => {
    const wording = await ask({ question: "Was the word 'harm reduction' used in 2021?" });
    expect(wording).toMatchObject({ status: 'not_covered', reason: 'topic-not-in-year', otherYears: [2019, 2020, 2023] });
    expect(wording.answer.text).toBe('The 2021 discussions do not mention harm reduction; those of 2019, 2020 and 2023 do.');
  });
  it('answers a greeting or a request for help with what the assistant does, and follows a conversation past it', async () => {
    const hello = await ask({ question: 'Hi' });
    expect(hello).toMatchObject({ status: 'not_covered', reason: 'not-a-question', related: [], citations: [] });
    expect(hello.answer.text).toMatch(/^Hello\. Ask a question about the documents \(E\/CN\.7\/2024\/CRP\.5, covering 2019 to 2023\)/);
    const followUp = await ask({ question: 'And in 2019?', history: history('What was said about naloxone?', 'thanks!') });
    expect(followUp.resolvedQuestion).toBe('What was said about naloxone in 2019?');
    expect(followUp.status).toBe('answered');
  });
  it('answers about the first or the latest meeting on record from that year', async () => {
    const first = await ask({ question: 'What was the first meeting about?' });
    expect(first.status).toBe('answered');
    expect(new Set(first.answer.sentences.map((s) => s.year))).toEqual(new Set([2019]));
    const latest = await ask({ question: 'What did the latest meeting say about cannabis?' });
    expect(latest.year).toBe(2023);
    expect(latest.answer.sentences.every((s) => s.year === 2023 && /cannabis/i.test(s.text))).toBe(true);
  });
  it('compares the meetings of two years named apart, leaving out the years between', async () => {
    const compared = await ask({ question: 'Compare 2019 and 2023 on cannabis' });
    expect(compared.layout).toBe('timeline');
    expect(new Set(compared.answer.sentences.map((s) => s.year))).toEqual(new Set([2019, 2023]));
    expect(compared.compared).toEqual({ years: [2019, 2023], topic: 'cannabis', without: [] });
  });
  it('says which of the years compared never speak of the topic, rather than quote the others alone without a word', async () => {
    const reply = await ask({ question: 'Compare what was said about fentanyl in 2022 and 2023' });
    expect(reply.status).toBe('answered');
    expect(reply.answer.sentences.every((s) => s.year === 2023)).toBe(true);
    expect(reply.compared).toEqual({ years: [2022, 2023], topic: 'fentanyl', without: [2022] });
  });
  it('answers whether a country is mentioned or took part from the rolls that name it, though they say nothing else of it', async () => {
    for (const [question, country] of [['Is Mexico mentioned?', 'Mexico'], ['Did China take part?', 'China'], ['Did Colombia participate in 2021?', 'Colombia']] as const) {
      const reply = await ask({ question });
      expect(reply.status, question).toBe('answered');
      expect(reply.answer.sentences.length).toBeGreaterThan(0);
      expect(reply.answer.sentences.every((s) => s.text.includes(country)), question).toBe(true);
    }
    // What it said is still not what a roll says.
    expect((await ask({ question: 'What did Mexico say?' })).status).toBe('related');
  });
  it('reads disagreement as the record writes it, "divergent views were expressed"', async () => {
    const disagreed = await ask({ question: 'Did anyone disagree?' });
    expect(disagreed.status).toBe('answered');
    expect(disagreed.answer.sentences.length).toBeGreaterThan(0);
    expect(disagreed.answer.sentences.every((s) => s.text.startsWith('Divergent views were expressed'))).toBe(true);
  });
  it('reads growing drugs as the record\'s illicit cultivation', async () => {
    // "growing" alone is mostly the record's "the growing use", "the growing role".
    const search = await ask({ question: 'growing drugs' });
    expect(search.answer.sentences.some((s) => /illicit cultivation/.test(s.text))).toBe(true);
  });
  it('reads "the post" as postal services, not the "post" of "post-mortem"', async () => {
    const post = await ask({ question: 'Do drug dealers use the post?' });
    expect(post.answer.sentences.some((s) => /postal/.test(s.text))).toBe(true);
    expect(post.answer.sentences.some((s) => /post-mortem/.test(s.text))).toBe(false);
  });
  it('reads "in short supply" as the record\'s shortages', async () => {
    const short = await ask({ question: 'Which medicines were in short supply?' });
    expect(short.answer.sentences.some((s) => /shortages/.test(s.text))).toBe(true);
  });
});
