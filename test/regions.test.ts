import { describe, expect, it } from 'vitest';
import { placesWithin, regionsNamed } from '../src/retrieve/regions.js';

describe('regions', () => {
  it('reads a region by any of its names, in any case, hyphen or space', () => {
    expect(regionsNamed('What about east africa?')).toEqual(['East Africa']);
    expect(regionsNamed('trafficking in Eastern Africa')).toEqual(['East Africa']);
    expect(regionsNamed('South East Asia and the Golden Triangle')).toEqual(['South-East Asia', 'Golden Triangle']);
    expect(regionsNamed('cultivation in Southern America')).toEqual(['South America']);
  });

  it('keeps a country apart from the region its name begins like, and the longest name whole', () => {
    expect(regionsNamed('South Africa reported')).toEqual([]);
    expect(regionsNamed('Southern Africa reported')).toEqual(['Southern Africa']);
    expect(regionsNamed('Latin America and the Caribbean')).toEqual(['Latin America']);
  });

  it('reads a region by its adjective, and not inside a country\'s name', () => {
    expect(regionsNamed('What did Latin American countries say about coca?')).toEqual(['Latin America']);
    expect(regionsNamed('West African states')).toEqual(['West Africa']);
    expect(regionsNamed('the Central African Republic')).toEqual([]);
  });

  it('reads a continent as a region holding its parts, but not inside a country\'s name', () => {
    expect(regionsNamed('access to controlled medicines in Africa')).toEqual(['Africa']);
    expect(regionsNamed('South Africa reported')).toEqual([]);
    expect(placesWithin('Africa').has('Nigeria')).toBe(true);
    expect(placesWithin('Africa').has('Horn of Africa')).toBe(true);
    expect(placesWithin('Asia').has('Myanmar')).toBe(true);
  });

  it('reads both sides of a continent said once: "North and West Africa"', () => {
    expect(regionsNamed('hubs in North and West Africa for captagon')).toEqual(['North Africa', 'West Africa']);
  });

  it('holds the countries and the regions within a region, however deep', () => {
    const latin = placesWithin('Latin America');
    expect(['Latin America', 'Central America', 'Mexico', 'Colombia', 'Amazon basin', 'Jamaica'].every((place) => latin.has(place))).toBe(true);
    expect(latin.has('Spain')).toBe(false);
    expect([...placesWithin('Golden Triangle')].sort()).toEqual(["Lao People's Democratic Republic", 'Golden Triangle', 'Myanmar', 'Thailand'].sort());
  });
});
