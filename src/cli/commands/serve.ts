import { networkInterfaces } from 'node:os';
import { fileURLToPath } from 'node:url';
import { InvalidArgumentError, type Command } from 'commander';
import { isLoopbackAddress } from '../../server/auth';
import { startServer, type RunningServer } from '../../server/server';
import type { Studio } from '../../core/studio';
import { openStudio } from '../open-studio';
import type { OutputOptions } from '../output';

export const DEFAULT_PORT = 7437;

interface ServeOptions extends OutputOptions {
  readonly host: string;
  readonly port?: number;
}

/** out/node/cli.js → out/renderer/: the server serves the same renderer bundle as the Electron window. */
const RENDERER_DIR = fileURLToPath(new URL('../renderer/', import.meta.url));

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('run the studio headless and open its UI in any browser (token-protected)')
    .option('--host <address>', 'address to listen on; keep the default unless you know why', '127.0.0.1')
    .option('--port <number>', `port to listen on (default ${DEFAULT_PORT}; 0 picks a free one)`, parsePort)
    .option('--json', 'print one JSON line with the URL and token instead of text')
    .action(async (options: ServeOptions) => {
      const studio = openStudio('server', { train: true });
      const server = await listen(studio, options);
      if (options.json) {
        process.stdout.write(
          `${JSON.stringify({ ok: true, value: { url: server.url, openUrl: server.openUrl, token: server.token } })}\n`,
        );
      } else {
        process.stdout.write(`GAN Studio is running. Open ${server.openUrl}\n`);
        if (!isLoopbackAddress(options.host)) warnAboutExposure(server);
      }
      // Close the server, stop training runs (each checkpoints), close the store, then leave.
      const stop = (): void => {
        void server
          .close()
          .then(() => studio.shutdown())
          .then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}

async function listen(studio: Studio, options: ServeOptions): Promise<RunningServer> {
  const start = (port: number): Promise<RunningServer> =>
    startServer({ studio, rendererDir: RENDERER_DIR, host: options.host, port });
  try {
    return await start(options.port ?? DEFAULT_PORT);
  } catch (error) {
    const code = (error as { code?: string }).code;
    // The default port being taken is not the person's doing: take any free port instead.
    if (code === 'EADDRINUSE' && options.port === undefined) return start(0);
    studio.close();
    const reason =
      code === 'EADDRINUSE'
        ? `Port ${options.port} is already in use. Choose another with --port, or --port 0 for any free port.`
        : code === 'EADDRNOTAVAIL'
          ? `This machine has no address ${options.host}. Leave out --host to listen on 127.0.0.1.`
          : `The server could not start: ${(error as Error).message}`;
    process.stderr.write(`Error: ${reason}\n`);
    process.exit(1);
  }
}

function warnAboutExposure(server: RunningServer): void {
  const addresses = Object.values(networkInterfaces())
    .flat()
    .filter((a) => a && a.family === 'IPv4' && !a.internal)
    .map((a) => `http://${a?.address}:${server.port}/?token=${server.token}`);
  process.stderr.write(
    [
      '',
      'Warning: the studio is listening beyond this machine. Anyone who can reach this port and learns the',
      'token can use the studio, and plain HTTP sends the token unencrypted. Prefer an SSH tunnel:',
      `  ssh -L ${server.port}:127.0.0.1:${server.port} <this-machine>   (and serve on 127.0.0.1)`,
      ...(addresses.length > 0 ? ['Reachable at:', ...addresses.map((a) => `  ${a}`)] : []),
      '',
    ].join('\n'),
  );
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new InvalidArgumentError('a port is a whole number from 0 to 65535.');
  }
  return port;
}
