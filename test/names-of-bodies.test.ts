import { describe, expect, it } from 'vitest';
import { bodyNamesIn } from '../src/answer/names-of-bodies.js';
import { contentStems } from '../src/parse/terms.js';

const stems = (words: string) => new Set(contentStems(words));

describe('bodyNamesIn', () => {
  it('finds a body by the noun that heads its name, and keeps its describing words out of the sentence\'s topic', () => {
    const bodies = bodyNamesIn('The Chief of the UNODC Drugs, Laboratory and Scientific Services Branch explained the use of clandestine laboratories.');
    expect(bodies?.names).toEqual([stems('Laboratory Scientific Services Branch')]);
    // The head stays ("branch"), and so does a word the sentence also says outside the name ("laboratories").
    expect([...bodies!.outside]).toEqual(expect.arrayContaining([...stems('Chief UNODC branch explained clandestine laboratories')]));
    expect(bodies!.outside.has([...stems('Scientific')][0]!)).toBe(false);
  });

  it('reads what a body is of or for as its name, and two bodies joined by "and the" as two', () => {
    const bodies = bodyNamesIn('The United Nations Office on Drugs and Crime and the Global Coalition for Addressing Synthetic Drug Threats spoke.');
    expect(bodies?.names).toEqual([stems('United Nations Office Drugs Crime'), stems('Global Coalition Addressing Synthetic Drug Threats')]);
  });

  it('looks past a name that no body heads ("Member States of …"), and leaves countries listed beside a body out of it', () => {
    const bodies = bodyNamesIn('Member States of the Commission on Narcotic Drugs and Brazil noted the work of the International Criminal Police Organization.');
    expect(bodies?.names).toEqual([stems('Commission Narcotic Drugs'), stems('International Criminal Police Organization')]);
    expect(bodies!.outside.has('brazil')).toBe(true);
    expect(bodies!.outside.has([...stems('police')][0]!)).toBe(false);
  });

  it('gives null for a sentence that names no body, and for a capitalised word opening it', () => {
    expect(bodyNamesIn('Laboratories were dismantled with the help of forensic personnel.')).toBeNull();
    expect(bodyNamesIn('Speakers noted the Member States concerned.')).toBeNull();
  });
});
