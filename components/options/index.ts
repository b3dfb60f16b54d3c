/**
 * The options page's components: one section per part of the issue (organisations, notes, sites,
 * appearance, packs), built from small forms. They talk to the extension only through the
 * `OptionsServices` they are given.
 */
export { AppearanceSection } from './AppearanceSection';
export { NotesSection } from './NotesSection';
export { OrganisationsSection } from './OrganisationsSection';
export { PacksSection } from './PacksSection';
export { SitesSection } from './SitesSection';
export type {
  ArchiveSnapshot,
  DownloadFile,
  OptionsServices,
  RequestFn,
  StorageInfo,
} from './services';
