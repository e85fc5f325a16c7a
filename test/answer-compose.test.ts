import { describe, expect, it } from 'vitest';
import { composeAnswer, type ComposeInput, type Evidence } from '../src/answer/compose.js';
import type { Answer } from '../src/answer/types.js';
import type { AnswerSettings } from '../src/answer/answer-settings.js';
import { resolveFollowUp } from '../src/answer/follow-up.js';
import { classifyQuestion, countedHead, countedThing, hasAnswerCue, isYesNoQuestion, namesCountries, namesSomethingNew, onlyRollOfSpeakers, statedTopic, statesCount, topicOf } from '../src/retrieve/question-type.js';
import { splitSentences } from '../src/parse/sentences.js';
import { contentTerms } from '../src/parse/terms.js';
import type { Paragraph } from '../src/parse/types.js';
import { SessionCalendar } from '../src/retrieve/session-calendar.js';
import type { QueryTerm } from '../src/retrieve/types.js';
import { WordKinds } from '../src/retrieve/word-kinds.js';
import { countriesNamed } from '../src/retrieve/countries.js';
import { WordNet } from '../src/retrieve/wordnet.js';

/** Questions read as for the CND corpus: unnamed sessions on the Commission's calendar. */
const TEST_SESSIONS = SessionCalendar.forDocuments([{ body: 'Commission on Narcotic Drugs' }]);

// Pure composition: vectors are hand-made one-hot directions, so similarity is under the test's control.
const DIM = 8;
function direction(i: number): Float32Array {
  const v = new Float32Array(DIM);
  v[i % DIM] = 1;
  return v;
}

function evidence(year: number, number: number, text: string, vectors: number[], score = 1): Evidence {
  const paragraph: Paragraph = {
    id: `doc.${year}.${number}`,
    document: 'doc',
    part: null,
    chapter: String(year - 2018),
    year,
    meetingDates: null,
    section: null,
    topic: null,
    paragraph: number,
    text,
    footnotes: [],
    order: (year - 2019) * 100 + number,
    line: 1,
    page: null,
  };
  return {
    hit: {
      paragraph,
      document: { id: 'doc', symbol: null, title: 'Doc', citationLabel: 'Doc', body: null, session: null },
      score,
      citation: `Doc ${year}, para. ${number}`,
      reference: `"Doc", chap. ${year - 2018}, para. ${number}`,
    },
    sentences: splitSentences(text).map((s, position) => ({ text: s, position, vector: direction(vectors[position] ?? 7) })),
  };
}

const settings: AnswerSettings = { lexicalWeight: 0.6, denseWeight: 0.4, rankWeight: 0.05, cueWeight: 0.2, abstainBelow: 0.3, synonymCredit: 0.5, maxUnknownShare: 0.5, commonWordUsage: 10, sameMeaningCosine: 0.9 };
const idf = () => 1;

/** The question's words as the expander gives them for words the corpus has, with no alternatives. */
function corpusTerms(words: readonly string[]): QueryTerm[] {
  return words.map((text) => ({ text, inCorpus: true, usage: null, alternatives: [] }));
}

/** A standalone question whose words the corpus all has, asked of every year, unless the test says otherwise. */
function compose(question: string, input: Pick<ComposeInput, 'evidence'> & Partial<ComposeInput>): Answer {
  return composeAnswer({
    question,
    resolvedQuestion: question,
    queryTerms: corpusTerms(contentTerms(question)),
    year: null,
    corrected: null,
    language: null,
    yearConflict: null,
    span: null,
    queryVector: direction(0),
    idf,
    settings,
    ...input,
    document: input.document ?? null,
  });
}

describe('composeAnswer', () => {
  it('answers what a meeting was about with its statement of focus and the list it introduces, not the meeting\'s formalities', () => {
    const background = evidence(2021, 4, 'The third round was held in Vienna. The Commission focused its discussions on how to address the following challenges:\n• Corruption is increasing;\n• Proceeds confiscated remain low.\nThe meeting was livestreamed.', [0, 1, 2, 3, 0]);
    const opening = evidence(2021, 1, 'This document contains a summary of the thematic discussions. The summary by the Chair is not subject to negotiation.', [0, 0]);
    const answer = compose('What were the main topics discussed in 2021?', { year: 2021, evidence: [opening, background] });
    expect(answer.status).toBe('answered');
    expect(answer.answer.sentences.map((s) => s.text)).toEqual(['The Commission focused its discussions on how to address the following challenges:', '• Corruption is increasing;', '• Proceeds confiscated remain low.']);

    // Without a list, the sessions' own openings ("discussed the challenge that…") state the focus.
    const sessions = evidence(2022, 20, 'On 21 September, the Commission discussed the challenge that responses were not in conformity with the conventions. Speakers welcomed the discussion.', [0, 0]);
    const unlisted = compose('What was the 2022 session about?', { year: 2022, evidence: [sessions, opening] });
    expect(unlisted.answer.sentences.map((s) => s.text)).toEqual(['On 21 September, the Commission discussed the challenge that responses were not in conformity with the conventions.']);
  });

  it('reads a word that describes a body in its name as no topic: "labs" is not answered by the Laboratory Branch speaking of fentanyl', () => {
    const branch = evidence(2023, 60, 'The Chief of the Laboratory and Scientific Services Branch explained that fentanyl analogues were leading to health crises. Countries stressed the dismantling of clandestine methamphetamine laboratories.', [0, 1]);
    const answer = compose('What is done about methamphetamine labs?', { queryTerms: corpusTerms(['methamphetamine', 'laboratory']), evidence: [branch] });
    expect(answer.answer.sentences.map((s) => s.text)).toEqual(['Countries stressed the dismantling of clandestine methamphetamine laboratories.']);

    // A question that names the body, with another word of its name, is answered by what it said.
    const named = compose('What did the Scientific Services Branch say about fentanyl?', { queryTerms: corpusTerms(['scientific', 'services', 'branch', 'fentanyl']), evidence: [branch] });
    expect(named.answer.sentences.map((s) => s.text)).toContain('The Chief of the Laboratory and Scientific Services Branch explained that fentanyl analogues were leading to health crises.');
  });

  it('answers "how long" only with a length of time said of the question\'s subject, else says the documents do not say', () => {
    const rise = evidence(2023, 20, 'Drug use disorders rose by 45 per cent over the past 10 years. Access to drug treatment remained low for people in prison.', [0, 1]);
    const answer = compose('How long do people stay in drug treatment?', { queryTerms: corpusTerms(['long', 'people', 'stay', 'drug', 'treatment']), evidence: [rise] });
    expect(answer.status).toBe('related');
    expect(answer.answer.text).toMatch(/^The documents mention “[^”]+”.* but do not say how long\.$/);
    expect(answer.answer.text).not.toContain('“long”');

    const stay = evidence(2022, 9, 'Residential drug treatment lasted six months for most people in the programmes described.', [0]);
    const answered = compose('How long do people stay in drug treatment?', { queryTerms: corpusTerms(['long', 'people', 'stay', 'drug', 'treatment']), evidence: [rise, stay] });
    expect(answered.status).toBe('answered');
    expect(answered.answer.sentences[0]!.text).toBe('Residential drug treatment lasted six months for most people in the programmes described.');
  });

  it('quotes in a timeline no year whose sentence shares only the asking words, not the topic the question states', () => {
    const question = 'What were the recommendations on alternative development?';
    const queryTerms = corpusTerms(['recommendations', 'alternative', 'development']);
    // 2021's sentence is as near the question in meaning, but does not speak of alternative development.
    const y2019 = evidence(2019, 12, 'Alternative development programmes were recommended to take account of climate conditions.', [3]);
    const y2021 = evidence(2021, 20, 'Speakers recommended the establishment of asset confiscation task forces.', [0]);
    const y2023 = evidence(2023, 60, 'Several speakers recommended effective alternative development strategies to reduce illicit crops.', [4]);
    const answer = compose(question, { queryTerms, evidence: [y2019, y2021, y2023] });
    expect(answer.layout).toBe('timeline');
    expect(answer.citations.map((c) => c.year)).toEqual([2019, 2023]);
    expect(statedTopic(question)).toBe('alternative development?');
    expect(statedTopic('Is anybody caught driving while high on synthetic drugs?')).toBeNull();
  });

  it('answers "Any figures on captagon?" only with a figure whose sentence has the subject\'s weightiest word, not a figure beside "figures"', () => {
    const online = evidence(2023, 30, 'The main facts and figures showed the online drug trafficking market at less than 2 per cent of the total.', [0]);
    const captagon = evidence(2023, 31, 'Captagon trafficking routes were diversifying.', [1]);
    const answer = compose('Any figures on captagon trafficking?', { queryTerms: corpusTerms(['figures', 'captagon', 'trafficking']), idf: (stem) => ({ figur: 5, captagon: 4 })[stem] ?? 1, evidence: [online, captagon] });
    expect(answer.status).toBe('related');
  });

  it('quotes the items of a list with the sentence that introduces it, which says nothing alone', () => {
    const recommendations = evidence(
      2024,
      11,
      'Availability remains unequal. The Commission may wish to consider the following recommendations:\n(a) Member States should review their legislation;\n(b) Member States should train health-care professionals.',
      [1, 0, 1, 1],
    );
    const answer = compose('What was recommended on availability?', { queryTerms: corpusTerms(['recommended', 'availability']), evidence: [recommendations] });
    const texts = answer.answer.sentences.map((s) => s.text);
    const intro = texts.indexOf('The Commission may wish to consider the following recommendations:');
    expect(intro).toBeGreaterThanOrEqual(0);
    expect(texts.slice(intro + 1, intro + 3)).toEqual(['(a) Member States should review their legislation;', '(b) Member States should train health-care professionals.']);
  });

  it('quotes with a fact asked in one word only sentences that hold it too, not others that share the word', () => {
    const opening = evidence(2020, 1, 'The thematic discussions were chaired by H.E. Ambassador Maria Rossi (Italy), Chair of the Commission. The summary by the Chair is not subject to negotiation.', [1, 0]);
    const answer = compose('Who chaired in 2020?', { year: 2020, queryTerms: corpusTerms(['chaired']), evidence: [opening] });
    expect(answer.answer.sentences.map((s) => s.text)).toEqual(['The thematic discussions were chaired by H.E. Ambassador Maria Rossi (Italy), Chair of the Commission.']);
  });

  it('puts the sentence holding the number first for a "how many" question, at most three sentences', () => {
    const answer = compose('How many NPS were reported in 2021?', {
      year: 2023,
      evidence: [
        evidence(2023, 101, 'NPS were reported by many countries. A total of 618 NPS were reported in 2021. Trafficking in NPS seemed stable.', [0, 0, 1]),
        evidence(2023, 102, 'Laboratories reported NPS findings. Forensic capacity for NPS was stressed.', [0, 2]),
      ],
    });
    expect(answer.abstained).toBe(false);
    expect(answer.layout).toBe('fact');
    expect(answer.answer.sentences[0]!.text).toBe('A total of 618 NPS were reported in 2021.');
    expect(answer.answer.sentences.length).toBeLessThanOrEqual(3);
    expect(answer.answer.text.startsWith('A total of 618 NPS were reported in 2021. [1]')).toBe(true);
    expect(answer.citations[0]!.quoted).toContain('A total of 618 NPS were reported in 2021.');
  });

  it('quotes beside the fact only sentences that state it too or match the question about as well', () => {
    // The meeting's opening ranks first and lies closest to the question's vector; it shares only "world".
    const answer = compose('How many people inject drugs around the world?', {
      evidence: [
        evidence(2020, 1, 'With around 700 registrations, the meeting brought together experts from around the world.', [0]),
        evidence(2020, 17, 'More than 11 million people injected drugs.', [1]),
        evidence(2020, 18, 'Around the world, hepatitis C was common among people who inject drugs.', [2]),
      ],
    });
    expect(answer.answer.sentences.map((s) => s.text)).toEqual([
      'More than 11 million people injected drugs.',
      'Around the world, hepatitis C was common among people who inject drugs.',
    ]);
  });

  it('answers a question asking for figures, yes-or-no or not, only with a figure on its subject', () => {
    const without = compose('Are there any statistics on HIV in prisons?', {
      evidence: [
        evidence(2023, 91, 'HIV in prisons was a concern for many speakers.', [0]),
        evidence(2023, 92, 'Data on HIV in prisons were discussed in line with resolution 60/8.', [1]),
      ],
    });
    expect(without).toMatchObject({ status: 'related', reason: 'not-stated' });
    expect(without.answer.text).toContain('do not give the number');
    const stated = compose('Are there any statistics on HIV in prisons?', {
      evidence: [
        evidence(2023, 91, 'HIV in prisons was a concern for many speakers.', [0]),
        evidence(2023, 97, 'HIV prevalence in prisons was six times that of the general population.', [1]),
      ],
    });
    expect(stated.status).toBe('answered');
    expect(stated.answer.sentences[0]!.text).toBe('HIV prevalence in prisons was six times that of the general population.');
  });

  it('answers "who did it" with the speakers the record says did it, on its subject, where it names none', () => {
    const opposed = compose('Who opposed the death penalty?', {
      evidence: [evidence(2022, 25, 'Divergent views were expressed on the death penalty. A number of speakers opposed the use of the death penalty under all circumstances.', [0, 1])],
    });
    expect(opposed.status).toBe('answered');
    expect(opposed.answer.sentences.map((s) => s.text)).toContain('A number of speakers opposed the use of the death penalty under all circumstances.');
    const calledForOther = compose('Who called for decriminalization?', {
      evidence: [evidence(2022, 30, 'Speakers called for policy development and coordination. Decriminalization was debated at length.', [0, 1])],
    });
    expect(calledForOther).toMatchObject({ status: 'related', reason: 'not-stated' });
  });

  it('fills a summary only with sentences that come near the best one, not with any that shares a common word', () => {
    const answer = compose('What was said about drug trafficking through West Africa in 2023?', {
      year: 2023,
      evidence: [
        evidence(2023, 22, 'New drug trafficking hubs emerged in West Africa.', [0]),
        evidence(2023, 30, 'Cannabis remained the most widely used drug.', [5]),
        evidence(2023, 31, 'Trafficking through West Africa grew.', [1]),
        evidence(2023, 40, 'Youth were vulnerable to drug use.', [6]),
      ],
    });
    expect(answer.layout).toBe('summary');
    expect(answer.answer.sentences.map((s) => s.text)).toEqual(['New drug trafficking hubs emerged in West Africa.', 'Trafficking through West Africa grew.']);
  });

  it('summarises a topic in one year in document order, without near-duplicates', () => {
    const answer = compose('What was said about drug checking in 2023?', {
      year: 2023,
      evidence: [
        evidence(2023, 71, 'Speakers advocated drug checking services. Speakers advocated drug checking services strongly.', [0, 0]),
        evidence(2023, 22, 'Measures included drug checking services at community level. Prevention was also named.', [1, 3]),
        evidence(2023, 96, 'Good practices included drug checking at events. Mobile clinics were another practice.', [2, 4]),
      ],
    });
    expect(answer.layout).toBe('summary');
    const texts = answer.answer.sentences.map((s) => s.text);
    expect(texts.length).toBeGreaterThanOrEqual(3);
    expect(texts.length).toBeLessThanOrEqual(6);
    expect(texts.filter((t) => t.startsWith('Speakers advocated drug checking services'))).toHaveLength(1);
    const order = answer.answer.sentences.map((s) => answer.citations.find((c) => c.n === s.citations[0])!.paragraph);
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it('reads an agent noun as its short stem\'s family ("drug users" for "drug use"), not any word it begins', () => {
    // One sentence in the question's direction: the confidence is 0.6 × the share of the question's words it has + 0.4.
    const confidence = (text: string) => compose('What about drug use?', { evidence: [evidence(2023, 1, text, [0])] }).confidence;
    expect(confidence('Drug users were counted.')).toBeCloseTo(1);
    expect(confidence('Drug prices were usual.')).toBeCloseTo(0.7);
  });

  it('quotes the sentence beside the best one that the model reads as close, before a weaker one elsewhere', () => {
    // As with the stand-in model: sentences lie at about cosine 0.5 from the question and 0.89 from each other on
    // one topic. Beside the best 2023 sentence, one close to it states more; a sentence of the first-ranked
    // paragraph is new to the model but weaker. A timeline quotes at most two sentences a year.
    const vector = (...parts: Array<[number, number]>) => {
      const v = new Float32Array(DIM);
      for (const [i, x] of parts) v[i] = x;
      return v;
    };
    const withVectors = (e: Evidence, vectors: Float32Array[]): Evidence => ({ ...e, sentences: e.sentences.map((s, i) => ({ ...s, vector: vectors[i]! })) });
    const best = withVectors(
      evidence(2023, 76, 'Speakers opposed the death penalty under all circumstances. Another speaker recalled that the death penalty was not forbidden by international law.', []),
      [vector([0, 0.5], [1, 0.866]), vector([0, 0.45], [1, 0.768], [2, 0.456])],
    );
    const weaker = withVectors(evidence(2023, 40, 'The penalty was named in a report.', []), [vector([0, 0.45], [3, 0.893])]);
    const answer = compose('What was said about the death penalty?', { evidence: [weaker, best, evidence(2022, 25, 'Divergent views were expressed on the death penalty.', [4])] });
    expect(answer.layout).toBe('timeline');
    expect(answer.answer.sentences.filter((s) => s.year === 2023).map((s) => s.text)).toEqual([
      'Speakers opposed the death penalty under all circumstances.',
      'Another speaker recalled that the death penalty was not forbidden by international law.',
    ]);
  });

  it('leaves out a sentence the model reads as the same as one quoted, but not one that is only close in meaning', () => {
    /** A unit vector at cosine `cosine` to direction(0), in the plane of direction(0) and direction(axis). */
    const closeTo0 = (cosine: number, axis: number) => {
      const v = new Float32Array(DIM);
      v[0] = cosine;
      v[axis] = Math.sqrt(1 - cosine * cosine);
      return v;
    };
    const paragraph = evidence(
      2023,
      71,
      'Speakers advocated drug checking services. Drug checking had found fentanyl in festival samples. Drug checking was praised by many speakers.',
      [0, 0, 0],
    );
    paragraph.sentences[1]!.vector = closeTo0(0.7, 1);
    paragraph.sentences[2]!.vector = closeTo0(0.95, 2);
    const texts = compose('What was said about drug checking in 2023?', { year: 2023, evidence: [paragraph] }).answer.sentences.map((s) => s.text);
    // Close to the first in meaning (0.7), as sentences of one paragraph on one topic are, yet it holds the finding.
    expect(texts).toContain('Drug checking had found fentanyl in festival samples.');
    // 0.95 to the first: it says the same again, in other words.
    expect(texts).toHaveLength(2);
    // A model whose vectors cannot tell (sameMeaningCosine null) leaves repeats to the words: all three are quoted.
    const byWords = compose('What was said about drug checking in 2023?', { year: 2023, evidence: [paragraph], settings: { ...settings, sameMeaningCosine: null } });
    expect(byWords.answer.sentences).toHaveLength(3);
  });

  it('lays out a topic found in several years as a timeline in year order', () => {
    const answer = compose('What was said about alternative development?', {
      // Each year's sentence has the question's words, and none is closer than the others in meaning.
      queryVector: direction(7),
      evidence: [
        evidence(2023, 30, 'Alternative development programmes were stressed. Weather was good.', [0, 5]),
        evidence(2019, 20, 'Alternative development was key to a holistic approach.', [1]),
        evidence(2022, 27, 'The meeting discussed alternative development and livelihoods.', [2]),
      ],
    });
    expect(answer.layout).toBe('timeline');
    expect(answer.answer.sentences.map((s) => s.year)).toEqual([2019, 2022, 2023]);
  });

  it('quotes a sentence each year\'s chapter repeats once, in the first year, and the next of the later years instead', () => {
    const opening = 'At its sixty-second session in March 2019, the Commission adopted by consensus the Ministerial Declaration.';
    const answer = compose('What was said about the Ministerial Declaration?', {
      queryVector: direction(7),
      evidence: [
        evidence(2019, 1, opening, [1]),
        evidence(2020, 1, `${opening.replace('Ministerial Declaration', '"Ministerial Declaration"')} The Ministerial Declaration set the workplan.`, [1, 2]),
        evidence(2021, 1, opening, [1]),
      ],
    });
    expect(answer.layout).toBe('timeline');
    expect(answer.answer.sentences.map((s) => [s.year, s.text])).toEqual([
      [2019, opening],
      [2020, 'The Ministerial Declaration set the workplan.'],
    ]);
  });

  it('leaves out of a timeline a year barely on the topic, and keeps a strong year\'s second sentence', () => {
    const answer = compose('What was said about the death penalty for drug offences?', {
      queryVector: direction(7),
      idf: (stem) => (stem === 'death' || stem === 'penalti' ? 3 : 0.5),
      evidence: [
        evidence(2022, 25, 'Divergent views were expressed on the death penalty for drug offences. Speakers opposed the death penalty under all circumstances.', [0, 1]),
        evidence(2023, 76, 'One speaker recalled the death penalty for drug offences.', [2]),
        evidence(2020, 14, 'Some speakers mentioned the penalty for drug offences.', [3]),
      ],
    });
    expect(answer.layout).toBe('timeline');
    // 2020's sentence lacks "death", most of the weight: no year of its own. 2022's second sentence lacks only the
    // lighter words and stays beside its first.
    expect(answer.answer.sentences.map((s) => s.year)).toEqual([2022, 2022, 2023]);
  });

  it('abstains when no sentence shares words or meaning with the question, and offers the closest paragraphs', () => {
    const answer = compose('Who painted the Mona Lisa?', {
      queryVector: direction(6),
      evidence: [evidence(2019, 1, 'The Chair moderated the discussion.', [0])],
    });
    expect(answer.abstained).toBe(true);
    expect(answer.citations).toEqual([]);
    expect(answer.answer.sentences).toEqual([]);
    expect(answer.related?.[0]?.id).toBe('doc.2019.1');
  });

  describe('words the documents never use', () => {
    const ask = (alternative: { text: string; relation: 'synonym' | 'hypernym' | 'thesaurus'; sameMeaning: boolean }) =>
      compose('What was said about kratom harms?', {
        queryTerms: [
          { text: 'kratom', inCorpus: false, usage: 0, alternatives: [{ ...alternative, weight: 1 }] },
          { text: 'harms', inCorpus: true, usage: null, alternatives: [] },
        ],
        idf: (stem) => (stem === 'kratom' ? 3 : 1),
        evidence: [evidence(2022, 5, 'New psychoactive substances cause harms. Their harms were discussed.', [0, 0])],
      });

    it('abstains when the main word is known only by its class or a rarer sense, which says nothing about it', () => {
      const byClass = ask({ text: 'new psychoactive substances', relation: 'hypernym', sameMeaning: false });
      expect(byClass.abstained).toBe(true);
      // It names the word, so the reader knows what to reword.
      expect(byClass.answer.text).toBe('The documents do not mention what this question is about: they never use “kratom”, nor a word known to mean the same.');
      expect(ask({ text: 'new psychoactive substances', relation: 'synonym', sameMeaning: false }).abstained).toBe(true);
    });

    it('names the words the documents never use as the question wrote them', () => {
      const question = 'Who painted the Mona Lisa?';
      const answer = compose(question, {
        queryTerms: contentTerms(question).map((text) => ({ text, inCorpus: false, usage: 0, alternatives: [] })),
        evidence: [evidence(2019, 1, 'The Chair moderated the discussion.', [0])],
      });
      expect(answer.answer.text).toBe('The documents do not mention what this question is about: they never use “painted” or “Mona Lisa”, nor a word known to mean the same.');
    });

    it('answers when an expansion says what the word means in the documents', () => {
      expect(ask({ text: 'new psychoactive substances', relation: 'thesaurus', sameMeaning: true }).abstained).toBe(false);
      expect(ask({ text: 'new psychoactive substances', relation: 'synonym', sameMeaning: true }).abstained).toBe(false);
    });

    // "HIV inside prisons": the corpus lacking "inside", a common English word, says little about the question.
    const insidePrisons = (usage: number) =>
      compose('What was said about HIV inside prisons?', {
        queryTerms: [
          { text: 'hiv', inCorpus: true, usage: null, alternatives: [] },
          { text: 'inside', inCorpus: false, usage, alternatives: [] },
          { text: 'prisons', inCorpus: true, usage: null, alternatives: [] },
        ],
        idf: (stem) => (stem === 'insid' ? 6 : 2),
        evidence: [evidence(2023, 5, 'HIV in prisons was discussed.', [0])],
      });

    it('weighs a word the corpus lacks by how common it is in English: a common one does not make the question unknown', () => {
      expect(insidePrisons(44).status).toBe('answered');
      // The same word, were it never used in English, would carry the question.
      expect(insidePrisons(0)).toMatchObject({ status: 'not_covered', reason: 'unknown-words' });
    });

    it('weighs a word known only through a stand-in in the same meaning as the stand-in, not as a word no paragraph has', () => {
      // "Did anyone talk about kratom?": "talk" is known through "speak", a common word here; "kratom" carries the question.
      const answer = compose('Did anyone talk about kratom?', {
        queryTerms: [
          { text: 'talk', inCorpus: false, usage: 200, alternatives: [{ text: 'speak', relation: 'synonym', sameMeaning: true, weight: 1 }] },
          { text: 'kratom', inCorpus: false, usage: 0, alternatives: [] },
        ],
        idf: (stem) => (stem === 'speak' ? 1 : 6),
        evidence: [evidence(2022, 5, 'Speakers spoke about new psychoactive substances.', [0])],
      });
      expect(answer).toMatchObject({ status: 'not_covered', reason: 'unknown-words' });
    });

    it('judges a question about what was said by its topic, not by who spoke', () => {
      // "delegates" is a common word here; "gambling addiction" is what the question is about, and "gambling" is unknown.
      const ask = (question: string) =>
        compose(question, {
          queryTerms: [
            { text: 'delegates', inCorpus: true, usage: null, alternatives: [] },
            { text: 'gambling', inCorpus: false, usage: 4, alternatives: [] },
            { text: 'addiction', inCorpus: true, usage: null, alternatives: [] },
          ],
          idf: (stem) => ({ deleg: 4, gambl: 6, addict: 4 })[stem] ?? 1,
          evidence: [evidence(2019, 5, 'Delegates discussed drug addiction.', [0])],
        });
      expect(ask('What did delegates say about gambling addiction?')).toMatchObject({ status: 'not_covered', reason: 'unknown-words' });
      // Asked otherwise, "delegates" is part of the topic, and two of its three words are known.
      expect(ask('Are delegates worried by gambling addiction?').status).toBe('answered');
    });

    it('reads a question as unknown when its heaviest word, half its weight, is known to nothing at all', () => {
      const ask = (vaping: QueryTerm['alternatives']) =>
        compose('kids vaping', {
          // Two words of equal weight: "vaping" has half of it.
          queryTerms: [
            { text: 'vaping', inCorpus: false, usage: 0, alternatives: vaping },
            { text: 'kids', inCorpus: false, usage: 30, alternatives: [{ text: 'children', relation: 'thesaurus', sameMeaning: true, weight: 1 }] },
          ],
          idf: () => 3,
          evidence: [evidence(2019, 5, 'Children not yet involved with drugs were the focus of prevention.', [0])],
        });
      expect(ask([])).toMatchObject({ status: 'not_covered', reason: 'unknown-words' });
      expect(ask([]).answer.text).toContain('“vaping”');
      // A word WordNet relates to the record's, however loosely, is left to the share of unknown words.
      expect(ask([{ text: 'smoking', relation: 'hypernym', sameMeaning: false, weight: 0.5 }]).status).toBe('answered');
      // So is a common English word that names no thing ("Is anyone worried about fentanyl?").
      const worried = compose('worried kids', {
        queryTerms: [
          { text: 'worried', inCorpus: false, usage: 12, alternatives: [] },
          { text: 'kids', inCorpus: false, usage: 30, alternatives: [{ text: 'children', relation: 'thesaurus', sameMeaning: true, weight: 1 }] },
        ],
        // "worried" weighs 4 of 7: under the share of unknown words that refuses (0.6 here), over half.
        idf: (stem) => (stem === 'worri' ? 4 : 3),
        settings: { ...settings, commonWordUsage: 1e9, maxUnknownShare: 0.6 },
        evidence: [evidence(2019, 5, 'Children not yet involved with drugs were the focus of prevention.', [0])],
      });
      expect(worried.status).toBe('answered');
    });
  });

  it('holds back a decision the documents do not report, and answers with one they do', () => {
    const ask = (text: string) =>
      compose('Has the cybercrime convention been adopted yet?', {
        queryTerms: corpusTerms(['cybercrime', 'convention']),
        evidence: [evidence(2021, 30, text, [0])],
      });
    const related = ask('Speakers referred to the ongoing negotiations on the cybercrime convention.');
    expect(related).toMatchObject({ status: 'related', reason: 'not-stated' });
    expect(related.answer.text).toBe('The documents mention “cybercrime convention” but do not report a decision on it.');
    expect(ask('The cybercrime convention was adopted by consensus.').status).toBe('answered');
  });

  it('holds back "what exactly did they say" when the record only notes that a statement was made', () => {
    const question = 'What exactly did the Ambassador of Singapore say?';
    const ask = (text: string) =>
      compose(question, {
        queryTerms: corpusTerms(['ambassador', 'singapore']),
        evidence: [evidence(2021, 10, text, [0])],
      });
    expect(ask('The opening statement was followed by an intervention by the Ambassador of Singapore.').status).toBe('related');
    expect(ask('The Ambassador of Singapore stressed that research was essential.').status).toBe('answered');
    // Without the insistence, "what did they say about X" asks what was said on X.
    expect(classifyQuestion('What did the Ambassador of Singapore say about research?')).toEqual({ kind: 'topic' });
    expect(classifyQuestion('What did speakers say at the opening?')).toEqual({ kind: 'topic' });
    // One speaker named by office, asked what they said, wants its content, insisted on or not.
    expect(classifyQuestion('What did the Ambassador of Peru say at the opening?')).toEqual({ kind: 'factoid', wants: 'statement' });
    expect(classifyQuestion('What did the panellist from Kenya argue in the 2022 panel?')).toEqual({ kind: 'factoid', wants: 'statement' });
    expect(classifyQuestion('What did the representative of UNAIDS say on behalf of the Joint Programme?')).toEqual({ kind: 'factoid', wants: 'statement' });
  });

  it('reads one country asked what it said as asking for its statement, and "what did it cost" as asking for money', () => {
    expect(classifyQuestion('What did Peru say when it took the floor at the 2022 session?')).toEqual({ kind: 'factoid', wants: 'statement' });
    expect(classifyQuestion('What did the delegation of Mexico state in its written statement?')).toEqual({ kind: 'factoid', wants: 'statement' });
    expect(classifyQuestion('What did Peru say about alternative development?')).toEqual({ kind: 'topic' });
    expect(classifyQuestion('What did countries say at the opening?')).toEqual({ kind: 'topic' });
    expect(classifyQuestion('What did it cost the police to destroy the seized chemicals?')).toEqual({ kind: 'factoid', wants: 'money' });
    expect(classifyQuestion('What results has the early warning project achieved?')).toEqual({ kind: 'factoid', wants: 'result' });
    // A clause of time before "how" asks how, not when.
    expect(classifyQuestion('When the borders closed, how did traffickers move drugs?')).toEqual({ kind: 'topic' });
    expect(classifyQuestion('When did the borders close?')).toEqual({ kind: 'factoid', wants: 'date' });
  });

  it('takes a date as the answer to "when" only in a sentence about the question\'s subject', () => {
    const question = 'When is the cybercrime convention expected to be adopted?';
    const ask = (text: string) =>
      compose(question, {
        queryTerms: corpusTerms(['cybercrime', 'convention', 'expected', 'adopted']),
        evidence: [evidence(2023, 60, `Speakers welcomed the negotiations on the cybercrime convention and expected them to succeed. ${text}`, [0, 1])],
      });
    expect(ask('A briefing on the 2024 review was also given.').status).toBe('related');
    expect(ask('The cybercrime convention was expected to be adopted in December 2024.').status).toBe('answered');
  });

  it('reads "what X rate was recorded" as asking for a number', () => {
    expect(classifyQuestion('What homicide rate was reported for the region?')).toEqual({ kind: 'factoid', wants: 'number' });
    expect(classifyQuestion('Which treatment coverage rate did the report give?')).toEqual({ kind: 'factoid', wants: 'number' });
  });

  it('finds the topic of a question asking whether something was discussed, or how to do it', () => {
    expect(topicOf('Did the Commission discuss how to regulate kratom?')).toBe('regulate kratom?');
    expect(topicOf('Was doping in sport discussed?')).toBe('doping in sport');
    expect(topicOf('Did drug checking services come up in 2019?')).toBe('drug checking services');
    expect(topicOf('What did delegates say about gambling addiction?')).toBe('gambling addiction?');
    expect(topicOf('Did any of the speakers touch on betel nut chewing?')).toBe('betel nut chewing?');
    expect(topicOf('What measures against sports betting fraud were proposed?')).toBe('sports betting fraud');
    expect(topicOf('What support for refugees who use drugs was described?')).toBe('refugees who use drugs');
    expect(topicOf('How many seizures were reported?')).toBeNull();
    // A wording asked about is the topic, quoted or not, with or without "the word" the question reader leaves out.
    expect(topicOf("Was the word 'harm reduction' used")).toBe('harm reduction');
    expect(topicOf('Was the term drug checking mentioned')).toBe('drug checking');
    expect(topicOf("Was 'harm reduction' used")).toBe('harm reduction');
    expect(classifyQuestion('Which paragraph mentions captagon?')).toEqual({ kind: 'topic' });
  });

  it('does not take "N people" as the count of people who died unless the sentence speaks of dying', () => {
    const question = 'How many people die of overdoses every year?';
    const ask = (text: string) =>
      compose(question, {
        queryTerms: corpusTerms(['people', 'die', 'overdoses', 'year']),
        evidence: [evidence(2023, 81, text, [0])],
      });
    expect(ask('It was noted that 39.5 million people suffered from drug use disorders every year.').status).toBe('related');
    expect(ask('Some 500,000 people die of overdoses every year.').status).toBe('answered');
  });

  it('does not list the size a question asks ("big") among the words the documents mention', () => {
    const related = compose('How big is the dark web?', {
      queryTerms: corpusTerms(['big', 'dark', 'web']),
      evidence: [evidence(2021, 31, 'It was stressed that the dark web drug markets had expanded, a big change from before.', [0])],
    });
    expect(related).toMatchObject({ status: 'related', reason: 'not-stated' });
    expect(related.answer.text).toBe('The documents mention “dark web” but do not give the number asked for.');
  });

  it('counts people by the words that say which people, not by where they are, a word of every other paragraph, or how they are called', () => {
    // "drug" is in half the paragraphs of a drug-policy corpus: it says nothing of which people are counted.
    const idf = (stem: string) => (stem === 'drug' ? 0.09 : 2);
    const ask = (question: string, text: string) => compose(question, { idf, evidence: [evidence(2023, 81, text, [0])] }).status;
    expect(ask('How many people inject drugs around the world?', 'It was noted that 39.5 million people suffered from drug use disorders.')).toBe('related');
    expect(ask('How many people inject drugs around the world?', 'More than 11 million people injected drugs.')).toBe('answered');
    // Around the world, worldwide, globally: where, not who.
    expect(ask('How many people worldwide had access to treatment?', 'Only one in eight persons had access to proper treatment.')).toBe('answered');
    expect(ask('How many people worldwide had access to treatment?', 'Some 40 experts spoke on the treatment gap.')).toBe('related');
  });

  it('counts people of a kind the question names in other words: a class of "people" one step up, or a same-meaning phrase of people', () => {
    const ask = (question: string, terms: QueryTerm[], text: string) => compose(question, { queryTerms: terms, evidence: [evidence(2020, 11, text, [0])] }).status;
    const folks: QueryTerm = { text: 'folks', inCorpus: false, usage: 0, alternatives: [{ text: 'people', relation: 'hypernym', sameMeaning: false, weight: 0.5 }] };
    const inject: QueryTerm = { text: 'inject', inCorpus: true, usage: null, alternatives: [{ text: 'people who inject drugs', relation: 'thesaurus', sameMeaning: true, weight: 1 }] };
    const injecting = 'More than 11 million people injected drugs.';
    expect(ask('How many folks inject around the world?', [folks, inject], injecting)).toBe('answered');
    expect(ask('How many folks inject around the world?', [{ ...folks, alternatives: [] }, inject, ...corpusTerms(['world'])], injecting)).toBe('related');
    // "addicts" is said "people who use drugs" in the record: persons counted in a sentence that speaks of them.
    const addicts: QueryTerm = { text: 'addicts', inCorpus: true, usage: null, alternatives: [{ text: 'people who use drugs', relation: 'thesaurus', sameMeaning: true, weight: 1 }] };
    const rehab: QueryTerm = { text: 'rehab', inCorpus: false, usage: 0, alternatives: [{ text: 'rehabilitation', relation: 'thesaurus', sameMeaning: true, weight: 1 }] };
    const share = 'The number of people who used drugs increased, and only one in eight persons had access to rehabilitation.';
    expect(ask('How many addicts get into rehab?', [addicts, rehab], share)).toBe('answered');
    expect(ask('How many addicts are there?', [addicts], share)).toBe('answered');
    expect(ask('How many addicts are there?', [addicts], 'Only one in eight persons had access to rehabilitation.')).toBe('related');
    // "people who inject drugs" names those who do what "inject" says, not a kind of people "inject" names.
    const infections = 'How many new HIV infections among people who inject drugs were there in 2019?';
    expect(ask(infections, [...corpusTerms(['new', 'HIV', 'infections', 'people']), inject, ...corpusTerms(['drugs', '2019'])], injecting)).toBe('related');
  });

  it('answers a question about the meeting itself, with no other topic, from the named year', () => {
    const question = 'On which dates did the first round take place?';
    const answer = compose(question, {
      queryTerms: [],
      year: 2019,
      evidence: [
        evidence(2019, 1, 'The thematic session was held from 16–18 October 2019. It was chaired by the Sudan.', [3, 4]),
        evidence(2019, 2, 'Speakers welcomed the workplan.', [5]),
      ],
    });
    expect(answer.abstained).toBe(false);
    expect(answer.answer.sentences[0]!.text).toBe('The thematic session was held from 16–18 October 2019.');
    const withoutYear = compose(question, { queryTerms: [], evidence: [] });
    expect(withoutYear.abstained).toBe(true);
  });
});

describe('classifyQuestion', () => {
  it.each([
    ['What were the main topics discussed in 2021?', true],
    ['What was the 2022 session about?', true],
    ['Give me an overview of 2020', true],
    ['What challenges did the commission discuss in 2020?', true],
    ['What did the CND discuss over the years?', true],
    ['what happened in 2021', true],
    ['What were the main worries in 2020?', true],
    ['What were the main concerns about fentanyl?', false],
    ['Can you tell me about the sixty-fourth session?', true],
    ['tell me about cannabis', false],
    ['What happened to the workplan?', false],
    ['What topics were discussed about cannabis?', false],
    ['What was the 2021 session about money laundering?', false],
    ['What were the issues with drug treatment?', false],
    ['What was said in 2021?', false],
  ])('%s asks what a meeting discussed as a whole: %s', (question, overview) => {
    expect(classifyQuestion(question).kind === 'overview').toBe(overview);
  });

  it('reads "when was X discussed" as asking for the meetings that spoke of X, not for a date the record states', () => {
    expect(classifyQuestion('When was the death penalty discussed?')).toEqual({ kind: 'topic' });
    expect(classifyQuestion('When did they talk about the death penalty?')).toEqual({ kind: 'topic' });
    expect(classifyQuestion('When was the Global Coalition to Address Synthetic Drugs Threats launched?')).toEqual({ kind: 'factoid', wants: 'date' });
  });

  it.each([
    ['How many registrations did the 2021 meeting have?', 'number'],
    ['What share of new HIV infections were among people who inject drugs?', 'number'],
    ['Who chaired the 2021 thematic discussions?', 'person'],
    ['When was the first autumn thematic session held?', 'date'],
    ['Which organizations presented in 2019?', 'name'],
    ['How long is the multi-year workplan meant to run?', 'duration'],
    ['How often does the Commission hold thematic discussions?', 'frequency'],
  ])('%s is a factoid wanting a %s', (question, wants) => {
    expect(classifyQuestion(question)).toEqual({ kind: 'factoid', wants });
  });

  it('reads "who is affected" as asking for the groups a topic affects, not for a person or a speaker', () => {
    expect(classifyQuestion('Who is most affected by HIV?')).toEqual({ kind: 'topic' });
    expect(classifyQuestion('who gets hit hardest by the drug trade')).toEqual({ kind: 'topic' });
    expect(classifyQuestion('Who suffers most from the lack of pain medicines?')).toEqual({ kind: 'topic' });
    expect(classifyQuestion('Who opposed the death penalty?')).toEqual({ kind: 'factoid', wants: 'person' });
  });

  it('finds a result said as progress made or as what something was leading to', () => {
    expect(hasAnswerCue('Progress had been made in countries with high coverage of needle and syringe programmes.', 'result')).toBe(true);
    expect(hasAnswerCue('Speakers expressed concern that legalization was leading to a lower perception of risk.', 'result')).toBe(true);
    expect(hasAnswerCue('Speakers discussed the progress of the programmes and where they were leading.', 'result')).toBe(false);
  });

  it('finds a length of time for "how long" and a frequency for "how often", not any number or date', () => {
    expect(hasAnswerCue('Sentences of up to three years were reported.', 'duration')).toBe(true);
    expect(hasAnswerCue('Some countries still impose life imprisonment.', 'duration')).toBe(true);
    expect(hasAnswerCue('A multi-year workplan was adopted in 2019 by 53 States.', 'duration')).toBe(false);
    expect(hasAnswerCue('The Commission meets annually in Vienna.', 'frequency')).toBe(true);
    expect(hasAnswerCue('Data are collected twice a year.', 'frequency')).toBe(true);
    expect(hasAnswerCue('The meeting on 17 October heard 12 speakers.', 'frequency')).toBe(false);
  });

  it('reads "what was said about" as a topic question', () => {
    expect(classifyQuestion('What was said about drug checking services in 2023?')).toEqual({ kind: 'topic' });
  });

  it('reads "who" as asking for a person only where it starts the question, not in "women who use drugs"', () => {
    expect(classifyQuestion('In 2021, who chaired the thematic discussions?')).toEqual({ kind: 'factoid', wants: 'person' });
    expect(classifyQuestion('Which CND resolution on women who use drugs was cited in 2020?')).toEqual({ kind: 'factoid', wants: 'name' });
  });

  it('reads "what were the names of…" as asking for names', () => {
    expect(classifyQuestion('What were the names of the platforms presented in 2023?')).toEqual({ kind: 'factoid', wants: 'name' });
    expect(classifyQuestion('What is the name of the early prevention initiative?')).toEqual({ kind: 'factoid', wants: 'name' });
  });

  it('takes a multiple as the answer to "how much higher", and not any number', () => {
    const anyWord = () => false;
    const question = 'How much higher is the prevalence of hepatitis C among people who inject drugs?';
    expect(statesCount('Their prevalence was 37.2 times that of the general population.', question, anyWord)).toBe(true);
    expect(statesCount('People who inject drugs were six times more likely to be living with HIV.', question, anyWord)).toBe(true);
    expect(statesCount('The meeting on 17 October heard 12 speakers.', question, anyWord)).toBe(false);
  });

  it('takes the other form of an acronym as the counted thing: "618 NPS" answers "how many new psychoactive substances"', () => {
    const question = 'How many new psychoactive substances were reported in 2021?';
    const ask = (alternatives: QueryTerm['alternatives']) =>
      compose(question, {
        queryTerms: ['new', 'psychoactive', 'substances', 'reported'].map((text) => ({ text, inCorpus: true, usage: null, alternatives: text === 'substances' ? alternatives : [] })),
        evidence: [evidence(2023, 101, 'A total of 618 NPS reported in 2021 was noted by new psychoactive substances experts.', [0])],
      });
    expect(ask([{ text: 'NPS', relation: 'acronym', sameMeaning: true, weight: 1 }]).status).toBe('answered');
    expect(ask([]).status).toBe('related');
  });

  it('takes the acronym of a long form the question also names as its count: "how many new psychoactive substances … on NPS"', () => {
    const question = 'How many new psychoactive substances had been reported in total, according to the 2023 session on NPS?';
    const longForm = [{ text: 'new psychoactive substances', relation: 'acronym' as const, sameMeaning: true, weight: 1 }];
    const ask = (nps: QueryTerm['alternatives']) =>
      compose(question, {
        queryTerms: [
          ...['new', 'psychoactive', 'substances', 'reported', 'total'].map((text) => ({ text, inCorpus: true, usage: null, alternatives: [] })),
          { text: 'NPS', inCorpus: true, usage: null, alternatives: nps },
        ],
        evidence: [evidence(2023, 101, 'The Chief noted an increase, with a total of 618 NPS reported in 2021 by new psychoactive substances experts.', [0])],
      });
    expect(ask(longForm).status).toBe('answered');
    expect(ask([]).status).toBe('related');
  });

  it('answers "by what percentage did it grow" with the size of a change, not with a share of something', () => {
    const question = 'By what percentage did the availability of pharmaceutical opioids grow?';
    const anyWord = () => false;
    expect(statesCount('Women made up half of the non-medical users of pharmaceutical opioids.', question, anyWord)).toBe(false);
    expect(statesCount('Only between 1 and 2 per cent of the profits were seized.', 'By how much have profits grown?', anyWord)).toBe(false);
    expect(statesCount('Availability increased by 40 per cent between 1998 and 2009.', question, anyWord)).toBe(true);
    expect(statesCount('Availability had doubled since 1998.', question, anyWord)).toBe(true);
    // A share question that asks no change still takes a share.
    expect(statesCount('Women made up half of the non-medical users of pharmaceutical opioids.', 'What share of the users were women?', anyWord)).toBe(true);
  });

  it('counts the head of the counted thing, not the words that qualify it: "new HIV infections among people who inject drugs"', () => {
    expect(countedHead('new HIV infections among people who inject drugs were')).toBe('new HIV infections');
    expect(countedHead('people registered')).toBe('people registered');
    const question = 'How many new HIV infections among people who inject drugs were there in 2019?';
    const terms = ['new', 'HIV', 'infections', 'people', 'inject', 'drugs'];
    const ask = (text: string) => compose(question, { queryTerms: corpusTerms(terms), evidence: [evidence(2020, 17, text, [0])] });
    // "11 million people injected drugs" counts people who inject, and "1.4 million were living with HIV" counts no infection.
    expect(ask('More than 11 million people injected drugs; 1.4 million were living with HIV.').status).toBe('related');
    expect(ask('There were 150,000 new HIV infections among people who inject drugs in 2019.').status).toBe('answered');
    // A head that says only "people" is counted by a number before "people" in a sentence with the other words.
    const people = compose('How many people inject drugs around the world?', {
      queryTerms: corpusTerms(['people', 'inject', 'drugs', 'world']),
      evidence: [evidence(2020, 17, 'More than 11 million people injected drugs worldwide.', [0])],
    });
    expect(people.status).toBe('answered');
  });

  it('reads "how big / how large" as asking for a figure or a share, and "what conclusions came out of" for a result', () => {
    const profits = 'How big were the profits of organized crime groups in the studies cited?';
    expect(classifyQuestion(profits)).toEqual({ kind: 'factoid', wants: 'number' });
    expect(statesCount('Some speakers cited studies showing large increases in the profits of organized criminal groups.', profits, () => false)).toBe(false);
    const market = 'How large is the online drug trafficking market compared with the global drug market?';
    expect(statesCount('Online drug trafficking accounted for only 2 per cent of the global drug market.', market, () => false)).toBe(true);
    expect(statesCount('The darknet market was estimated at USD 315 million a year.', market, () => false)).toBe(true);
    expect(classifyQuestion('What conclusions came out of the December session on access to medicines?')).toEqual({ kind: 'factoid', wants: 'result' });
  });

  it('reads "which delegation" as asking for a country, and "the name of the expert" for a person\'s name', () => {
    expect(classifyQuestion('Which delegation proposed focusing on the midterm review?')).toEqual({ kind: 'factoid', wants: 'country' });
    expect(classifyQuestion('What was the name of the Dalgarno Institute expert on the 2020 panel?')).toEqual({ kind: 'factoid', wants: 'named person' });
  });

  it('holds back "why did…" about one action when no sentence gives a reason, and answers with one that does', () => {
    const question = 'Why did the Chair hand over the moderation to the Vice-Chair on 17 October?';
    const ask = (text: string) =>
      compose(question, {
        queryTerms: corpusTerms(['chair', 'moderation', 'vice-chair', 'october']),
        evidence: [evidence(2019, 5, text, [0])],
      });
    const related = ask('On 17 October, the moderation passed from the Chair to the Vice-Chair.');
    expect(related).toMatchObject({ status: 'related', reason: 'not-stated' });
    expect(related.answer.text).toMatch(/but do not say why\.$/);
    expect(ask('On 17 October, the Chair handed the moderation to the Vice-Chair, as the Chair was unable to attend.').status).toBe('answered');
    // Why something is so in general is what the discussions are about: a topic, not one reason to find.
    expect(classifyQuestion('Why are synthetic drugs spreading so fast?')).toEqual({ kind: 'topic' });
    expect(classifyQuestion("Why didn't Paraguay speak on 24 October?")).toEqual({ kind: 'factoid', wants: 'reason' });
  });

  it('reads "who was the President who…" as asking for a name, which the office alone does not give', () => {
    expect(classifyQuestion('Who was the Human Rights Council President who addressed the opening?')).toEqual({ kind: 'factoid', wants: 'named person' });
    expect(classifyQuestion('Who chaired the 2021 discussions?')).toEqual({ kind: 'factoid', wants: 'person' });
  });

  it('reads "the US" and "the U.S." as the United States', () => {
    expect(countriesNamed('What did the US say about fentanyl?')).toEqual(['United States']);
    expect(countriesNamed('What did the U.S. say?')).toEqual(['United States']);
    expect(countriesNamed('Let us say what was said.')).toEqual([]);
  });

  it('answers a question naming a country and a topic only from paragraphs that name both', () => {
    const ask = (...texts: string[]) =>
      compose('What did Colombia say about coca?', {
        queryTerms: corpusTerms(['colombia', 'coca']),
        evidence: texts.map((text, i) => evidence(2023, 1 + i, text, [0, 1])),
      });
    const chair = 'The thematic discussions were chaired by H.E. Ambassador Miguel Camilo Ruiz Blanco (Colombia), Chair of the Commission.';
    const others = 'Coca growing on Indigenous land was reported by several speakers.';
    const related = ask(others, chair);
    expect(related).toMatchObject({ status: 'related', reason: 'not-stated' });
    expect(related.answer.text).toBe('The documents mention “coca” but not in connection with “Colombia”.');
    expect(ask(others, chair, 'Colombia reported that coca cultivation had fallen.').citations.map((c) => c.paragraph)).toEqual([3]);
  });

  it('answers a question naming a region only from paragraphs that name it, or a country or region within it', () => {
    const ask = (...texts: string[]) =>
      compose('What was said about drug trafficking through east africa?', {
        queryTerms: corpusTerms(['drug', 'trafficking', 'east', 'africa']),
        evidence: texts.map((text, i) => evidence(2023, 1 + i, text, [0, 1])),
      });
    const west = 'New drug trafficking hubs emerged in West Africa and the Gulf of Guinea.';
    const related = ask(west);
    expect(related).toMatchObject({ status: 'related', reason: 'not-stated' });
    expect(related.answer.text).toBe('The documents mention “drug trafficking” but not in connection with “east africa”.');
    expect(ask(west, 'Kenya reported drug trafficking through its ports.').citations.map((c) => c.paragraph)).toEqual([2]);
    expect(ask(west, 'Drug trafficking in the Horn of Africa was rising.').citations.map((c) => c.paragraph)).toEqual([2]);
    // What a question asks for ("figures") is not what the documents mention.
    const figures = compose('Any figures on drug trafficking through East Africa?', {
      queryTerms: corpusTerms(['figures', 'drug', 'trafficking', 'east', 'africa']),
      evidence: [evidence(2023, 1, 'Figures on drug trafficking through West Africa were given.', [0, 1])],
    });
    expect(figures.answer.text).toBe('The documents mention “drug trafficking” but not in connection with “East Africa”.');
  });

  it('reads a country the question does not capitalise, and does not list its short name as what the documents mention', () => {
    const others = 'Divergent views were expressed on the legalization of cannabis for non-medical use.';
    const roll = 'Statements were made by China, the Russian Federation and Canada.';
    for (const [question, words, country] of [
      ['and did china say anything about cannabis?', ['china', 'cannabis'], '“china”'],
      ['Did Russia say anything about cannabis?', ['russia', 'cannabis'], '“Russian Federation”'],
    ] as const) {
      const related = compose(question, { queryTerms: corpusTerms([...words]), evidence: [others, roll].map((text, i) => evidence(2022, 20 + i, text, [0, 1])) });
      expect(related, question).toMatchObject({ status: 'related', reason: 'not-stated' });
      expect(related.answer.text).toBe(`The documents mention “cannabis” but not in connection with ${country}.`);
    }
    // A short form in capitals names the country, though the question's words are lower case by then.
    const uk = compose('What did the UK say?', {
      queryTerms: [{ text: 'uk', inCorpus: true, usage: null, alternatives: [{ text: 'United Kingdom', relation: 'acronym', sameMeaning: true, weight: 1 }] }],
      evidence: ['During the discussion that followed, statements were made by China, the United Kingdom and Canada.', others].map((text, i) => evidence(2022, 20 + i, text, [0, 1])),
    });
    expect(uk.answer.text).toBe('The documents discuss related matters but not in connection with “United Kingdom”.');
  });

  it('answers a question naming a country only from paragraphs that name it, not in a roll of speakers', () => {
    const question = "What was China's position on cannabis legalization?";
    const ask = (...texts: string[]) =>
      compose(question, {
        queryTerms: corpusTerms(['china', 'position', 'cannabis', 'legalization']),
        evidence: texts.map((text, i) => evidence(2022, 20 + i, text, [0, 1])),
      });
    const others = 'Divergent views were expressed on the legalization of cannabis for non-medical use.';
    const roll = 'Statements were made by China, Mexico and Canada.';
    const related = ask(others, roll);
    expect(related).toMatchObject({ status: 'related', reason: 'not-stated' });
    expect(related.answer.text).toBe('The documents mention “cannabis legalization” but not in connection with “China”.');
    const answered = ask(others, 'China stressed its opposition to the legalization of cannabis for non-medical use.');
    expect(answered.status).toBe('answered');
    expect(answered.citations.map((c) => c.paragraph)).toEqual([21]);
  });

  it('answers a question naming a figure only from paragraphs that state it: other NPS are not "the 87 NPS"', () => {
    const question = 'Which substances were among the 87 newly identified NPS?';
    const ask = (...texts: string[]) =>
      compose(question, {
        queryTerms: corpusTerms(['substances', '87', 'newly', 'identified', 'nps']),
        evidence: texts.map((text, i) => evidence(2023, 100 + i, text, [0, 1])),
      });
    const others = 'Newly identified NPS such as nitazenes were traded on the surface web.';
    const related = ask(others);
    expect(related).toMatchObject({ status: 'related', reason: 'not-stated' });
    expect(related.answer.text).toBe('The documents mention “newly identified NPS” but not in connection with “87”.');
    const answered = ask(others, 'In 2021, 87 newly identified NPS were reported, among them synthetic cannabinoids such as MDMB-4en-PINACA.');
    expect(answered.status).toBe('answered');
    expect(answered.citations.map((c) => c.paragraph)).toEqual([101]);
  });

  it('takes a year as a date where it dates something, not where it names what follows', () => {
    expect(hasAnswerCue('The report was published in 2020.', 'date')).toBe(true);
    expect(hasAnswerCue('In 2019 the working group was set up.', 'date')).toBe(true);
    expect(hasAnswerCue('The group met on 17 October.', 'date')).toBe(true);
    expect(hasAnswerCue('Speakers welcomed the report as a contribution to the 2024 midterm review.', 'date')).toBe(false);
    expect(hasAnswerCue('They recalled the 2019 Ministerial Declaration.', 'date')).toBe(false);
  });

  it('reads "what were X worth" and a value asked "in dollars" as asking for money', () => {
    expect(classifyQuestion('What were dark web drug markets worth according to the 2021 discussions?')).toEqual({ kind: 'factoid', wants: 'money' });
    expect(classifyQuestion('What was the value of the seizures in dollars?')).toEqual({ kind: 'factoid', wants: 'money' });
    expect(classifyQuestion('Were prices quoted in dollars by the traffickers discussed?')).not.toEqual({ kind: 'factoid', wants: 'money' });
  });

  it('takes a delegation named as the speaker as the answer to "who spoke"', () => {
    expect(hasAnswerCue('Statements were made by Singapore on behalf of 43 countries.', 'person')).toBe(true);
    expect(hasAnswerCue('Statements were made on behalf of 43 countries.', 'person')).toBe(false);
  });

  it('reads deadlines as dates, adjectives before "countries" as a country question, and "how potent" as a magnitude', () => {
    expect(classifyQuestion('What is the deadline for submitting good practices?')).toEqual({ kind: 'factoid', wants: 'date' });
    expect(classifyQuestion('In which Central Asian countries was the project carried out?')).toEqual({ kind: 'factoid', wants: 'country' });
    // Not when a verb stands between: "what role did countries play" asks no country.
    expect(classifyQuestion('What role did countries play in the review?')).toEqual({ kind: 'topic' });
    expect(classifyQuestion('How potent are nitazenes compared with fentanyl?')).toEqual({ kind: 'factoid', wants: 'number' });
    expect(classifyQuestion('What were the names of the civil society speakers in 2019?')).toEqual({ kind: 'factoid', wants: 'named person' });
    expect(classifyQuestion('Did the report end up including a chapter on human rights?')).toEqual({ kind: 'factoid', wants: 'decision' });
    expect(classifyQuestion('Why has the number of opioid NPS stabilized?')).toEqual({ kind: 'factoid', wants: 'reason' });
  });

  it('answers the names of people only with names said of them, not the Chair\'s name beside them', () => {
    const ask = (...texts: string[]) =>
      compose('What were the names of the civil society speakers in 2019?', { year: 2019, evidence: texts.map((text, i) => evidence(2019, 1 + i, text, [0, 1])) });
    const chair = 'The thematic discussions were chaired by H.E. Ambassador Mirghani Bakhjet (Sudan), Chair of the Commission.';
    const unnamed = 'Civil society speakers shared their experiences with the speakers of Member States.';
    expect(ask(chair, unnamed)).toMatchObject({ status: 'related', reason: 'not-stated' });
    const named = ask(chair, unnamed, 'Civil society speakers included Dr. Jane Roe of the Youth RISE network.');
    expect(named.status).toBe('answered');
    expect(named.answer.sentences[0]!.text).toBe('Civil society speakers included Dr. Jane Roe of the Youth RISE network.');
  });

  it('holds back the pledges made under an initiative when the record names only the initiative', () => {
    const question = 'What pledges have countries made under Pledge4Action?';
    expect(classifyQuestion(question)).toEqual({ kind: 'factoid', wants: 'pledge' });
    const ask = (text: string) =>
      compose(question, {
        queryTerms: corpusTerms(['pledges', 'countries', 'pledge4action']),
        evidence: [evidence(2023, 130, text, [0])],
      });
    const related = ask('Member States would be able to make pledges on concrete actions under Pledge4Action.');
    expect(related).toMatchObject({ status: 'related', reason: 'not-stated' });
    expect(related.answer.text).toBe('The documents mention “Pledge4Action” but do not report what was pledged.');
    expect(ask('Under Pledge4Action, several countries pledged to expand treatment services.').status).toBe('answered');
  });

  it('answers "which …" only with a name the question does not give already', () => {
    const question = 'Which substances did the WHO Expert Committee recommend for scheduling?';
    expect(namesSomethingNew('The WHO Expert Committee made scheduling recommendations.', question)).toBe(false);
    expect(namesSomethingNew('The WHO Expert Committee recommended the scheduling of ADB-BUTINACA.', question)).toBe(true);
    expect(namesSomethingNew('The Commission recalled resolution 66/3.', 'Which resolution did the Commission recall?')).toBe(true);
    expect(namesSomethingNew('The emergence of potent opioid NPS such as nytazenes was noted.', 'Which potent new opioid NPS was flagged?')).toBe(true);
    expect(namesSomethingNew('The emergence of potent opioid NPS was noted.', 'Which potent new opioid NPS was flagged?')).toBe(false);
  });

  it('takes a roll of speakers as naming who spoke, not who did what the question asks', () => {
    const roll = 'During the discussion, statements were made by Switzerland, Italy, Mexico and Peru.';
    expect(namesCountries(roll, 'Which countries have joined the Global Coalition?')).toBe(false);
    expect(namesCountries(roll, 'Which countries made statements during the discussion?')).toBe(true);
    expect(namesCountries('Colombia and Peru shared their experience with alternative development.', 'Which countries have joined the Global Coalition?')).toBe(true);
  });

  it('counts only a number that stands just before the counted thing, not a name, a share or another count', () => {
    const counted = (word: string) => /^(?:crisis|infections|requests|registrations|people|nps)$/i.test(word);
    const question = 'How many people died in the tramadol crisis?';
    expect(countedThing(question)).toBe('people died');
    expect(statesCount('The COVID-19 crisis could lead to an increase of drug production.', question, counted)).toBe(false);
    expect(statesCount('In 2019, 10 per cent of the new HIV infections were among people who inject drugs.', 'How many new HIV infections were there?', counted)).toBe(false);
    expect(statesCount('One speaker also requested UNODC to continue providing support.', 'How many requests went unanswered?', counted)).toBe(false);
    expect(statesCount('With over 500 registrations, the meeting was well attended.', 'How many people registered?', counted)).toBe(true);
    expect(statesCount('More than 11 million people injected drugs.', 'How many people injected drugs?', counted)).toBe(true);
    expect(statesCount('A total of 618 NPS were reported in 2021.', 'How many new psychoactive substances were reported?', counted)).toBe(true);
    // "Out of all…, how many" asks for a portion: a share answers it.
    expect(statesCount('Only one in six people with drug use disorders received treatment.', 'Out of all the people hooked on drugs, how many get into rehab?', () => false)).toBe(true);
  });

  it('does not count with a day of the month, a word that only qualifies the counted thing, or a number dated by another year', () => {
    const cocaine = (word: string) => /^(?:cocaine|seizures)$/i.test(word);
    const question = 'How many cocaine seizures were made?';
    expect(statesCount('On 14 March cocaine seizures were reviewed.', question, cocaine)).toBe(false);
    // "cocaine" qualifies "seizures": "the three cocaine markets" counts markets.
    const qualifies = (word: string) => /^cocaine$/i.test(word);
    expect(statesCount('The speaker described the three cocaine markets of the region.', question, cocaine, { qualifies })).toBe(false);
    expect(statesCount('Some 1,200 cocaine seizures were reported.', question, cocaine, { qualifies })).toBe(true);
    expect(statesCount('There were 40 cocaine seizures and many arrests.', question, cocaine, { qualifies })).toBe(true);
    // Dated by the question's year, or by none, the number counts; by another year, it does not.
    const dated = 'A total of 618 NPS were reported in 2021.';
    const nps = (word: string) => /^nps$/i.test(word);
    expect(statesCount(dated, 'How many NPS were reported in 2022?', nps, { datedIn: [2022] })).toBe(false);
    expect(statesCount(dated, 'How many NPS were reported in 2021?', nps, { datedIn: [2021] })).toBe(true);
    expect(statesCount(dated, 'How many NPS were reported?', nps, { datedIn: [] })).toBe(true);
  });

  it('counts the people a copula places: "How many people are in prison" is not answered by a count of people elsewhere', () => {
    expect(countedThing('How many people are in prison for drugs?')).toBe('people are in prison');
    const ask = (...texts: string[]) => compose('How many people are in prison for drugs?', { evidence: texts.map((text, i) => evidence(2020, 10 + i, text, [0, 1])) });
    const elsewhere = 'Only one in eight persons who used drugs had access to treatment. Prisons were crowded.';
    expect(ask(elsewhere)).toMatchObject({ status: 'related', reason: 'not-stated' });
    expect(ask(elsewhere, 'Some 2 million people were in prison for drug offences.').answer.sentences[0]!.text).toBe('Some 2 million people were in prison for drug offences.');
  });

  it('reads "the number of X" and "the totals of X" as asking for a count', () => {
    expect(countedThing('What was the global number of heroin users reported last year?')).toBe('heroin users');
    expect(classifyQuestion('What were the regional totals of methamphetamine seizures?')).toEqual({ kind: 'factoid', wants: 'number' });
  });

  it('reads one speaker or one statement asked what it said as wanting the statement, also on a panel', () => {
    const statement = { kind: 'factoid', wants: 'statement' };
    expect(classifyQuestion('What did the Director of the Division tell the Commission in her opening?')).toEqual(statement);
    expect(classifyQuestion('What did the Member of the Subcommission explain?')).toEqual(statement);
    expect(classifyQuestion('What did the WHO expert say on the second panel?')).toEqual(statement);
    expect(classifyQuestion("What did Portugal's oral statement on prevention say?")).toEqual(statement);
    // "Say on" a topic asks what was said about it.
    expect(classifyQuestion('What did the WHO expert say on cannabis scheduling?')).toEqual({ kind: 'topic' });
    // A roll of who presented says nothing of what was said.
    expect(onlyRollOfSpeakers('Presentations were also made by the Director of the Division and the Secretary of the Board.', 'What did the presentations say?')).toBe(true);
    expect(onlyRollOfSpeakers('Presentations were also made by the Director of the Division and the Secretary of the Board.', 'Who gave presentations?')).toBe(false);
  });

  it('reads a yes-or-no question about a long subject being approved as asking for a decision', () => {
    expect(classifyQuestion('Was the proposal to merge the two regional programmes into a single one eventually approved?')).toEqual({ kind: 'factoid', wants: 'decision' });
  });

  it('tells yes-or-no questions, even with "how much" inside them, from factoids', () => {
    expect(isYesNoQuestion('Was sewage testing put forward as a way to gauge how much narcotics a city takes?')).toBe(true);
    expect(isYesNoQuestion('Did anyone say who chaired the meeting?')).toBe(true);
    expect(isYesNoQuestion('How many registrations did the 2021 meeting have?')).toBe(false);
  });
});

describe('resolveFollowUp', () => {
  const history = (question: string) => [{ question }];

  it('keeps the topic and switches the year: "And in 2022?"', () => {
    expect(resolveFollowUp('And in 2022?', history('What was said about drug checking services in 2023?'), TEST_SESSIONS)).toEqual({
      text: 'What was said about drug checking services in 2022?',
      year: 2022,
      isFollowUp: true,
      topic: 'drug checking services',
      previousYear: 2023,
      swappedIn: null,
    });
  });

  it('reads a short question placed in the present ("these days") as standing alone, not as pointing back', () => {
    const resolved = resolveFollowUp('Are more old people getting high these days?', history('Was the death penalty discussed in 2020?'), TEST_SESSIONS);
    expect(resolved.isFollowUp).toBe(false);
    expect(resolved.text).toBe('Are more old people getting high these days?');
    expect(resolveFollowUp('Were these raised again?', history('Was the death penalty discussed in 2020?'), TEST_SESSIONS).isFollowUp).toBe(true);
  });

  it('keeps year and topic and adds the new focus: "What about women?"', () => {
    expect(resolveFollowUp('What about women?', history('What was said about drug treatment in 2020?'), TEST_SESSIONS).text).toBe(
      'What was said about drug treatment and women in 2020?',
    );
    expect(resolveFollowUp('And what about women?', history('What was said about drug treatment in 2020?'), TEST_SESSIONS).text).toBe(
      'What was said about drug treatment and women in 2020?',
    );
  });

  describe('a focus of the kind the earlier question names takes its place', () => {
    const kinds = new WordKinds(new WordNet());
    const follow = (question: string, earlier: string) => resolveFollowUp(question, history(earlier), TEST_SESSIONS, () => 0, kinds);

    it('swaps a drug for a drug, keeping the year', () => {
      expect(follow('What about cocaine?', 'What was said about cannabis in 2020?')).toMatchObject({ text: 'What was said about cocaine in 2020?', topic: 'cocaine', year: 2020, swappedIn: 'cocaine' });
      expect(follow('And what about cocaine?', 'What was said about cannabis in 2020?').text).toBe('What was said about cocaine in 2020?');
    });

    it('swaps a group of people with the adjectives before it, and keeps what follows it', () => {
      expect(follow('What about young people?', 'Do women get hooked faster than men?').text).toBe('Do young people get hooked faster than men?');
      expect(follow('What about older people?', 'What was said about drug use among young people in 2019?').text).toBe('What was said about drug use among older people in 2019?');
      expect(follow('What about women specifically?', 'What was said about HIV among people who inject drugs in 2020?').text).toBe(
        'What was said about HIV among women who inject drugs in 2020?',
      );
    });

    it('never swaps the meeting\'s own people, and adds a focus of no kind the topic names', () => {
      expect(follow('What about women?', 'What did speakers say about access to treatment in 2022?').text).toBe(
        'What did speakers say about access to treatment and women in 2022?',
      );
      expect(follow('What about prisons?', 'What was said about cannabis in 2020?').text).toBe('What was said about cannabis and prisons in 2020?');
    });

    it('reads the kinds from WordNet', () => {
      expect([kinds.kindOf('heroin'), kinds.kindOf('women'), kinds.kindOf('Colombia'), kinds.kindOf('treatment')]).toEqual(['drug', 'people', 'place', null]);
    });

    it('swaps a region for a region or a country, with the word that places it', () => {
      expect(follow('What about East Africa?', 'What did the meetings say about drug trafficking through West Africa?').text).toBe(
        'What did the meetings say about drug trafficking through East Africa?',
      );
      expect(follow('And Colombia?', 'What was said about coca cultivation in Latin America in 2022?').text).toBe('What was said about coca cultivation in Colombia in 2022?');
      // A region's name is a place whatever WordNet makes of it (the Andes, a mountain range); the focus brings its "in".
      expect(kinds.kindOf('Andes')).toBe('place');
      expect(follow('and in Asia?', 'What was said about alternative development in the Andes?').text).toBe('What was said about alternative development in Asia?');
    });
  });

  it('reads what a question worded otherwise asks of after "about", for a pronoun to stand for', () => {
    expect(resolveFollowUp('Which year talked most about it?', history('Is anyone worried about fentanyl?'), TEST_SESSIONS).text).toBe('Which year talked most about fentanyl?');
  });

  it('asks a bare "Which countries?" of the previous topic, in the previous question\'s place of asking', () => {
    expect(resolveFollowUp('Which countries?', history('Who wanted cannabis legalised?'), TEST_SESSIONS).text).toBe('Which countries wanted cannabis legalised?');
    expect(resolveFollowUp('Which countries?', history('What was said about cannabis in 2022?'), TEST_SESSIONS)).toMatchObject({
      text: 'Which countries spoke about cannabis in 2022?',
      year: 2022,
    });
  });

  it('says a follow-up\'s span of years in words read back as the same span, and "so" said as what was said', () => {
    expect(resolveFollowUp('Did that come up before 2021?', history('Tell me more about crypto'), TEST_SESSIONS).text).toBe('Tell me more about crypto up to 2020?');
    expect(resolveFollowUp('Who said so?', history('How much money do traffickers launder?'), TEST_SESSIONS).text).toBe('Who said money traffickers launder?');
  });

  it('reads "that year" as the conversation\'s year, not its topic', () => {
    expect(resolveFollowUp('Was COVID a big topic that year?', history('What did they agree on in 2020?'), TEST_SESSIONS)).toMatchObject({
      text: 'Was COVID a big topic in 2020?',
      year: 2020,
      isFollowUp: true,
    });
    expect(resolveFollowUp('Who moderated that session?', history('Who chaired the 2021 thematic discussions?'), TEST_SESSIONS).text).toBe('Who moderated in 2021?');
  });

  it('asks when the earlier topic was discussed for "When was that?", and what was said of it for "Tell me more"', () => {
    expect(resolveFollowUp('When was that?', history('Did anyone mention the death penalty?'), TEST_SESSIONS).text).toBe('When was the death penalty discussed?');
    expect(resolveFollowUp('Tell me more', history('Did anyone mention the death penalty?'), TEST_SESSIONS)).toMatchObject({ text: 'What was said about the death penalty?', isFollowUp: true });
    expect(resolveFollowUp('Anything else?', history('What was said about cannabis in 2022?'), TEST_SESSIONS).text).toBe('What was said about cannabis in 2022?');
  });

  it('reads "it" speaking as the one country the earlier question named, and leaves it when that named none', () => {
    expect(resolveFollowUp('What did it say about coca?', history('Did Colombia take part?'), TEST_SESSIONS).text).toBe('What did Colombia say about coca?');
    expect(resolveFollowUp('What did it say about coca?', history('Was cannabis discussed in 2021?'), TEST_SESSIONS).text).toBe('What did it say about coca in 2021?');
    expect(resolveFollowUp('In what year was that?', history('Which other countries talked about alternative development?'), TEST_SESSIONS).text).toBe('When was alternative development discussed?');
  });

  it('asks the earlier question of another year when the follow-up only names the kind of fact: "Is there a figure for 2021?"', () => {
    for (const followUp of ['Is there a figure for 2021?', 'Are there numbers for 2021?', 'And the estimates in 2021?']) {
      expect(resolveFollowUp(followUp, history('How many people died from overdoses?'), TEST_SESSIONS), followUp).toMatchObject({ text: 'How many people died from overdoses in 2021?', year: 2021, isFollowUp: true });
    }
    // A word that is a topic of the record asks about it.
    expect(resolveFollowUp('Were there statistics on women in 2021?', history('How many people died from overdoses?'), TEST_SESSIONS).text).toBe('Were there statistics on women in 2021?');
  });

  it('asks the same of a topic of its own after "What about", and narrows the earlier one with a word or a place', () => {
    expect(resolveFollowUp('what about heroin-assisted treatment?', history('Did anyone mention safe injection sites?'), TEST_SESSIONS).text).toBe('Did anyone mention heroin-assisted treatment?');
    expect(resolveFollowUp('What about the dark web?', history('What was said about cryptocurrencies in 2021?'), TEST_SESSIONS).text).toBe('What was said about the dark web in 2021?');
    const narrowed = resolveFollowUp('What about in prisons?', history('Did anyone mention safe injection sites?'), TEST_SESSIONS).text;
    expect([narrowed.includes('safe injection sites'), narrowed.includes('prisons')]).toEqual([true, true]);
  });

  it('asks a short question after one about a meeting as a whole of that meeting', () => {
    for (const [followUp, asked] of [
      ['who spoke?', 'who spoke in 2021?'],
      ['Was anything agreed?', 'Was anything agreed in 2021?'],
      ['Who chaired it?', 'Who chaired the meeting in 2021?'],
    ] as const) {
      expect(resolveFollowUp(followUp, history('What happened at the 2021 meeting?'), TEST_SESSIONS).text, followUp).toBe(asked);
    }
  });

  it('swaps one country for another with one "the"', () => {
    const kinds = new WordKinds(new WordNet());
    expect(resolveFollowUp('and the UK?', history('what did the European Union say?'), TEST_SESSIONS, undefined, kinds).text).toBe('what did the UK say?');
  });

  it('reads "Was it mentioned…" as asking of what "it" stands for, not of "it" speaking', () => {
    expect(resolveFollowUp('Was it mentioned back in 2019 as well?', history('Where are the new captagon trafficking hubs, according to the 2023 discussions?'), TEST_SESSIONS)).toMatchObject({
      year: 2019,
      topic: 'new captagon trafficking hubs',
      previousYear: 2023,
    });
    expect(resolveFollowUp('Was it mentioned back in 2019 as well?', history('Where are the new captagon trafficking hubs, according to the 2023 discussions?'), TEST_SESSIONS).text).toContain('captagon');
    // Active, "it" still speaks: the country the earlier question named.
    expect(resolveFollowUp('What did it say about coca?', history('Did Colombia take part?'), TEST_SESSIONS).text).toBe('What did Colombia say about coca?');
  });

  it('reads "it" after a yes-or-no question about a deed as what the deed was done to, not who did it', () => {
    expect(resolveFollowUp('who opposed it?', history('Has the CND ever endorsed harm reduction?'), TEST_SESSIONS).text).toBe('who opposed harm reduction?');
    expect(resolveFollowUp('When was that?', history('Did civil society organizations raise the issue of stigma?'), TEST_SESSIONS).text).toBe('When was the issue of stigma discussed?');
  });

  it('asks for the figures on the earlier topic when the follow-up asks for numbers the earlier question did not', () => {
    expect(resolveFollowUp('any numbers on that?', history('What did the meetings say about drug trafficking through West Africa?'), TEST_SESSIONS).text).toBe(
      'Any figures on drug trafficking through West Africa?',
    );
    expect(resolveFollowUp('Is there a figure for 2021?', history('What was said about overdose deaths?'), TEST_SESSIONS).text).toBe('Any figures on overdose deaths in 2021?');
    expect(resolveFollowUp('any numbers on that?', history('Is there anything on access to controlled medicines in Africa?'), TEST_SESSIONS).text).toBe(
      'Any figures on access to controlled medicines in Africa?',
    );
    // With no year and no topic of its own, after a question asking for something other than a number.
    expect(resolveFollowUp('Any figures?', history('Where is captagon trafficked?'), TEST_SESSIONS).text).toBe('Any figures on captagon trafficked?');
    // After a question asking for a number, the same number of another year.
    expect(resolveFollowUp('Is there a figure for 2021?', history('How many people died from overdoses?'), TEST_SESSIONS).text).toBe('How many people died from overdoses in 2021?');
  });

  it('reads "Since when?" as when the earlier topic was discussed, and "What did they recommend?" as asked of it', () => {
    expect(resolveFollowUp('Since when?', history('Was the dark web discussed?'), TEST_SESSIONS).text).toBe('When was the dark web discussed?');
    expect(resolveFollowUp('What did they recommend?', history('What was said about money laundering?'), TEST_SESSIONS).text).toBe('What did they recommend regarding money laundering?');
    // A topic of its own stands alone.
    expect(resolveFollowUp('What did they say about cannabis?', history('What was said about money laundering?'), TEST_SESSIONS).text).toBe('What did they say about cannabis?');
  });

  it('asks "And INCB?" after what UNODC said of a topic as what INCB said of it', () => {
    expect(resolveFollowUp('And INCB?', history('What did UNODC say about synthetic drugs?'), TEST_SESSIONS).text).toBe('What did INCB say about synthetic drugs?');
    expect(resolveFollowUp('And the World Health Organization?', history('What did UNODC say about synthetic drugs?'), TEST_SESSIONS).text).toBe('What did the World Health Organization say about synthetic drugs?');
  });

  it('leaves out the preposition that named the earlier year: "Was tramadol mentioned in 2023 as well?", then "And in 2021?"', () => {
    expect(resolveFollowUp('And in 2021?', history('Was tramadol mentioned in 2023 as well?'), TEST_SESSIONS).text).toBe('Was tramadol mentioned as well in 2021?');
  });

  it('reads "What can be done about it?" as asked of what "it" stands for, and "Who said that?" as the earlier question', () => {
    expect(resolveFollowUp('What can be done about it?', history('Why does stigma matter?'), TEST_SESSIONS).text).toBe('What can be done about stigma?');
    expect(resolveFollowUp('Who said that?', history('Why does stigma matter?'), TEST_SESSIONS).text).toBe('Why does stigma matter?');
  });

  it('reads "And about kids?" as the same question of kids, without a second "about"', () => {
    const kinds = new WordKinds(new WordNet());
    expect(resolveFollowUp('And about kids?', history('What did speakers say about women?'), TEST_SESSIONS, undefined, kinds).text).toBe('What did speakers say about kids?');
  });

  it('reads "them" as the people an earlier question has doing something, and as the whole topic when the people are it', () => {
    const kinds = new WordKinds(new WordNet());
    expect(resolveFollowUp('What helps them stop?', history('Why do people start using drugs?'), TEST_SESSIONS, undefined, kinds).text).toBe('What helps people stop?');
    expect(resolveFollowUp('How can we help them?', history('Why do young people use cannabis?'), TEST_SESSIONS, undefined, kinds).text).toBe('How can we help young people?');
    expect(resolveFollowUp('What services help them?', history('What was said about women who inject drugs?'), TEST_SESSIONS, undefined, kinds).text).toBe('What services help women who inject drugs?');
    expect(resolveFollowUp('Who makes them?', history('What was said about synthetic drugs?'), TEST_SESSIONS, undefined, kinds).text).toBe('Who makes synthetic drugs?');
  });

  it('asks a short which-question with no topic of its own of the earlier topic, and of the earlier meeting when it had none', () => {
    expect(resolveFollowUp('Which tools were recommended?', history('What was said about money laundering in 2023?'), TEST_SESSIONS).text).toBe(
      'Which tools were recommended regarding money laundering in 2023?',
    );
    expect(resolveFollowUp('Who moderated that session?', history('Who chaired the 2021 thematic discussions?'), TEST_SESSIONS).text).toBe('Who moderated in 2021?');
  });

  it('reads "it" after a question about a size as the thing measured: "Who polices it?" after "How big is the dark web?"', () => {
    expect(resolveFollowUp('Who polices it?', history('How big is the dark web?'), TEST_SESSIONS).text).toBe('Who polices the dark web?');
  });

  it('reads "it" after a question about a meeting as a whole as that meeting', () => {
    expect(resolveFollowUp('Who chaired it?', history('What was the 2020 session about?'), TEST_SESSIONS).text).toBe('Who chaired the meeting in 2020?');
  });

  it('reads a closing "then" as the conversation\'s year, and keeps the question\'s own topic', () => {
    expect(resolveFollowUp('What did speakers say about cryptocurrencies then?', history('What were the main topics discussed in 2022?'), TEST_SESSIONS)).toMatchObject({
      text: 'What did speakers say about cryptocurrencies in 2022?',
      year: 2022,
      isFollowUp: true,
      topic: 'cryptocurrencies',
    });
  });

  it('reads "they" speaking as the speakers, not the previous topic', () => {
    expect(resolveFollowUp('What did they say about prisons?', history('Is anyone worried about fentanyl?'), TEST_SESSIONS)).toMatchObject({
      text: 'What did they say about prisons?',
      isFollowUp: false,
    });
    expect(resolveFollowUp('Did they talk about that in 2019?', history('What did the 2023 sessions say about cryptocurrencies?'), TEST_SESSIONS).text).toBe(
      'Did they talk about cryptocurrencies in 2019?',
    );
  });

  it('replaces a pronoun with the previous topic', () => {
    expect(resolveFollowUp('Who presented it?', history('What was the Pledge4Action initiative?'), TEST_SESSIONS).text).toBe('Who presented the Pledge4Action initiative?');
  });

  it('resolves a chain of follow-ups from the first question', () => {
    const chain = [{ question: 'What was said about drug treatment in 2020?' }, { question: 'What about women?' }];
    expect(resolveFollowUp('And in 2021?', chain, TEST_SESSIONS).text).toBe('What was said about drug treatment and women in 2021?');
  });

  it('gives a short question without a year the year of the conversation', () => {
    expect(resolveFollowUp('Who moderated the second day?', history('Who chaired the 2019 thematic session?'), TEST_SESSIONS)).toEqual({
      text: 'Who moderated the second day in 2019?',
      year: 2019,
      isFollowUp: true,
      topic: null,
      previousYear: 2019,
      swappedIn: null,
    });
  });

  it('starts afresh on a question with a topic of its own: no year carries over', () => {
    const previous = history('What was said about drug checking services in 2023?');
    // "hooked" is rare in this test's corpus: the question names its own topic.
    const idf = (stem: string) => (stem === 'hook' ? 6 : 1);
    expect(resolveFollowUp('Do women get hooked faster than men?', previous, TEST_SESSIONS, idf)).toMatchObject({ isFollowUp: false, year: null });
    expect(resolveFollowUp('Which countries raised hooked?', previous, TEST_SESSIONS, idf)).toMatchObject({ isFollowUp: false });
  });

  it('reads "over the years" and "since 2021" as spans, never as the previous year', () => {
    const previous = history('What was said about drug checking services in 2023?');
    expect(resolveFollowUp('How has alternative development been discussed over the years?', previous, TEST_SESSIONS)).toMatchObject({ isFollowUp: false, year: null });
    expect(resolveFollowUp('And since 2021?', previous, TEST_SESSIONS)).toMatchObject({
      isFollowUp: true,
      year: null,
      text: 'What was said about drug checking services since 2021?',
    });
  });

  it('reads a capitalised name as a topic of its own, and "were there" as no back-reference', () => {
    const previous = history('What was said about drug checking services in 2023?');
    expect(resolveFollowUp('Who runs the Global Maritime Crime Programme?', previous, TEST_SESSIONS)).toMatchObject({ isFollowUp: false, year: null });
    expect(resolveFollowUp('How many speakers were there at the 2020 meeting?', previous, TEST_SESSIONS)).toMatchObject({ isFollowUp: false });
  });

  it('carries the topic of a yes-or-no question by its words, and names it in a follow-up', () => {
    const resolved = resolveFollowUp('And in 2020?', history('Was kratom raised in 2022 as well?'), TEST_SESSIONS);
    expect(resolved).toMatchObject({ isFollowUp: true, year: 2020, previousYear: 2022, topic: 'kratom' });
  });

  it('puts the topic of a counting question for "those"', () => {
    const resolved = resolveFollowUp('And how many of those were seized?', history('How many new psychoactive substances were reported in 2021?'), TEST_SESSIONS);
    expect(resolved.text).toMatch(/^how many of new psychoactive substances/i);
    expect(resolved.text).not.toMatch(/how many of how many/i);
  });

  it('counts "the year after" and "the previous year" from the year the conversation is about', () => {
    expect(resolveFollowUp('And the year after?', history('Who chaired the 2022 thematic discussions?'), TEST_SESSIONS)).toMatchObject({ isFollowUp: true, year: 2023 });
    expect(resolveFollowUp('What about the previous year?', history('Who chaired the 2022 thematic discussions?'), TEST_SESSIONS)).toMatchObject({ year: 2021 });
    expect(resolveFollowUp('And the year after?', history('Who chaired the 2022 thematic discussions?'), TEST_SESSIONS).text).toBe('Who chaired the thematic discussions in 2023?');
  });

  it('counts "four years later" and "two years earlier" as that many years from the conversation\'s year', () => {
    const talk = history('What did the 2019 session discuss about alternative development?');
    expect(resolveFollowUp('And four years later?', talk, TEST_SESSIONS)).toMatchObject({ isFollowUp: true, year: 2023 });
    expect(resolveFollowUp('And 2 years later?', talk, TEST_SESSIONS)).toMatchObject({ year: 2021 });
    expect(resolveFollowUp('What about three years earlier?', history('What was said about women in prison in 2023?'), TEST_SESSIONS)).toMatchObject({ year: 2020 });
    expect(resolveFollowUp('And a year later?', talk, TEST_SESSIONS).text).toMatch(/alternative development in 2020\?$/);
    // The year taken out of the earlier question leaves no stray space before its comma.
    const figures = history('How many new HIV infections were there in 2019, as an absolute figure?');
    expect(resolveFollowUp('And four years later?', figures, TEST_SESSIONS).text).toBe('How many new HIV infections were there, as an absolute figure in 2023?');
  });

  it('leaves a standalone question alone, even with history', () => {
    expect(resolveFollowUp('Who chaired the 2021 thematic discussions?', history('What about NPS?'), TEST_SESSIONS)).toEqual({
      text: 'Who chaired the 2021 thematic discussions?',
      year: null,
      topic: null,
      previousYear: null,
      swappedIn: null,
      isFollowUp: false,
    });
  });
});
