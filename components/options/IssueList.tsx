import { i18n } from '#i18n';
import type { ValidationIssue } from '../../utils/packs/validate';

type IssueListProps = {
  issues: readonly ValidationIssue[];
  /** How many problems there were in all, when `issues` was cut short. */
  total?: number;
};

/** Validation problems, each with the path of the field at fault (`summaries[3].source.url`). */
export function IssueList({ issues, total = issues.length }: IssueListProps) {
  return (
    <>
      <ul class="issues">
        {issues.map((issue, index) => (
          <li key={index}>
            {issue.path ? (
              <>
                <code dir="ltr">{issue.path}</code>
                {': '}
              </>
            ) : null}
            <span>{issue.message}</span>
          </li>
        ))}
      </ul>
      {total > issues.length ? (
        <p class="muted">{i18n.t('options.common.moreIssues', [String(total - issues.length)])}</p>
      ) : null}
    </>
  );
}
