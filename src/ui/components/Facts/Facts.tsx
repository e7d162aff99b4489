/** A two-column list of label → value; rows whose value is missing are left out rather than shown empty. */
import type { ComponentChildren } from 'preact';

export type FactRow = readonly [label: string, value: ComponentChildren | undefined, key?: string];

export interface FactsProps {
  rows: readonly FactRow[];
  /** 'tiles' packs short facts into columns (file summary); 'rows' is one label/value pair per line. */
  layout?: 'rows' | 'tiles';
  testId?: string;
}

export function Facts({ rows, layout = 'rows', testId }: FactsProps) {
  const shown = rows.filter(([, value]) => value !== undefined && value !== null && value !== '');
  return (
    <dl class={layout === 'tiles' ? 'facts facts--tiles' : 'facts'} data-testid={testId}>
      {shown.map(([label, value, key]) => (
        <div class="facts__row" key={key ?? label} data-fact={key}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
