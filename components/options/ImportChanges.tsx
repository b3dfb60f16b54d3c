import { i18n } from '#i18n';
import type {
  ChangedRecord,
  ImportChanges as Changes,
  ImportSummary,
} from '../../utils/archive/import';

type ImportChangesProps = {
  summary: ImportSummary;
  changes: Changes;
};

const COLUMNS = ['added', 'updated', 'removed', 'unchanged'] as const;

/**
 * What an import would change, before anything is written: counts of new, updated, removed and
 * unchanged organisations and summaries, and the records themselves by name.
 */
export function ImportChanges({ summary, changes }: ImportChangesProps) {
  const heading =
    summary.pack === 'added'
      ? i18n.t('options.import.packAdded', [summary.packName])
      : summary.pack === 'updated'
        ? i18n.t('options.import.packUpdated', [summary.packName])
        : i18n.t('options.import.packUnchanged', [summary.packName]);
  const columnLabel = (column: (typeof COLUMNS)[number]) =>
    column === 'added'
      ? i18n.t('options.import.added')
      : column === 'updated'
        ? i18n.t('options.import.updated')
        : column === 'removed'
          ? i18n.t('options.import.removed')
          : i18n.t('options.import.unchanged');
  const rows = [
    ['organisations', i18n.t('options.import.organisations')],
    ['summaries', i18n.t('options.import.summaries')],
  ] as const;
  return (
    <div class="import-preview">
      <p dir="auto">
        <strong>{heading}</strong>
      </p>
      <table class="counts">
        <caption>{i18n.t('options.import.caption')}</caption>
        <thead>
          <tr>
            <td />
            {COLUMNS.map((column) => (
              <th key={column} scope="col">
                {columnLabel(column)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map(([kind, label]) => (
            <tr key={kind}>
              <th scope="row">{label}</th>
              {COLUMNS.map((column) => (
                <td key={column} data-count={`${kind}-${column}`}>
                  {summary[kind][column]}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {rows.map(([kind, label]) =>
        (['added', 'updated', 'removed'] as const).map((column) => (
          <RecordList
            key={`${kind}-${column}`}
            label={`${label}: ${columnLabel(column)}`}
            records={changes[kind][column]}
            total={summary[kind][column]}
          />
        )),
      )}
    </div>
  );
}

type RecordListProps = { label: string; records: readonly ChangedRecord[]; total: number };

/** A disclosure with the records of one kind of change, by name. */
function RecordList({ label, records, total }: RecordListProps) {
  if (total === 0) return null;
  return (
    <details>
      <summary>
        {label} ({total})
      </summary>
      <ul>
        {records.map((record) => (
          <li key={record.key} dir="auto">
            <bdi>{record.label}</bdi>
          </li>
        ))}
      </ul>
      {total > records.length ? (
        <p class="muted">{i18n.t('options.common.andMore', [String(total - records.length)])}</p>
      ) : null}
    </details>
  );
}
