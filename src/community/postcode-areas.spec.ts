import { areasOfPostcode, normaliseArea } from './postcode-areas.js';

describe('postcode areas', () => {
  it.each([
    ['nn1 3', 'NN1 3'], [' NN1  3 ', 'NN1 3'], ['nn1', 'NN1'], ['SW1A', 'SW1A'], ['sw1a 1', 'SW1A 1'], ['EC1A', 'EC1A'],
  ])('reads %j as the area %j', (input, area) => {
    expect(normaliseArea(input)).toBe(area);
  });

  it.each(['', 'NN', 'NN1 3AB', 'NN1 33', 'NN1 A', '1NN', 'not a postcode', 'NN1-3', 'NF1', 'NF1 1', 'QQ12'])('refuses %j', (input) => {
    expect(normaliseArea(input)).toBeNull();
  });

  it('places a full postcode in its sector and district', () => {
    expect(areasOfPostcode('nn13ab')).toEqual(['NN1 3', 'NN1']);
    expect(areasOfPostcode('SW1A 1AA')).toEqual(['SW1A 1', 'SW1A']);
    expect(areasOfPostcode('NN1')).toEqual([]);
    expect(areasOfPostcode('nonsense')).toEqual([]);
  });
});
