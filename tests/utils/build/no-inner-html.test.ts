import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { PREACT_MODULE, removePreactInnerHtml } from '../../../utils/build/no-inner-html';

const preactPath = createRequire(import.meta.url)
  .resolve('preact')
  .replace(/\.js$/, '.mjs');

describe('removePreactInnerHtml', () => {
  it("takes the one innerHTML assignment out of the installed Preact's module build", async () => {
    expect(preactPath).toMatch(PREACT_MODULE);
    const code = await readFile(preactPath, 'utf8');
    const changed = removePreactInnerHtml(code);
    expect(changed).not.toMatch(/\.innerHTML\s*=[^=]/);
    expect(changed).toContain('dangerouslySetInnerHTML is not supported in Backstory');
    // Nothing else changed: putting the assignment back gives the original.
    const assignment = /\((\w+)\.innerHTML=(\w+)\.__html\)/.exec(code)?.[0] ?? '';
    const thrown =
      '(()=>{throw new Error("dangerouslySetInnerHTML is not supported in Backstory")})()';
    expect(changed.replace(thrown, assignment)).toBe(code);
  });

  it('refuses code that does not have the assignment exactly once', () => {
    expect(() => removePreactInnerHtml('const a = 1;')).toThrow(/found 0/);
    expect(() => removePreactInnerHtml('(a.innerHTML=b.__html);(c.innerHTML=d.__html)')).toThrow(
      /found 2/,
    );
  });
});
