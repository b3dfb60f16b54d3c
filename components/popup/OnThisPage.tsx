import { i18n } from '#i18n';
import type { TabReport } from '../../utils/messaging';

/** What the popup knows about the active tab. */
export type PageState =
  | { kind: 'loading' }
  | { kind: 'restricted' }
  | { kind: 'not-scanned' }
  | { kind: 'report'; report: TabReport };

type OnThisPageProps = {
  state: PageState;
  /** Organisation names by global key. */
  names: ReadonlyMap<string, string>;
};

/** The organisations the active tab mentions, with counts and a line of context for each mention. */
export function OnThisPage({ state, names }: OnThisPageProps) {
  return (
    <section class="panel" aria-labelledby="on-this-page-heading">
      <h2 id="on-this-page-heading">{i18n.t('popup.onThisPage')}</h2>
      <OnThisPageBody state={state} names={names} />
    </section>
  );
}

function OnThisPageBody({ state, names }: OnThisPageProps) {
  switch (state.kind) {
    case 'loading':
      return <p class="muted">{i18n.t('common.loading')}</p>;
    case 'restricted':
      return <p class="muted">{i18n.t('popup.restricted')}</p>;
    case 'not-scanned':
      return <p class="muted">{i18n.t('popup.notScanned')}</p>;
    case 'report': {
      const { report } = state;
      if (report.count === 0) return <p class="muted">{i18n.t('popup.noMentions')}</p>;
      return (
        <>
          <p role="status">{i18n.t('popup.mentionTotal', report.count, [String(report.count)])}</p>
          <ul class="mentions">
            {report.organisations.map((org) => (
              <li key={org.key}>
                <span class="mentions__name" dir="auto">
                  {names.get(org.key) ?? org.key}
                </span>{' '}
                <span class="muted">
                  {i18n.t('popup.mentionCount', org.count, [String(org.count)])}
                </span>
                <ul class="mentions__snippets">
                  {report.snippets
                    .filter((snippet) => snippet.orgKey === org.key)
                    .slice(0, 20)
                    .map((snippet, index) => (
                      <li key={index} dir="auto">
                        <bdi>{snippet.text}</bdi>
                      </li>
                    ))}
                </ul>
              </li>
            ))}
          </ul>
        </>
      );
    }
  }
}
