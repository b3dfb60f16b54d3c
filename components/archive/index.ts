/**
 * The archive view of the popup: search box, filters, the windowed result list and the detail of
 * one summary. Data comes from `useArchive` (components/hooks/use-archive.ts).
 */
export { ArchiveView } from './ArchiveView';
