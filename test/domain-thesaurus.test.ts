import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentStems } from '../src/parse/terms.js';
import { DomainThesaurus } from '../src/retrieve/domain-thesaurus.js';

const vocabularyOf = (...texts: string[]) => new Map(texts.flatMap((t) => contentStems(t)).map((stem) => [stem, 1]));

describe('domain thesaurus', () => {
  const thesaurus = new DomainThesaurus([
    { terms: ['bitcoin', 'digital coins'], means: ['cryptocurrency', 'virtual assets'] },
    { terms: ['grease palms'], means: ['bribery'] },
    { terms: ['overdose antidote'], means: ['naloxone'] },
  ]);
  const vocabulary = vocabularyOf('cryptocurrency bribery naloxone prison');

  it("gives the documents' term for a lay word, with the question's word as its source", () => {
    expect(thesaurus.find(['bitcoin', 'gangs'], vocabulary)).toEqual([{ text: 'cryptocurrency', source: 'bitcoin', relation: 'thesaurus', mainSense: true }]);
  });

  it('matches a lay phrase by its stems in any order and inflection, and only when all of them are there', () => {
    expect(thesaurus.find(['greasing', 'officials', 'palms'], vocabulary).map((s) => [s.text, s.source])).toEqual([['bribery', 'greasing palms']]);
    expect(thesaurus.find(['palms', 'trees'], vocabulary)).toEqual([]);
    expect(thesaurus.find(['antidote'], vocabulary)).toEqual([]);
  });

  it("leaves out meanings the corpus never uses ('virtual assets') and those the question already says", () => {
    expect(thesaurus.find(['bitcoin'], vocabulary).map((s) => s.text)).not.toContain('virtual assets');
    expect(thesaurus.find(['bitcoin', 'cryptocurrency'], vocabulary)).toEqual([]);
  });

  it("does not read a corpus word alone as a lay phrase whose other words are function words ('after treatment')", () => {
    const phrases = new DomainThesaurus([
      { terms: ['after treatment', 'shoots up'], means: ['aftercare', 'inject drugs'] },
    ]);
    const corpus = vocabularyOf('treatment aftercare inject drugs');
    // "treatment" is the record's own word: "after treatment" would otherwise fire on every question about treatment.
    expect(phrases.find(['access', 'treatment'], corpus)).toEqual([]);
    // "shoot" is no word of the record: the phrase is the only way from it to the record's term.
    expect(phrases.find(['people', 'shoot', 'drugs'], corpus).map((s) => s.text)).toEqual(['aftercare', 'inject drugs']);
  });

  it('gives the class of an instance as a hypernym, not as what the word means', () => {
    const classes = new DomainThesaurus([{ terms: ['kratom'], means: ['new psychoactive substances'], broader: true }]);
    expect(classes.find(['kratom'], vocabularyOf('new psychoactive substances'))).toEqual([
      { text: 'new psychoactive substances', source: 'kratom', relation: 'hypernym', mainSense: false },
    ]);
  });

  it("lists the documents' wordings of several words it may add to a search, for a build to match once", () => {
    expect(thesaurus.searchedPhrases()).toEqual(['virtual assets']);
    const shipped = DomainThesaurus.shipped().searchedPhrases();
    expect(shipped).toEqual(expect.arrayContaining(['law enforcement']));
    expect(shipped.every((phrase) => /[\s-]/.test(phrase))).toBe(true);
  });

  it('names the file and the field when a thesaurus file is malformed', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'thesaurus-')), 'bad.json');
    fs.writeFileSync(file, JSON.stringify({ entries: [{ terms: [], means: ['x'] }] }));
    expect(() => DomainThesaurus.fromFile(file)).toThrow(`${file}: entries.0.terms:`);
    fs.writeFileSync(file, '{ not json');
    expect(() => DomainThesaurus.fromFile(file)).toThrow(`${file}: cannot read the thesaurus`);
  });

  it('ships a drug-policy thesaurus that maps common lay words', () => {
    const shipped = DomainThesaurus.shipped();
    const corpusWords = vocabularyOf('prison cannabis naloxone waste water analysis cryptocurrency');
    const texts = (words: string[]) => shipped.find(words, corpusWords).map((s) => s.text);
    expect(texts(['jail'])).toContain('prison');
    expect(texts(['weed'])).toContain('cannabis');
    expect(texts(['sewage', 'testing'])).toContain('waste water analysis');
    expect(texts(['overdose', 'antidote'])).toContain('naloxone');
  });
});
