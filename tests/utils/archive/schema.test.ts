import { describe, expect, it } from 'vitest';
import { toSortDate, toStoredSummary, toSummary } from '../../../utils/archive/schema';
import type { Summary } from '../../../utils/packs/model';

describe('toSortDate', () => {
  it.each([
    ['2024', '2024-01-01T00:00:00.000Z'],
    ['2024-05', '2024-05-01T00:00:00.000Z'],
    ['2024-05-31', '2024-05-31T00:00:00.000Z'],
    ['2024-05-31T12:30Z', '2024-05-31T12:30:00.000Z'],
    ['2024-05-31T12:30:15Z', '2024-05-31T12:30:15.000Z'],
    ['2024-05-31T12:30:15.5Z', '2024-05-31T12:30:15.500Z'],
    ['2024-05-31T12:30:15.123456789Z', '2024-05-31T12:30:15.123Z'],
    ['2024-01-15T23:59:59.123+03:30', '2024-01-15T20:29:59.123Z'],
    ['2022-12-31T23:00-02:00', '2023-01-01T01:00:00.000Z'],
    ['0050-06-01', '0050-06-01T00:00:00.000Z'],
  ])('%s sorts as %s', (input, expected) => {
    expect(toSortDate(input)).toBe(expected);
  });

  it('keeps a value it cannot read as it is, rather than inventing a date', () => {
    expect(toSortDate('sometime')).toBe('sometime');
  });

  it('orders dates of mixed precision and offsets by time', () => {
    const dates = ['2024-05-31', '2024', '2024-05-31T01:00+03:00', '2023-12-31T23:00-02:00'];
    const sorted = [...dates].sort((a, b) => (toSortDate(a) < toSortDate(b) ? -1 : 1));
    expect(sorted).toEqual([
      '2024',
      '2023-12-31T23:00-02:00',
      '2024-05-31T01:00+03:00',
      '2024-05-31',
    ]);
  });
});

describe('toStoredSummary', () => {
  const summary: Summary = {
    key: 'p/s',
    id: 's',
    packId: 'p',
    title: 'T',
    text: 'X',
    source: { name: 'S' },
    archivedAt: '2024-02-01',
    organisationIds: ['p/a', 'q/b'],
    tags: [],
  };

  it('sorts by archivedAt when there is no publishedAt, and pairs each organisation with it', () => {
    expect(toStoredSummary(summary)).toMatchObject({
      sortDate: '2024-02-01T00:00:00.000Z',
      organisationDates: [
        ['p/a', '2024-02-01T00:00:00.000Z'],
        ['q/b', '2024-02-01T00:00:00.000Z'],
      ],
    });
  });

  it('sorts by publishedAt when there is one', () => {
    expect(toStoredSummary({ ...summary, publishedAt: '2020' }).sortDate).toBe(
      '2020-01-01T00:00:00.000Z',
    );
  });

  it('round-trips through toSummary to the model object', () => {
    expect(toSummary(toStoredSummary(summary))).toStrictEqual(summary);
  });
});
