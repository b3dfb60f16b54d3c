/**
 * The pack file's validated types must stay assignable to the stored model, so that importing a
 * pack never needs a cast. Checked by `tsc --noEmit`; at run time these assertions do nothing.
 */
import { describe, expectTypeOf, it } from 'vitest';
import type { Alias, OrganisationKind, SummarySource } from '../../../utils/packs/model';
import type { PackFileOrganisation, PackFileSummary } from '../../../utils/packs/schema';

describe('pack file types fit the stored model', () => {
  it("an organisation's aliases are model aliases", () => {
    expectTypeOf<PackFileOrganisation['aliases'][number]>().toExtend<Alias>();
    expectTypeOf<PackFileOrganisation['kind']>().toEqualTypeOf<OrganisationKind>();
    // Defaults are filled in by validation, so the output type has no optional switch.
    expectTypeOf<PackFileOrganisation['enabled']>().toEqualTypeOf<boolean>();
    expectTypeOf<
      PackFileOrganisation['aliases'][number]['caseSensitive']
    >().toEqualTypeOf<boolean>();
  });

  it("a summary's source is a model source", () => {
    expectTypeOf<PackFileSummary['source']>().toExtend<SummarySource>();
    expectTypeOf<PackFileSummary['tags']>().toEqualTypeOf<string[]>();
  });
});
