import { describe, expect, it } from 'vitest';
import { askBody, type Turn } from '../../web/src/turn.js';

const turn = (question: string, extra: Partial<Turn> = {}): Turn => ({ id: question, question, year: null, status: 'done', sentences: [], ...extra });

describe('askBody', () => {
  const first = turn('What was said about money laundering in 2021?');

  it('sends the question, its filters and the earlier questions, and no switch left off', () => {
    const followUp = turn('And in 2023?', { year: 2023, document: 'cnd', status: 'pending' });
    expect(askBody([first, followUp], followUp)).toEqual({ question: 'And in 2023?', year: 2023, document: 'cnd', history: [{ question: first.question }] });
    expect(askBody([first], first)).toEqual({ question: first.question, history: [] });
  });

  it('sends asTyped for a question searched as typed, and keepFilterYear only with a year filter', () => {
    expect(askBody([], turn('naloxne kits', { asTyped: true }))).toEqual({ question: 'naloxne kits', history: [], asTyped: true });
    expect(askBody([], turn('In 2021?', { year: 2020, keepFilterYear: true }))).toEqual({ question: 'In 2021?', year: 2020, history: [], keepFilterYear: true });
    expect(askBody([], turn('In 2021?', { keepFilterYear: true }))).toEqual({ question: 'In 2021?', history: [] });
  });

  it('sends no history for a question asked on its own', () => {
    const alone = turn('And in 2023?', { standalone: true });
    expect(askBody([first, alone], alone)).toEqual({ question: 'And in 2023?', history: [] });
  });
});
