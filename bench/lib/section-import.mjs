import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runJsonChild } from './json-child.mjs';

const CLI = fileURLToPath(new URL('../../bin/gan-studio.js', import.meta.url));
const TIME = '/usr/bin/time';

/**
 * Section 4: the built-in emoji dataset (emoji-datasource-google, src/core/datasets/builtin/emoji.ts)
 * imported through the real CLI, `gan-studio import emoji --size 64`, into a fresh GAN_STUDIO_HOME.
 * Wall time is the whole command; `gan-studio datasets` on the same store gives the CLI's own start
 * (Node, the bundle, opening the store), so images/s is also given without it. Peak RSS comes from
 * GNU time (`/usr/bin/time -v`), when the machine has it.
 */
export async function runImportSection({ log }) {
  const home = mkdtempSync(join(tmpdir(), 'gan-studio-bench-emoji-'));
  const env = { ...process.env, GAN_STUDIO_HOME: home };
  const command = [CLI, 'import', 'emoji', '--size', '64', '--json'];
  const timed = existsSync(TIME);
  try {
    const run = timed
      ? await runJsonChild(TIME, ['-v', process.execPath, ...command], { env })
      : await runJsonChild(process.execPath, command, { env });
    const answer = run.messages.at(-1);
    if (run.code !== 0 || !answer?.ok) {
      const reason = answer?.error?.message ?? run.stderr.trim().split('\n').at(-1) ?? `exit ${run.code}`;
      log(`  emoji import failed: ${reason}`);
      return { status: 'failed', reason };
    }
    const start = await runJsonChild(process.execPath, [CLI, 'datasets', '--json'], { env });
    const imported = answer.value.imported;
    const peak = timed ? /Maximum resident set size \(kbytes\): (\d+)/.exec(run.stderr) : null;
    const result = {
      status: 'measured',
      command: `gan-studio ${command.slice(1).join(' ')}`,
      imported,
      classes: answer.value.classes.length,
      seconds: run.seconds,
      imagesPerSecond: imported / run.seconds,
      cliStartSeconds: start.seconds,
      imagesPerSecondWithoutStart: imported / Math.max(run.seconds - start.seconds, 1e-3),
      peakRssMb: peak ? Number(peak[1]) / 1024 : null,
      peakRssNote: timed ? null : `no ${TIME} (GNU time) on this machine`,
    };
    log(
      `  emoji import: ${imported} images in ${result.seconds.toFixed(2)} s (${result.imagesPerSecond.toFixed(0)} images/s; ` +
        `${result.imagesPerSecondWithoutStart.toFixed(0)} without the ${result.cliStartSeconds.toFixed(2)} s CLI start), ` +
        `peak RSS ${result.peakRssMb === null ? 'unknown' : `${result.peakRssMb.toFixed(0)} MB`}`,
    );
    return result;
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}
