import { useRef, useState } from 'preact/hooks';
import { i18n } from '#i18n';
import { ROVING_ITEM, useRovingFocus } from '../hooks/use-roving-focus';
import { MentionLine } from './MentionLine';
import type { PageState } from './page-state';

export type { PageState } from './page-state';

/** Which mention the reader asked to see: the `ordinal`-th (from 0) of `orgKey` on the page. */
export interface MentionTarget {
  orgKey: string;
  ordinal: number;
}

type OnThisPageProps = {
  state: PageState;
  /** Organisation names by global key. */
  names: ReadonlyMap<string, string>;
  /** Summaries in the archive per organisation (absent = none), once the whole archive is loaded. */
  archiveCounts?: ReadonlyMap<string, number>;
  /** Opens the archive filtered by the organisation. */
  onShowInArchive(orgKey: string): void;
  /**
   * Scrolls the page to a mention. Until it is given (it needs the content script), context
   * lines are plain text; with it, each line is a button.
   */
  onShowMention?: (target: MentionTarget) => void;
  /** Resumes Backstory on a paused site; without it, the paused state has no button. */
  onResume?: () => void;
  /** Pauses Backstory on the page's site; without it, there is no pause button. */
  onPause?: () => void;
};

/** The organisations the active tab mentions, with counts and a line of context for each mention. */
export function OnThisPage(props: OnThisPageProps) {
  const { state } = props;
  switch (state.kind) {
    case 'loading':
      return (
        <p class="muted page-state" role="status">
          {i18n.t('common.loading')}
        </p>
      );
    case 'restricted':
      return (
        <p class="page-state">
          {state.reason === 'store' ? i18n.t('popup.storeRestricted') : i18n.t('popup.restricted')}
        </p>
      );
    case 'paused':
      return (
        <div class="page-state">
          <p>{state.host ? i18n.t('popup.paused', [state.host]) : i18n.t('popup.pausedHere')}</p>
          {props.onResume ? (
            <button type="button" class="button" onClick={props.onResume}>
              {i18n.t('popup.resume')}
            </button>
          ) : null}
        </div>
      );
    case 'not-scanned':
      return <p class="page-state">{i18n.t('popup.notScanned')}</p>;
    case 'report':
      return (
        <>
          {state.report.count === 0 ? (
            <p class="page-state">{i18n.t('popup.noMentions')}</p>
          ) : (
            <>
              {props.onShowMention && state.report.snippets.length > 0 ? (
                <MentionWalker
                  snippets={state.report.snippets}
                  names={props.names}
                  onShowMention={props.onShowMention}
                />
              ) : null}
              <MentionList {...props} report={state.report} />
            </>
          )}
          {props.onPause ? <PauseButton onPause={props.onPause} /> : null}
        </>
      );
  }
}

type MentionWalkerProps = {
  snippets: Extract<PageState, { kind: 'report' }>['report']['snippets'];
  names: ReadonlyMap<string, string>;
  onShowMention: (target: MentionTarget) => void;
};

/** Previous/next buttons that walk the page's mentions in reading order, showing each in turn. */
function MentionWalker({ snippets, names, onShowMention }: MentionWalkerProps) {
  const [index, setIndex] = useState<number | null>(null);
  const go = (step: number) => {
    const next =
      index === null
        ? step > 0
          ? 0
          : snippets.length - 1
        : (index + step + snippets.length) % snippets.length;
    const snippet = snippets[next];
    if (!snippet) return;
    setIndex(next);
    // The n-th mention of its organisation: the content script counts the same way.
    const ordinal = snippets.slice(0, next).filter((s) => s.orgKey === snippet.orgKey).length;
    onShowMention({ orgKey: snippet.orgKey, ordinal });
  };
  const current = index === null ? undefined : snippets[index];
  return (
    <div class="mention-walker" role="group" aria-label={i18n.t('popup.walkLabel')}>
      <button type="button" class="button" onClick={() => go(-1)}>
        {i18n.t('popup.previousMention')}
      </button>
      <button type="button" class="button" onClick={() => go(1)}>
        {i18n.t('popup.nextMention')}
      </button>
      <span class="muted" role="status">
        {current && index !== null
          ? i18n.t('popup.walkPosition', [
              String(index + 1),
              String(snippets.length),
              names.get(current.orgKey) ?? current.orgKey,
            ])
          : null}
      </span>
    </div>
  );
}

type PauseButtonProps = { onPause: () => void };

/** The one-click "pause on this site" button, with what it does for screen readers. */
function PauseButton({ onPause }: PauseButtonProps) {
  return (
    <p class="page-actions">
      <button type="button" class="button" aria-describedby="pause-hint" onClick={onPause}>
        {i18n.t('popup.pause')}
      </button>
      <span id="pause-hint" class="bs-visually-hidden">
        {i18n.t('popup.pauseHint')}
      </span>
    </p>
  );
}

type MentionListProps = OnThisPageProps & {
  report: Extract<PageState, { kind: 'report' }>['report'];
};

/** The report: one group per organisation, most mentioned first, arrow keys between controls. */
function MentionList({
  report,
  names,
  archiveCounts,
  onShowInArchive,
  onShowMention,
}: MentionListProps) {
  const container = useRef<HTMLUListElement>(null);
  const roving = useRovingFocus(container);
  const organisations = [...report.organisations].sort((a, b) => b.count - a.count);
  return (
    <>
      <p class="page-total" role="status">
        {i18n.t('popup.mentionTotal', report.count, [String(report.count)])}
      </p>
      <ul
        class="mentions"
        ref={container}
        onKeyDown={roving.onKeyDown}
        onFocusCapture={roving.onFocusCapture}
      >
        {organisations.map((org) => {
          const name = names.get(org.key) ?? org.key;
          const lines = report.snippets.filter((snippet) => snippet.orgKey === org.key);
          // Once the archive is counted, an organisation it does not list has nothing in it.
          const inArchive = archiveCounts ? (archiveCounts.get(org.key) ?? 0) : undefined;
          return (
            <li key={org.key} class="mention-group">
              <div class="mention-group__head">
                <h3 class="mention-group__name" dir="auto">
                  {name}
                </h3>
                <span class="badge">
                  {i18n.t('popup.mentionCount', org.count, [String(org.count)])}
                </span>
              </div>
              {inArchive === 0 ? (
                <p class="muted mention-group__archive">
                  {i18n.t('popup.showInArchive', 0, ['0'])}
                </p>
              ) : (
                <button
                  type="button"
                  class="link-button mention-group__archive"
                  {...{ [ROVING_ITEM]: '' }}
                  onClick={() => onShowInArchive(org.key)}
                >
                  {inArchive === undefined
                    ? i18n.t('popup.openInArchive')
                    : i18n.t('popup.showInArchive', inArchive, [String(inArchive)])}
                </button>
              )}
              {lines.length > 0 ? (
                <ul class="mention-group__lines" aria-label={i18n.t('popup.mentionLines', [name])}>
                  {lines.map((snippet, ordinal) => (
                    <li key={ordinal}>
                      <MentionLine
                        text={snippet.text}
                        alias={snippet.alias}
                        onShow={
                          onShowMention
                            ? () => onShowMention({ orgKey: org.key, ordinal })
                            : undefined
                        }
                      />
                    </li>
                  ))}
                </ul>
              ) : null}
            </li>
          );
        })}
      </ul>
    </>
  );
}
