// The reliability table from the scenarios' records (test/faults/support/results.ts writes them).
//
// A figure sums only what was measured: a scenario that did not measure it (null) adds nothing,
// and a cell no scenario measured prints "—", never 0. Duplicates are clamped at 0 per scenario
// before summing, so a shortfall in one scenario can never cancel a duplicate in another.

const FIGURES = ['requests', 'duplicates', 'secretsLeaked'];

export const TABLE_LEGEND = '"—": not measured (no action was sent, so there was nothing to repeat; or no secret was in play). '
  + '"n (m of k)": only m of the k scenarios measured it.';

const emptyFigures = () => Object.fromEntries(FIGURES.map((f) => [f, { sum: 0, measured: 0 }]));

function add(figures, record) {
  for (const f of FIGURES) {
    const value = record[f];
    if (typeof value !== 'number' || !Number.isFinite(value)) continue;
    figures[f].sum += f === 'duplicates' ? Math.max(0, value) : value;
    figures[f].measured += 1;
  }
}

/** "—" when nothing was measured; "n (m of k)" when only m of the k scenarios measured it. */
function cell(figure, tried) {
  if (figure.measured === 0) return '—';
  return figure.measured === tried ? String(figure.sum) : `${figure.sum} (${figure.measured} of ${tried})`;
}

/**
 * @param {Array<{ fault: string, cloud: string, survived: boolean, requests: number | null, duplicates: number | null, secretsLeaked: number | null }>} records
 * @returns {{ table: string, rows: string[][], total: { tried: number, survived: number, duplicates: number, leaked: number } }}
 */
export function reliabilityTable(records) {
  const rows = new Map();
  const total = { tried: 0, survived: 0, figures: emptyFigures() };
  for (const r of records) {
    const row = rows.get(r.fault) ?? { fault: r.fault, clouds: new Set(), tried: 0, survived: 0, figures: emptyFigures() };
    row.clouds.add(r.cloud);
    row.tried += 1;
    row.survived += r.survived ? 1 : 0;
    add(row.figures, r);
    rows.set(r.fault, row);
    total.tried += 1;
    total.survived += r.survived ? 1 : 0;
    add(total.figures, r);
  }
  const header = ['Fault', 'Clouds', 'Scenarios tried', 'Survived', 'Requests sent', 'Duplicates', 'Secrets leaked'];
  const body = [...rows.values()].map((r) => [
    r.fault, [...r.clouds].sort().join(', '), String(r.tried), String(r.survived), ...FIGURES.map((f) => cell(r.figures[f], r.tried)),
  ]);
  body.push(['**Total**', '', String(total.tried), String(total.survived), ...FIGURES.map((f) => cell(total.figures[f], total.tried))]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
  const line = (cells) => `| ${cells.map((c, i) => (i >= 2 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join(' | ')} |`;
  const table = [line(header), `|${widths.map((w, i) => (i >= 2 ? `${'-'.repeat(w + 1)}:` : `${'-'.repeat(w + 2)}`)).join('|')}|`, ...body.map(line)].join('\n');
  return {
    table,
    rows: body,
    total: { tried: total.tried, survived: total.survived, duplicates: total.figures.duplicates.sum, leaked: total.figures.secretsLeaked.sum },
  };
}
