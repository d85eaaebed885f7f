import { filtersOf } from '../../cloudfunctions/core/documents/institutionFilters';

describe('the filter choices written with institutions', () => {
  const doc = (cityCode: string, town: string, type: 'communityCentre' | 'general' = 'general') => ({
    cityCode,
    town,
    district: `${town.slice(0, 2)}区`,
    type,
  });

  it('keeps every 镇街 of every city, once, sorted, merged with what the city had', () => {
    const towns = Array.from({ length: 1500 }, (_, i) => `镇${String(i).padStart(4, '0')}`);
    const [bj, zs] = filtersOf(
      [...towns.map((t) => doc('110000', t)), doc('442000', '小榄镇', 'communityCentre'), doc('110000', towns[0])],
      (city) =>
        city === '110000' ? { _id: '110000', towns: ['之前的镇'], districts: [], types: ['communityCentre'] } : null,
    );
    // 1,501 choices: more than the 1,000 groups a grouping query answers.
    expect(bj.towns).toHaveLength(1501);
    expect(bj.towns).toContain('之前的镇');
    expect(bj.types).toEqual(['communityCentre', 'general']);
    expect(zs).toEqual({ _id: '442000', towns: ['小榄镇'], districts: ['小榄区'], types: ['communityCentre'] });
  });
});
