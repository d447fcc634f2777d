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
