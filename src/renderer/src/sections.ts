/**
 * The studio's top-level sections, declared once: the router, the navigation rail and the keyboard
 * shortcuts (`g` then `key`) are all derived from this list.
 */
export interface Section {
  readonly name: 'datasets' | 'runs' | 'compare' | 'playground' | 'system';
  readonly label: string;
  readonly path: string;
  /** Second key of the `g <key>` shortcut. */
  readonly key: string;
  /** SVG path data on a 24×24 grid, drawn as strokes. */
  readonly icon: readonly string[];
}

export const SECTIONS: readonly Section[] = [
  {
    name: 'datasets',
    label: 'Datasets',
    path: '/datasets',
    key: 'd',
    icon: ['M4 5h16v14H4z', 'M4 16l5-5 4 4 3-3 4 4', 'M15 8.5h.01'],
  },
  {
    name: 'runs',
    label: 'Runs',
    path: '/runs',
    key: 'r',
    icon: ['M3 12h4l3-7 4 14 3-7h4'],
  },
  {
    name: 'compare',
    label: 'Compare',
    path: '/compare',
    key: 'c',
    icon: ['M4 4h6v16H4z', 'M14 4h6v16h-6z'],
  },
  {
    name: 'playground',
    label: 'Playground',
    path: '/playground',
    key: 'p',
    icon: ['M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18z', 'M8 10h.01', 'M15 8h.01', 'M11 15h.01', 'M16 14h.01'],
  },
  {
    name: 'system',
    label: 'System',
    path: '/system',
    key: 's',
    icon: ['M7 7h10v10H7z', 'M10 10h4v4h-4z', 'M9 3v4M15 3v4M9 17v4M15 17v4M3 9h4M3 15h4M17 9h4M17 15h4'],
  },
];

/** The section a path belongs to (`/runs/abc` belongs to Runs), or undefined. */
export function sectionOf(path: string): Section | undefined {
  return SECTIONS.find((section) => path === section.path || path.startsWith(`${section.path}/`));
}
