import { describe, expect, it } from 'vitest';
import { readSmallTalk, smallTalkReply } from '../src/answer/small-talk.js';
import type { DocumentSummary } from '../src/store/types.js';

describe('messages that ask nothing of the documents', () => {
  it('reads greetings, thanks and requests for help, and nothing that asks about a topic', () => {
    for (const greeting of ['Hi', 'hello!', 'Good morning', 'hey there']) expect(readSmallTalk(greeting), greeting).toBe('greeting');
    for (const thanks of ['thanks!', 'Thank you very much.', 'ok thanks', 'bye']) expect(readSmallTalk(thanks), thanks).toBe('thanks');
    for (const help of ['what can you do?', 'Help', '?', 'How does this work?', 'What documents do you have?', 'What years are covered?', 'Which documents are in the database?']) expect(readSmallTalk(help), help).toBe('help');
    for (const question of ['naloxone', 'What was said about naloxone?', 'Hi, what was said about naloxone?', 'Who are the speakers?', 'help for drug users'])
      expect(readSmallTalk(question), question).toBeNull();
  });

  it('says what the assistant does, naming the documents it holds and their years', () => {
    const documents = [{ id: 'a', file: 'a.md', title: 'Compilation', citationLabel: 'CND', symbol: 'E/CN.7/2024/CRP.5', body: null, session: null, date: null, year: null, years: [2019, 2023], paragraphs: 267 }] satisfies DocumentSummary[];
    expect(smallTalkReply('greeting', documents, [2019, 2020, 2023])).toMatch(/^Hello\. Ask a question about the documents \(E\/CN\.7\/2024\/CRP\.5, covering 2019 to 2023\)/);
    expect(smallTalkReply('help', [...documents, { ...documents[0]!, id: 'b', symbol: null }], [2024])).toMatch(/^Ask a question about the documents \(2 documents, covering 2024\)/);
    expect(smallTalkReply('thanks', documents, [2019])).toBe('You are welcome. Ask another question about the documents whenever you like.');
  });
});
