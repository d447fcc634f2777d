import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** A `gan-studio serve` process on a free port with its own empty data directory. */
export interface ServerHost {
  readonly dataDir: string;
  /** The URL the server printed, token included. */
  readonly openUrl: string;
  readonly baseUrl: string;
  readonly token: string;
  stop(): Promise<void>;
}

const ROOT = join(import.meta.dirname, '..');

export function createDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'gan-studio-e2e-'));
}

export async function startServerHost(): Promise<ServerHost> {
  const dataDir = createDataDir();
  const child = spawn(
    process.execPath,
    [join(ROOT, 'bin', 'gan-studio.js'), 'serve', '--port', '0', '--json'],
    {
      cwd: ROOT,
      env: { ...process.env, GAN_STUDIO_HOME: dataDir },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const line = await firstLine(child);
  const { value } = JSON.parse(line) as { value: { url: string; openUrl: string; token: string } };
  return {
    dataDir,
    openUrl: value.openUrl,
    baseUrl: value.url,
    token: value.token,
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('gan-studio serve printed nothing within 20 s')), 20_000);
    child.once('exit', (code) => reject(new Error(`gan-studio serve exited early with code ${code}`)));
    createInterface({ input: child.stdout! }).once('line', (line) => {
      clearTimeout(timer);
      resolve(line);
    });
  });
}
