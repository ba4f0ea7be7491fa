/** One measured number: what it is, its value (null when it could not be measured) and its unit. */
export interface Measure {
  name: string;
  value: number | null;
  unit: string;
}

/** One line of `npm run bench`: a figure, the baseline measured in the same run, and their ratio. */
export interface Figure extends Measure {
  baseline: Measure | null;
  ratio?: number;
  note?: string;
}

/** Builds a figure; the ratio (value / baseline) is added when both values are known. */
export function figure(measure: Measure, baseline: Measure | null, note?: string): Figure {
  const out: Figure = { name: measure.name, value: measure.value, unit: measure.unit, baseline };
  if (measure.value !== null && baseline?.value != null && baseline.value > 0) {
    out.ratio = round(measure.value / baseline.value, 2);
  }
  if (note) out.note = note;
  return out;
}

/** One JSON object per line on stdout (everything else the bench says goes to stderr). */
export function printFigure(f: Figure): void {
  process.stdout.write(`${JSON.stringify(f)}\n`);
}

export function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
