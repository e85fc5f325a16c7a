import { describe, expect, it } from 'vitest';
import { countriesAsked, countriesNamed } from '../src/retrieve/countries.js';
import { LanguageDetector } from '../src/retrieve/language.js';
import { analyseQuery } from '../src/retrieve/query-analysis.js';
import { asksForFigures, classifyQuestion, hasAnswerCue, namesCountries } from '../src/retrieve/question-type.js';
import { SessionCalendar } from '../src/retrieve/session-calendar.js';
import { editDistance, SpellingCorrector, withCorrections } from '../src/retrieve/spelling.js';
import { contentStems } from '../src/parse/terms.js';
import { spellingVariants } from '../src/store/spelling-variants.js';
import type { WordFrequency } from '../src/store/types.js';

const SESSIONS = SessionCalendar.forDocuments([{ body: 'Commission on Narcotic Drugs' }]);

/** A corpus of a few words, with the index's symmetric-delete look-up done in memory as the store does in SQL. */
function corrector(words: Record<string, number>, known: string[] = []): SpellingCorrector {
  const byVariant = new Map<string, WordFrequency[]>();
  for (const [word, paragraphs] of Object.entries(words)) {
    for (const variant of spellingVariants(word)) byVariant.set(variant, [...(byVariant.get(variant) ?? []), { word, paragraphs }]);
  }
  const store = {
    spellingCandidates: async (word: string) => [...new Map(spellingVariants(word).flatMap((v) => byVariant.get(v) ?? []).map((w) => [w.word, w])).values()],
  };
  const vocabulary = new Map(Object.entries(words).flatMap(([word, n]) => contentStems(word).map((stem) => [stem, n] as const)));
  return new SpellingCorrector(store, vocabulary, (word) => known.includes(word));
}

describe('spelling correction', () => {
  it('counts a transposition as one edit', () => {
    expect(editDistance('cannabsi', 'cannabis')).toBe(1);
    expect(editDistance('naloxne', 'naloxone')).toBe(1);
    expect(editDistance('kits', 'kits')).toBe(0);
  });

  it('reads an unknown word as the nearest corpus word and says which words it read', async () => {
    const result = await corrector({ naloxone: 12, kits: 3 }).correct('naloxne kits');
    expect(result).toEqual({ original: 'naloxne kits', reading: 'naloxone kits', words: [{ from: 'naloxne', to: 'naloxone' }] });
  });

  it('prefers the word the corpus uses most among equally near ones', async () => {
    // "prisom" is one edit from both.
    expect((await corrector({ prison: 40, prism: 2 }).correct('prisom'))?.reading).toBe('prison');
    expect((await corrector({ prison: 2, prism: 40 }).correct('prisom'))?.reading).toBe('prism');
  });

  it('keeps the typed capital at the start of a sentence', async () => {
    expect((await corrector({ cannabis: 30 }).correct('Cannabsi legalisation'))?.reading).toBe('Cannabis legalisation');
  });

  it('leaves alone real words, short words, names, acronyms and anything with a digit', async () => {
    // "cops" is English (WordNet knows it): it is expanded, not corrected to "crops".
    expect(await corrector({ crops: 9 }, ['cops']).correct('cops')).toBeNull();
    expect(await corrector({ hemp: 4 }).correct('hamp')).toBeNull();
    expect(await corrector({ gutters: 3 }).correct('What did Guterres say?')).toBeNull();
    expect(await corrector({ unodc: 50 }).correct('UNODX')).toBeNull();
    expect(await corrector({ resolution: 50 }).correct('resolutio61')).toBeNull();
  });

  it('does not reach words more than one edit away when both are under eight letters', async () => {
    expect(await corrector({ prison: 40 }).correct('presion')).toBeNull();
    expect(await corrector({ prisons: 40 }).correct('prsns')).toBeNull();
  });

  it('reaches a long word two edits away from a shorter typed one: two letters dropped', async () => {
    expect((await corrector({ naloxone: 12, overdose: 9 }).correct('naloxn overdose'))?.reading).toBe('naloxone overdose');
  });
});

describe('other languages', () => {
  const detector = LanguageDetector.shipped();

  it('recognises the other five UN languages by their script or their function words', () => {
    expect(detector.detect('¿Qué se dijo sobre el cannabis en 2021?')?.code).toBe('es');
    expect(detector.detect('Qu’a-t-on dit sur les femmes en prison ?')?.code).toBe('fr');
    expect(detector.detect('Что говорилось о каннабисе?')?.code).toBe('ru');
    expect(detector.detect('ماذا قيل عن القنب؟')?.code).toBe('ar');
    expect(detector.detect('关于大麻说了什么？')?.code).toBe('zh');
  });

  it('gives a reply in the language itself', () => {
    expect(detector.detect('¿Qué se dijo sobre el cannabis?')?.reply).toMatch(/inglés/);
  });

  it('leaves English alone, with foreign names and short searches in it', () => {
    for (const question of ['What was said about drug checking in 2023?', 'naloxne kits', 'la via campesina', 'Is there a plan for the favelas in Brazil?']) {
      expect(detector.detect(question)).toBeNull();
    }
  });
});

describe('which years a question means', () => {
  it('reads "over the years", "since 2021" and "between 2019 and 2021" as spans, not one year', () => {
    expect(analyseQuery('How has alternative development been discussed over the years?', SESSIONS)).toMatchObject({ year: null, span: { from: null, to: null } });
    expect(analyseQuery('What was said about prisons since 2021?', SESSIONS)).toMatchObject({ year: null, span: { from: 2021, to: null } });
    expect(analyseQuery('What was said about prisons between 2019 and 2021?', SESSIONS)).toMatchObject({ year: null, span: { from: 2019, to: 2021 } });
    expect(analyseQuery('What was said about prisons after 2020?', SESSIONS).span).toEqual({ from: 2021, to: null });
  });

  it('tells the year of a figure from the year of a meeting', () => {
    expect(analyseQuery('How many overdose deaths were recorded in 2020?', SESSIONS)).toMatchObject({ year: 2020, yearDates: 'figure' });
    expect(analyseQuery('What share of HIV infections in 2019 were among people who inject drugs?', SESSIONS).yearDates).toBe('figure');
    expect(analyseQuery('What was said about overdose deaths in 2020?', SESSIONS).yearDates).toBe('meeting');
    expect(analyseQuery('How many people registered for the 2021 thematic discussions?', SESSIONS).yearDates).toBe('meeting');
    expect(analyseQuery('What did the sixty-fourth session say about prisons?', SESSIONS).yearDates).toBe('meeting');
    // The death penalty is not a count of deaths: its year is the meeting's.
    expect(analyseQuery('Death penalty for drug offences in 2022', SESSIONS).yearDates).toBe('meeting');
    expect(analyseQuery('How many deaths were linked to fentanyl in 2021?', SESSIONS).yearDates).toBe('figure');
  });
});

describe('what a factoid asks for', () => {
  it('recognises sums of money, votes, results and countries', () => {
    expect(classifyQuestion('What is the annual budget of the Container Control Programme?')).toEqual({ kind: 'factoid', wants: 'money' });
    expect(classifyQuestion('How was the vote on the resolution?')).toEqual({ kind: 'factoid', wants: 'vote' });
    expect(classifyQuestion('What were the results of the pilot project?')).toEqual({ kind: 'factoid', wants: 'result' });
    expect(classifyQuestion('What did the evaluation find?')).toEqual({ kind: 'factoid', wants: 'result' });
    expect(classifyQuestion('Which countries shared their experience?')).toEqual({ kind: 'factoid', wants: 'country' });
  });

  it('reads a request for figures, in so many words, as asking for a number', () => {
    expect(classifyQuestion('Any numbers on that?')).toEqual({ kind: 'factoid', wants: 'number' });
    expect(classifyQuestion('What statistics on HIV were presented in 2023?')).toEqual({ kind: 'factoid', wants: 'number' });
    expect(asksForFigures('Are there any statistics on drug use in prisons?')).toBe(true);
    expect(asksForFigures('Did the number of NPS increase?')).toBe(false);
  });

  it('finds a sum only where a currency stands with a number', () => {
    expect(hasAnswerCue('The programme cost US$ 4 million.', 'money')).toBe(true);
    expect(hasAnswerCue('An average of 12.8 million USD per country was seized.', 'money')).toBe(true);
    expect(hasAnswerCue('The programme was expanded to 12 countries.', 'money')).toBe(false);
  });

  it('finds a vote only where voting is reported', () => {
    expect(hasAnswerCue('The resolution was adopted without a vote.', 'vote')).toBe(true);
    expect(hasAnswerCue('Different views were expressed on the proposal.', 'vote')).toBe(false);
  });

  it('answers "which countries" with several country names, "which country" with one the question does not name', () => {
    expect(namesCountries('Colombia and Peru shared their experience.', 'Which countries shared their experience?')).toBe(true);
    expect(namesCountries('Colombia shared its experience.', 'Which countries shared their experience?')).toBe(false);
    expect(namesCountries('One speaker described a pilot project.', 'Which country described a pilot project?')).toBe(false);
    expect(namesCountries('Switzerland spoke on behalf of 47 States.', 'Which country spoke for Switzerland?')).toBe(false);
  });

  it('reads country names by the name documents use, longest first', () => {
    expect(countriesNamed('The Plurinational State of Bolivia and the Republic of Korea')).toEqual(['Bolivia', 'Republic of Korea']);
    expect(countriesNamed('a chad of paper')).toEqual([]);
  });

  it('reads the countries a question names whatever their case, but short forms only in capitals', () => {
    expect(countriesAsked('and china?')).toEqual(['China']);
    expect(countriesAsked('what did the united states and russia say')).toEqual(['United States', 'Russian Federation']);
    expect(countriesAsked('What did the US say?')).toEqual(['United States']);
    expect(countriesAsked('Let us know what was said.')).toEqual([]);
  });
});

describe('withCorrections', () => {
  it('replaces each word read otherwise where it stands whole, in any case, and leaves other words alone', () => {
    expect(withCorrections('What about naloxne kits? Naloxne again', [{ from: 'naloxne', to: 'naloxone' }])).toBe('What about naloxone kits? naloxone again');
    expect(withCorrections('naloxnes', [{ from: 'naloxne', to: 'naloxone' }])).toBe('naloxnes');
  });
});
