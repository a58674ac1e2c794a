// Summary statistics of a set of samples.

/** Median, quartiles and range of one contestant's samples. */
export interface Summary {
  median: number;
  p25: number;
  p75: number;
  min: number;
  max: number;
  samples: number;
}

/** Summarises samples (linear interpolation between order statistics for the quartiles). */
export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) throw new Error('No samples to summarise.');
  const sorted = [...values].sort((a, b) => a - b);
  return {
    median: quantile(sorted, 0.5),
    p25: quantile(sorted, 0.25),
    p75: quantile(sorted, 0.75),
    min: sorted[0] as number,
    max: sorted[sorted.length - 1] as number,
    samples: sorted.length,
  };
}

function quantile(sorted: readonly number[], q: number): number {
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  const a = sorted[low] as number;
  const b = sorted[high] as number;
  return a + (b - a) * (position - low);
}
