import { describe, expect, it } from 'vitest';
import {
  countFilters,
  datePeriod,
  hasNoFilters,
  isDay,
  summaryDate,
  summaryFilter,
  withFilter,
} from '../../../utils/search/filters';
import { summary } from './fixtures';

describe('datePeriod', () => {
  it.each([
    ['2013', { first: '2013-01-01', last: '2013-12-31' }],
    ['2013-02', { first: '2013-02-01', last: '2013-02-31' }],
    ['2013-02-14', { first: '2013-02-14', last: '2013-02-14' }],
    ['2013-02-14T23:30:00-05:00', { first: '2013-02-14', last: '2013-02-14' }],
    ['soon', undefined],
  ])('%s covers %j', (value, period) => {
    expect(datePeriod(value)).toEqual(period);
  });
});

describe('summaryFilter', () => {
  it('files a summary under its publication date, else its archiving date', () => {
    expect(summaryDate(summary('a', { publishedAt: '2001', archivedAt: '2020' }))).toBe('2001');
    expect(summaryDate(summary('a', { archivedAt: '2020' }))).toBe('2020');
  });

  it.each([
    [{}, true],
    [{ from: '2013-02-28' }, true],
    [{ from: '2013-03-01' }, false],
    [{ to: '2013-02-01' }, true],
    [{ to: '2013-01-31' }, false],
    [{ from: '2013-02-10', to: '2013-02-12' }, true],
    [{ from: 'yesterday' }, true],
  ])('a summary of February 2013 against %j: %s', (filters, passes) => {
    expect(summaryFilter(filters)(summary('a', { publishedAt: '2013-02' }))).toBe(passes);
  });

  it('leaves out a summary without a readable date once a range is set', () => {
    const undated = summary('a', { archivedAt: 'unknown' });
    expect(summaryFilter({})(undated)).toBe(true);
    expect(summaryFilter({ to: '2030-01-01' })(undated)).toBe(false);
  });

  it('compares sources exactly and organisations by key', () => {
    const about = summary('a', { source: { name: 'BBC' }, organisationIds: ['p/x', 'p/y'] });
    expect(summaryFilter({ source: 'BBC' })(about)).toBe(true);
    expect(summaryFilter({ source: 'bbc' })(about)).toBe(false);
    expect(summaryFilter({ organisationKey: 'p/y' })(about)).toBe(true);
    expect(summaryFilter({ organisationKey: 'p/z' })(about)).toBe(false);
  });
});

describe('counting filters', () => {
  it('counts the set fields', () => {
    expect(hasNoFilters({})).toBe(true);
    expect(hasNoFilters({ source: '' })).toBe(true);
    expect(countFilters({ source: 'BBC', from: '2001-01-01', to: '2002-01-01' })).toBe(3);
  });

  it('knows a day', () => {
    expect(isDay('2024-02-29')).toBe(true);
    expect(isDay('2024-2-29')).toBe(false);
  });
});

describe('withFilter', () => {
  it('sets a field, and removes it for an empty value, leaving the original alone', () => {
    const filters = { source: 'BBC', from: '2001-01-01' };
    expect(withFilter(filters, 'packId', 'p')).toEqual({ packId: 'p', ...filters });
    expect(withFilter(filters, 'source', '')).toEqual({ from: '2001-01-01' });
    expect(filters).toEqual({ source: 'BBC', from: '2001-01-01' });
  });
});
