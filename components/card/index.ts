/**
 * The hover card: a Preact component tree with no browser APIs and no positioning. The content
 * script mounts `HoverCard` in a closed shadow root with `card.css` (imported `?inline`) and
 * positions it.
 */
export { HoverCard } from './HoverCard';
export type { HoverCardData, HoverCardMatch, HoverCardProps } from './HoverCard';
