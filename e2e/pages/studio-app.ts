import type { ElectronApplication, Locator, Page } from '@playwright/test';

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
    /** The desktop app's main process, to stand in for native dialogs (Electron host only). */
    readonly electronApp: ElectronApplication | null = null,
  ) {
    page.on('console', (message) => {
      if (message.type() === 'error') this.consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => this.consoleErrors.push(error.message));
  }

  navLink(section: SectionName): Locator {
    return this.page.getByTestId(`nav-${section}`);
  }

  view(name: SectionName | 'run' | 'new-run'): Locator {
    return this.page.getByTestId(`view-${name}`);
  }

  async open(section: SectionName): Promise<Locator> {
    await this.navLink(section).click();
    return this.view(section);
  }

  toasts(): Locator {
    return this.page.getByTestId('toast');
  }

  /**
   * "Import folder…" as a person uses it: the browser's folder picker (files uploaded with their
   * relative paths), or the desktop app's native dialog, answered with `folder`.
   */
  async chooseFolder(folder: string): Promise<void> {
    if (this.electronApp) {
      await this.electronApp.evaluate(({ dialog }, path) => {
        dialog.showOpenDialog = (() => Promise.resolve({ canceled: false, filePaths: [path] })) as never;
      }, folder);
      await this.page.getByTestId('choose-folder').click();
      return;
    }
    await this.page.getByTestId('folder-input').setInputFiles(folder);
  }

  /**
   * Types settings into the new-run form by input name (`steps`, `sampleEvery`, …), leaving each field
   * as a person does (blur), which is when the form validates and stores it.
   */
  async fillNewRunSettings(settings: Readonly<Record<string, string>>): Promise<void> {
    const form = this.view('new-run');
    for (const [name, value] of Object.entries(settings)) {
      const input = form.locator(`input[name="${name}"]`);
      await input.fill(value);
      await input.blur();
    }
  }

  backendRow(name: string): Locator {
    return this.page.getByTestId(`backend-row-${name}`);
  }
}
