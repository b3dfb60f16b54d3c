import { describe, expect, it } from 'vitest';
import { PACK_LIMITS } from '../../../utils/packs/schema';
import { parsePackText } from '../../../utils/packs/validate';
import { HOSTILE_TITLES, hostileCardPackText, hugeText } from '../../fixtures/packs/hostile-card';

describe('the hostile card pack (fixture)', () => {
  it('is a valid pack, so the e2e tests reach the card with it rather than a refusal', () => {
    const result = parsePackText(hostileCardPackText());
    expect(result.ok ? [] : result.issues).toEqual([]);
    if (!result.ok) return;
    expect(result.value.summaries.map((summary) => summary.title)).toEqual([...HOSTILE_TITLES]);
  });

  it('has a summary text exactly as long as the format allows', () => {
    expect(hugeText()).toHaveLength(PACK_LIMITS.summaryText);
  });

  it('carries each kind of hostile input', () => {
    const text = hostileCardPackText();
    for (const needle of [
      '<script>',
      'onerror=',
      'onclick=',
      'javascript:',
      'data:text/html',
      '\u202e',
    ]) {
      expect(text.toLowerCase()).toContain(needle);
    }
  });
});
