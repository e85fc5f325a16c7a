import { describe, expect, it } from 'vitest';
import { reciprocalRankFusion } from '../src/retrieve/fusion.js';
import { contentTerms } from '../src/parse/terms.js';
import { analyseQuery } from '../src/retrieve/query-analysis.js';

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
    expect(analyseQuery(question).year).toBe(year);
  });

  it.each([
    'What does the 2019 Ministerial Declaration commit Member States to?',
    'What was said about the 2024 midterm review?',
    'How did views on alternative development change between 2019 and 2023?',
    'What was said about naloxone?',
  ])('names no single meeting year: %s', (question) => {
    expect(analyseQuery(question).year).toBeNull();
  });

  it('removes the year words from the text to embed and from the lexical terms', () => {
    const analysed = analyseQuery('What was said about drug checking services in 2023?');
    expect(analysed.topicText).toBe('What was said about drug checking services ?');
    expect(analysed.terms).toEqual(['drug', 'checking', 'services']);
    expect(analyseQuery('The sixty-fourth session on darknet markets').terms).toEqual(['darknet', 'markets']);
  });

  it('reads a year beside a named document as the meeting year', () => {
    expect(analyseQuery('How many people inject drugs according to the 2020 World Drug Report at the 2021 session?').year).toBe(2021);
  });

  it('keeps a year that names a document as a term', () => {
    expect(analyseQuery('the 2019 Ministerial Declaration').terms).toEqual(['2019', 'ministerial', 'declaration']);
  });
});

describe('lexical terms', () => {
  it('drops stop words and question words, splits hyphens, de-duplicates', () => {
    expect(contentTerms('Who chaired the non-medical use of drugs, and the drugs of Non-Medical origin?')).toEqual(['chaired', 'non', 'medical', 'use', 'drugs', 'origin']);
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
