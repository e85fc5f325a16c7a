import { describe, expect, it } from 'vitest';
import { splitSentences } from '../src/parse/sentences.js';

describe('splitSentences on the hard cases of UN prose', () => {
  it.each([
    ['The discussions were chaired by H.E. Ambassador Dominika KROIS (Poland). The summary is not negotiated.', ['The discussions were chaired by H.E. Ambassador Dominika KROIS (Poland).', 'The summary is not negotiated.']],
    ['Member States committed in para. 7 of the Way forward. Others agreed.', ['Member States committed in para. 7 of the Way forward.', 'Others agreed.']],
    ['See resolution No. 61/4 on women. It passed.', ['See resolution No. 61/4 on women.', 'It passed.']],
    ['A total of 30,9 million people used drugs. That is 5.5 per cent.', ['A total of 30,9 million people used drugs.', 'That is 5.5 per cent.']],
    ['Stimulants, e.g. cocaine, were cited. Others too.', ['Stimulants, e.g. cocaine, were cited.', 'Others too.']],
    ['The Global Coalition initiated by the U.S. Government was welcomed. Many agreed.', ['The Global Coalition initiated by the U.S. Government was welcomed.', 'Many agreed.']],
    ['Speakers recalled “leaving no one behind.” The need was stressed.', ['Speakers recalled “leaving no one behind.”', 'The need was stressed.']],
    ['The S.O.S initiative was presented. It helps.', ['The S.O.S initiative was presented.', 'It helps.']],
  ])('%s', (text, expected) => {
    expect(splitSentences(text)).toEqual(expected);
  });

  it('keeps list items as sentences of their own', () => {
    expect(splitSentences('Challenges, that:\n• Drug markets are expanding;\n• Synthetic opioids pose risks.')).toEqual([
      'Challenges, that:',
      '• Drug markets are expanding;',
      '• Synthetic opioids pose risks.',
    ]);
  });
});
