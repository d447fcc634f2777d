import type { Locator, Page } from '@playwright/test';

export type SectionName = 'datasets' | 'runs' | 'compare' | 'playground' | 'system';

/**
 * The studio window as a person sees it: a navigation rail, one view at a time, toasts. Collects every
 * console error and page error (a CSP violation shows up there) so specs can require a clean console.
 */
export class StudioApp {
  readonly consoleErrors: string[] = [];

  constructor(
    readonly page: Page,
    readonly host: 'server' | 'electron',
  ) {
    page.on('console', (message) => {
      if (message.type() === 'error') this.consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => this.consoleErrors.push(error.message));
  }

  navLink(section: SectionName): Locator {
    return this.page.getByTestId(`nav-${section}`);
  }

  view(name: SectionName | 'run'): Locator {
    return this.page.getByTestId(`view-${name}`);
  }

  async open(section: SectionName): Promise<Locator> {
    await this.navLink(section).click();
    return this.view(section);
  }

  toasts(): Locator {
    return this.page.getByTestId('toast');
  }

  backendRow(name: string): Locator {
    return this.page.getByTestId(`backend-row-${name}`);
  }
}
