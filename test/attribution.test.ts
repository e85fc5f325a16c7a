import { describe, expect, it } from 'vitest';
import { doneBySpeakers, saidBy, speakerNames } from '../src/answer/attribution.js';
import { deedAsked } from '../src/retrieve/question-type.js';
import { speakerAsked } from '../src/retrieve/question-type.js';
import { wordStems } from '../src/parse/terms.js';
import type { QueryTerm } from '../src/retrieve/types.js';

const incb = [wordStems('INCB'), wordStems('International Narcotics Control Board')];
const unodc = [wordStems('UNODC')];

describe('who a sentence reports speaking', () => {
  it('finds the speaker as the subject of a reporting verb, or as the agent after a passive one', () => {
    expect(saidBy('The INCB President noted that access had improved.', incb)).toBe(true);
    expect(saidBy('The Chief of the UNODC Drugs, Laboratory and Scientific Services Branch explained that precursors changed.', unodc)).toBe(true);
    expect(saidBy('UNODC in its presentations introduced the overarching challenges.', unodc)).toBe(true);
    expect(saidBy('The scheduling of families of precursors, which was also identified by the INCB as a good model.', incb)).toBe(true);
    expect(saidBy('It was stressed by the International Narcotics Control Board that data mattered.', incb)).toBe(true);
    expect(saidBy('Addressing the gender gap, a speaker from UNODC reported that women were more vulnerable.', unodc)).toBe(true);
  });

  it('does not take a speaker spoken to, spoken of, or followed by others who speak, for the one who speaks', () => {
    expect(saidBy('Some speakers welcomed the INCB tools.', incb)).toBe(false);
    expect(saidBy('Other speakers urged Member States to comply, encouraged the INCB to monitor compliance, and called on UNODC and INCB to collect data.', incb)).toBe(false);
    expect(saidBy('The role of WHO and the INCB in assessing substances was welcomed by a number of speakers.', incb)).toBe(false);
    expect(saidBy('Tools of UNODC were listed, and several speakers noted their use.', unodc)).toBe(false);
    // A noun of a reporting verb's family is no verb: "the UNODC Early Warning Advisory".
    expect(saidBy('Programmes included the UNODC Early Warning Advisory.', unodc)).toBe(false);
    expect(saidBy('Civil society speakers were nominated through the Vienna NGO Committee.', [wordStems('civil society')])).toBe(false);
  });

  it('knows a speaker by the other forms every word of its name stands for', () => {
    const term = (text: string, alternatives: string[]): QueryTerm =>
      ({ text, inCorpus: true, alternatives: alternatives.map((a) => ({ text: a, weight: 1, relation: 'acronym', sameMeaning: true })) }) as unknown as QueryTerm;
    const names = speakerNames('International Narcotics Control Board', [term('international', ['INCB']), term('narcotics', ['INCB', 'narcotic drugs']), term('control', ['INCB']), term('board', ['INCB', 'panel'])], () => true);
    expect(names).toEqual([wordStems('International Narcotics Control Board'), ['incb']]);
  });
});

describe('which speaker a question asks what they said', () => {
  it('reads a named speaker and what the question asks about', () => {
    expect(speakerAsked('What did civil society say about harm reduction?')).toEqual({ speaker: 'civil society', about: ' about harm reduction?' });
    expect(speakerAsked("What did the INCB's President say?")).toEqual({ speaker: 'INCB President', about: '?' });
    expect(speakerAsked('What did the Chief of the UNODC Research and Trends Analysis Branch present?')?.speaker).toBe('Chief of the UNODC Research and Trends Analysis Branch');
    expect(speakerAsked('What did UNODC report on synthetic drugs?')).toEqual({ speaker: 'UNODC', about: ' on synthetic drugs?' });
  });

  it('reads a verb of speaking written with a capital as part of a name, not the verb: "the 2021 World Drug Report"', () => {
    expect(speakerAsked('What did the 2021 World Drug Report find?')).toBeNull();
  });

  it('reads no speaker in what speakers at large, the record or a country said', () => {
    for (const question of ['What did the 2024 report say about access to controlled medicines?', 'What did the UNODC report say about cannabis?', 'What did delegates say about cannabis?', 'What did they say about fentanyl?', 'What has been said about drug sales on the darknet?', 'What did the first round say about port controls?', 'What did some speakers stress?', 'What did Colombia say about coca?']) {
      expect(speakerAsked(question), question).toBeNull();
    }
  });

  it('reads the deed a "who" question asks the doer of, and finds speakers doing it', () => {
    expect(deedAsked('Who opposed the death penalty?')).toBe('opposed');
    expect(deedAsked('In 2022, who has strongly supported drug checking?')).toBe('supported');
    expect(deedAsked('Who was the Chair in 2020?')).toBeNull();
    expect(deedAsked('What did women who use drugs say?')).toBeNull();
    expect(doneBySpeakers('A number of speakers opposed the use of the death penalty.', 'opposed')).toBe(true);
    expect(doneBySpeakers('Several delegations expressed their opposition to the death penalty.', 'opposed')).toBe(true);
    expect(doneBySpeakers('The death penalty was opposed in the declaration.', 'opposed')).toBe(false);
    expect(doneBySpeakers('Speakers noted it, which the Chair opposed.', 'opposed')).toBe(false);
  });
});
