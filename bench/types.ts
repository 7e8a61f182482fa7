/** One line of bench-results.json: a figure beside the floor measured in the same run (the figures: bench/run.ts). */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  /** The peer or physical floor measured in the same run, or null. */
  floor: number | null;
  /** value / floor where a floor applies, or null. */
  ratio: number | null;
}

export const figure = (name: string, value: number, unit: string, floor: number | null = null): Figure => ({
  name,
  value,
  unit,
  floor,
  ratio: floor === null || floor === 0 ? null : value / floor,
});
