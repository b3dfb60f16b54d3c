/**
 * The popup's address: which tab it opens on and, for the archive, with which query and filters.
 *
 * The format, for anything that opens the popup page in a tab (the hover card's "Open all N in
 * the archive" does, via `browser.runtime.getURL(archiveLinkPath(orgKey))` and `tabs.create`):
 *
 *     popup.html#archive?org=<orgKey>&pack=<packId>&source=<name>&from=<YYYY-MM-DD>&to=<YYYY-MM-DD>&q=<text>
 *
 * Every parameter is optional and URL-encoded; unknown or malformed ones are ignored. `#page`
 * (or no fragment) opens "On this page". The query string before the fragment stays free for
 * `?tabId=<id>`, which says which tab "On this page" is about.
 */
import { isDay, type ArchiveFilters } from './filters';

/** Where the popup opens. */
export type PopupRoute =
  { tab: 'page' } | { tab: 'archive'; query: string; filters: ArchiveFilters };

/** The popup page inside the extension. */
export const POPUP_PATH = '/popup.html';

const ORG_KEY = /^[a-z0-9._-]{1,100}\/[a-z0-9._-]{1,100}$/;
const PACK_ID = /^[a-z0-9._-]{1,100}$/;
const MAX_TEXT = 300;

/** The fragment (with `#`) that opens the archive with this query and these filters. */
export function archiveLinkHash(filters: ArchiveFilters = {}, query = ''): string {
  const params = new URLSearchParams();
  if (filters.organisationKey) params.set('org', filters.organisationKey);
  if (filters.packId) params.set('pack', filters.packId);
  if (filters.source) params.set('source', filters.source);
  if (filters.from) params.set('from', filters.from);
  if (filters.to) params.set('to', filters.to);
  if (query) params.set('q', query);
  const search = params.toString();
  return search ? `#archive?${search}` : '#archive';
}

/** The extension path of the archive filtered by one organisation (`popup.html#archive?org=…`). */
export function archiveLinkPath(organisationKey: string): string {
  return `${POPUP_PATH}${archiveLinkHash({ organisationKey })}`;
}

/** Reads a popup fragment (`location.hash`, with or without `#`); anything unknown opens "On this page". */
export function parsePopupRoute(hash: string): PopupRoute {
  const fragment = hash.startsWith('#') ? hash.slice(1) : hash;
  const [view = '', search = ''] = splitOnce(fragment, '?');
  if (view !== 'archive') return { tab: 'page' };
  const params = new URLSearchParams(search);
  const filters: ArchiveFilters = {};
  const org = params.get('org');
  if (org && ORG_KEY.test(org)) filters.organisationKey = org;
  const pack = params.get('pack');
  if (pack && PACK_ID.test(pack)) filters.packId = pack;
  const source = params.get('source');
  if (source && source.length <= MAX_TEXT) filters.source = source;
  const from = params.get('from');
  if (from && isDay(from)) filters.from = from;
  const to = params.get('to');
  if (to && isDay(to)) filters.to = to;
  const query = (params.get('q') ?? '').slice(0, MAX_TEXT);
  return { tab: 'archive', query, filters };
}

function splitOnce(text: string, separator: string): [string, string] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, ''] : [text.slice(0, at), text.slice(at + 1)];
}
