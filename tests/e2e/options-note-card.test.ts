/**
 * A note written on the options page appears in the hover card of the organisation it is about,
 * at once, in both browsers, attributed to the user's own notes.
 */
import { describe, expect, it } from 'vitest';
import { browsers, fixtureUrl, useExtensionBrowser } from './harness';
import { waitForSummaries } from './harness/archive-db';
import { CARD_PAGE_DRAWN, hoverMention, waitForCard, waitForHighlights } from './card-helpers';

const NCRI_KEY = 'backstory-digest-mko-ncri/ncri';
const NCRI_NAME = 'National Council of Resistance of Iran';
const NOTE_TITLE = 'My note on the council';

describe.each(browsers)('%s', (_name, launch) => {
  const extension = useExtensionBrowser(launch);

  it('shows a new note in the card of the organisation it is about', async () => {
    const options = await extension().openExtensionPage('options.html');
    await waitForSummaries(options, 8);
    await options.fill('form.note-form input[name="title"]', NOTE_TITLE);
    await options.fill('form.note-form textarea[name="text"]', 'What I read about the council.');
    await options.fill('form.note-form input[name="sourceName"]', 'Me');
    await options.evaluate(
      (key) =>
        document
          .querySelector<HTMLInputElement>(
            `form.note-form input[name="organisationIds"][value="${key}"]`,
          )
          ?.click(),
      NCRI_KEY,
    );
    await options.evaluate(() =>
      [...document.querySelectorAll<HTMLButtonElement>('form.note-form button')]
        .find((button) => button.textContent?.trim() === 'Add the note')
        ?.click(),
    );
    await options.waitForFunction(
      (title) => document.querySelector('ul.notes')?.textContent?.includes(title) ?? false,
      NOTE_TITLE,
    );

    const page = await extension().openPage(fixtureUrl('card.html'));
    await page.bringToFront();
    await waitForHighlights(page, CARD_PAGE_DRAWN);
    await page.mouse.move(900, 700);
    await hoverMention(page, NCRI_NAME);
    const card = await waitForCard(page, NCRI_NAME);
    expect(card.titles).toContain(NOTE_TITLE);
    expect(card.titles).toContain('Last ‘non-MEK’ members of the NCRI resign');
    // Attributed: the card names the pack each summary comes from.
    expect(card.text).toMatch(/My notes/);
    await page.close();
    await options.close();
  });
});
