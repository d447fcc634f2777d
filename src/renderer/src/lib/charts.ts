import {
  Chart,
  Legend,
  LineController,
  LineElement,
  LinearScale,
  LogarithmicScale,
  PointElement,
  Tooltip,
} from 'chart.js';

// Only what the line charts use is registered: it keeps the bundle small and nothing draws by surprise.
Chart.register(LineController, LineElement, PointElement, LinearScale, LogarithmicScale, Legend, Tooltip);

export { Chart };

/** Series colours that read on light and dark backgrounds: D warm, G cool, as throughout the studio. */
export const SERIES_COLOURS = {
  d: '#e07a2e',
  g: '#5b5bd6',
  neutral: '#2a9d8f',
} as const;

/** Reads a CSS custom property of the current theme (charts draw on canvas, outside CSS). */
export function themeColour(name: string, fallback: string): string {
  const value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return value || fallback;
}

/** One line of a MetricChart. */
export interface ChartLine {
  /** Metric name in the store (`loss_d`). */
  readonly metric: string;
  readonly label: string;
  readonly colour: string;
}

/** Lines both the run dashboard and the playground draw. */
export const LOSS_LINES: readonly ChartLine[] = [
  { metric: 'loss_d', label: 'D loss', colour: SERIES_COLOURS.d },
  { metric: 'loss_g', label: 'G loss', colour: SERIES_COLOURS.g },
];

/** D's mean outputs: probabilities for minimax and non-saturating, raw scores for the others. */
export function scoreLines(probability: boolean): ChartLine[] {
  return [
    { metric: 'd_real', label: probability ? 'D(x)' : 'D(x) score', colour: SERIES_COLOURS.d },
    { metric: 'd_fake', label: probability ? 'D(G(z))' : 'D(G(z)) score', colour: SERIES_COLOURS.g },
  ];
}
