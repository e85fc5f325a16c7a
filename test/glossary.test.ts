import { describe, expect, it } from 'vitest';
import { Glossary } from '../src/retrieve/glossary.js';
import { LanguageDetector } from '../src/retrieve/language.js';
import { contentTerms } from '../src/parse/terms.js';

describe('Glossary', () => {
  const spanish = new Glossary(
    {
      language: 'es',
      entries: [
        { source: ['qué se dijo sobre'], english: 'what was said about' },
        { source: ['pena de muerte'], english: 'death penalty' },
        { source: ['pena', 'penas'], english: 'penalty' },
        { source: ['muerte'], english: 'death' },
        { source: ['la', 'el', 'en', 'de'], english: '' },
        { source: ['programa'], english: 'programme' },
      ],
    },
    'es.json',
  );

  it('reads the longest phrase first, drops words that carry nothing, and keeps numbers', () => {
    expect(spanish.read('¿Qué se dijo sobre la pena de muerte en 2022?')).toEqual({ text: 'what was said about death penalty 2022', readShare: 1 });
  });

  it('keeps a name or an acronym no entry reads, and drops an unread word of the language', () => {
    const gloss = spanish.read('¿El programa CHAMPS de la UNODC funciona?');
    expect(gloss.text).toBe('programme CHAMPS UNODC');
    // "funciona", "CHAMPS" and "UNODC" were not read: 4 words of 7.
    expect(gloss.readShare).toBeCloseTo(4 / 7);
  });

  it('splits French elisions off the word they join', () => {
    const french = new Glossary({ language: 'fr', entries: [{ source: ["qu'est-ce qui a été dit sur"], english: 'what was said about' }, { source: ["l'", 'les'], english: '' }, { source: ['usage'], english: 'use' }] }, 'fr.json');
    expect(french.read("Qu’est-ce qui a été dit sur l'usage ?").text).toBe('what was said about use');
  });

  it('reads an Arabic word with the article or a preposition written onto it', () => {
    const arabic = new Glossary({ language: 'ar', entries: [{ source: ['المخدرات', 'مخدرات'], english: 'drugs' }, { source: ['عن'], english: '' }] }, 'ar.json');
    expect(arabic.read('عن والمخدرات').text).toBe('drugs');
    expect(arabic.read('بالمخدرات').text).toBe('drugs');
  });

  it('reads Chinese, written without spaces, by the longest entry at each character', () => {
    const chinese = new Glossary({ language: 'zh', entries: [{ source: ['麻醉药品'], english: 'narcotic drugs' }, { source: ['药品'], english: 'medicines' }, { source: ['的', '年'], english: '' }, { source: ['讨论'], english: 'discussions' }] }, 'zh.json');
    expect(chinese.read('2023年的麻醉药品讨论').text).toBe('2023 narcotic drugs discussions');
  });

  it('refuses a form read two ways, naming the file', () => {
    expect(() => new Glossary({ language: 'es', entries: [{ source: ['pena'], english: 'penalty' }, { source: ['Pena'], english: 'sorrow' }] }, 'es.json')).toThrow(/es\.json: "Pena" is read as both "penalty" and "sorrow"/);
  });
});

describe('questions in the other UN languages, German and Portuguese, read through the shipped glossaries', () => {
  const detector = LanguageDetector.shipped();
  const QUESTIONS: Array<[string, string, string[]]> = [
    ['es', '¿Qué se dijo sobre la pena de muerte en 2022?', ['death', 'penalty', '2022']],
    ['fr', 'Qu’a-t-on dit sur les femmes en prison ?', ['women', 'prison']],
    ['ru', 'Что говорилось о женщинах в тюрьмах?', ['women']],
    ['ar', 'ماذا قيل عن النساء في السجون؟', ['women']],
    ['zh', '关于妇女和监狱说了什么？', ['women']],
    ['de', 'Was wurde 2022 über die Todesstrafe gesagt?', ['death', 'penalty', '2022']],
    ['pt', 'O que foi dito sobre as mulheres nas prisões em 2022?', ['women', '2022']],
  ];

  it.each(QUESTIONS)('reads a %s question as the English words of the record', (code, question, words) => {
    const language = detector.detect(question);
    expect(language?.code).toBe(code);
    expect(language?.searchedAs).not.toBeNull();
    const searched = contentTerms(language!.searchedAs!);
    for (const word of words) expect(searched).toContain(word);
    // The reply says it was searched, in the language itself.
    expect(language!.reply).not.toBe('');
  });

  it.each([
    ['es', '¿Hubo una disminución del consumo de cannabis en 2021?'],
    ['fr', 'Y a-t-il eu une baisse de la consommation de cannabis en 2021 ?'],
    ['pt', 'Houve uma queda no consumo de cannabis em 2021?'],
    ['de', 'Gab es 2021 einen Rückgang beim Cannabiskonsum?'],
  ])('reads a %s word for a fall as a decrease, not an increase', (code, question) => {
    const language = detector.detect(question);
    expect(language?.code).toBe(code);
    const searched = contentTerms(language!.searchedAs!);
    expect(searched).toContain('decrease');
    expect(searched).not.toContain('increase');
  });

  it('does not search a question too little of which it can read, and says so in the language', () => {
    const language = detector.detect('¿Los vecinos del barrio opinan que su alcalde trabaja bien?');
    expect(language?.code).toBe('es');
    expect(language?.searchedAs).toBeNull();
    expect(language?.reply).toMatch(/Formule la pregunta en inglés/);
  });
});

describe('languages of one family', () => {
  const reply = { reply: 'English, please.', searchedReply: 'Searched in English.' };
  const file = {
    corpusLanguage: 'en',
    languages: [
      { code: 'es', name: 'Spanish', stopWords: 'spa', ...reply },
      { code: 'pt', name: 'Portuguese', stopWords: 'por', ...reply },
    ],
  };
  const glossaries = new Map([
    ['es', new Glossary({ language: 'es', entries: [{ source: ['qué se dijo sobre'], english: 'what was said about' }, { source: ['desarrollo alternativo'], english: 'alternative development' }, { source: ['el', 'en', 'para', 'las', 'de', 'que', 'sobre'], english: '' }] }, 'es.json')],
    ['pt', new Glossary({ language: 'pt', entries: [{ source: ['o que foi dito'], english: 'what was said' }, { source: ['desenvolvimento alternativo'], english: 'alternative development' }, { source: ['populações', 'populacoes'], english: 'populations' }, { source: ['vivem'], english: 'live' }, { source: ['em', 'sobre', 'o', 'para', 'as', 'que', 'de'], english: '' }] }, 'pt.json')],
  ]);
  const detector = new LanguageDetector(file, 'languages.json', glossaries);

  it('take a question whose function words are as much one language as the other for the one whose glossary reads it', () => {
    // Seven of its words are Portuguese function words and seven Spanish ones: only the glossaries tell them apart.
    const language = detector.detect('O que foi dito em 2022 sobre o desenvolvimento alternativo para as populações que vivem de');
    expect(language?.code).toBe('pt');
    expect(language?.searchedAs).toContain('alternative development');
  });

  it('keep a Spanish question Spanish', () => {
    expect(detector.detect('¿Qué se dijo sobre el desarrollo alternativo en 2022?')?.code).toBe('es');
  });
});

describe('languages recognised without a glossary', () => {
  const file = {
    corpusLanguage: 'en',
    languages: [{ code: 'de', name: 'German', stopWords: 'deu', reply: 'Die Dokumente sind auf Englisch.' }],
  };

  it('recognise a question and give the reply in the language, with nothing searched', () => {
    const language = new LanguageDetector(file, 'languages.json').detect('Was haben die Delegierten über die Behandlung gesagt?');
    expect(language).toEqual({ code: 'de', name: 'German', reply: 'Die Dokumente sind auf Englisch.', searchedAs: null });
  });

  it('refuse a language with a glossary but no reply for a question searched through it, naming the file', () => {
    const glossary = new Glossary({ language: 'de', entries: [{ source: ['behandlung'], english: 'treatment' }] }, 'de.json');
    expect(() => new LanguageDetector(file, 'languages.json', new Map([['de', glossary]]))).toThrow(/languages\.json: de: a language with a glossary needs its searchedReply/);
  });
});
