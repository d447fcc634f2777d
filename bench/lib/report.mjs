import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeFigure, formatRate } from './format.mjs';

/**
 * Writes `<name>.json` (everything measured) and `<name>.md` (the tables) into `dir`, and copies them
 * to `latest.json` / `latest.md` when `latest` is set. Returns the markdown.
 */
export function writeResults(results, { dir, name, latest }) {
  mkdirSync(dir, { recursive: true });
  const markdown = renderMarkdown(results);
  const files = [`${name}.json`, `${name}.md`].map((file) => join(dir, file));
  writeFileSync(files[0], `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(files[1], markdown);
  if (latest) {
    copyFileSync(files[0], join(dir, 'latest.json'));
    copyFileSync(files[1], join(dir, 'latest.md'));
  }
  return { markdown, files };
}

const table = (header, rows) =>
  [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');

const DASH = '—';
const TITLES = {
  training: '1. Training throughput (images/s)',
  reference: '2. PyTorch reference (images/s)',
  overhead: '3. Engine overhead',
  threads: '4. wasm: one thread against every core',
  import: '5. Import: the built-in emoji dataset',
  store: '6. Store',
  ui: '7. UI: live charts in Chromium',
};
const rate = (value) => (value === null || value === undefined ? DASH : formatRate(value));
const ratio = (value) => (value === null || value === undefined ? DASH : `${value.toFixed(2)}×`);
const seconds = (value) => `${value.toFixed(2)} s`;
const count = (value) => value.toLocaleString('en-US');

export function renderMarkdown(results) {
  const { sections } = results;
  const parts = [`# GAN Studio benchmarks — ${results.date}`, ''];
  if (results.quick) {
    parts.push(
      '> **Quick run** (`npm run bench -- --quick`): a smoke test with very few steps and a tenth of the',
      '> data. These figures are not representative; run `npm run bench` on an idle machine for real ones.',
      '',
    );
  }
  if (results.only) parts.push(`Sections run: ${results.only.join(', ')} (\`--only\`).`, '');
  parts.push(machineTable(results), '');
  const render = {
    training: (s) => trainingSection(s, sections.reference, results),
    reference: referenceSection,
    overhead: overheadSection,
    threads: threadsSection,
    import: importSection,
    store: storeSection,
    ui: uiSection,
  };
  for (const [name, draw] of Object.entries(render)) {
    const section = sections[name];
    if (!section) continue;
    parts.push(section.error ? `## ${TITLES[name]}\n\nFailed: ${section.error}` : draw(section), '');
  }
  parts.push(
    `Command: \`${results.command}\` · ${(results.durationSeconds / 60).toFixed(1)} min in all.`,
    '',
  );
  return parts.join('\n');
}

function machineTable({ machine, startedAt, torchThreads }) {
  const backends = Object.entries(machine.tfjsBackends)
    .map(([name, version]) => `${name} ${version ?? 'not installed'}`)
    .join(', ');
  const busy =
    machine.loadAverage > machine.cores * 0.5
      ? ` — **busy machine**: other work competed for the cores, so every figure is lower than on an idle machine; multithreaded PyTorch suffers most (its threads spin while they wait: \`OMP_WAIT_POLICY=PASSIVE\` helps there)`
      : '';
  return table(
    ['machine', ''],
    [
      ['date', `${startedAt.slice(0, 16).replace('T', ' ')} UTC`],
      ['CPU', `${machine.cpu}, ${machine.cores} cores`],
      ['RAM', `${machine.ramGiB.toFixed(1)} GiB`],
      ['OS', machine.os],
      ['Node', machine.node],
      ['tfjs', `${machine.tfjs} (${backends})`],
      [
        'PyTorch',
        machine.pytorch
          ? `${machine.pytorch} under /usr/bin/python3, CPU, ${torchThreads} threads${machine.ompWaitPolicy ? `, OMP_WAIT_POLICY=${machine.ompWaitPolicy}` : ''}`
          : 'not installed (`apt-get install -y python3-torch libopenblas0-pthread`)',
      ],
      ['load average at start', `${machine.loadAverage.toFixed(2)} (1 min)${busy}`],
      ['commit', machine.commit ?? DASH],
    ],
  );
}

function timed(row) {
  if (row.status === 'unavailable') return DASH;
  if (row.status === 'skipped' || row.status === 'failed') return `${row.status}: ${row.reason}`;
  if (row.imagesPerSecond === null) {
    return row.upperBound ? `no step finished within the ${row.capSeconds} s cap` : describeFigure(row);
  }
  const warm = row.warm ? `after ${row.warmup} warm-up` : '**no warm-up**';
  const leak = row.tensorGrowth > 0 ? `, **${row.tensorGrowth} tensors leaked**` : '';
  return `${row.stepsTimed} step${row.stepsTimed === 1 ? '' : 's'}, ${row.secondsTimed.toFixed(1)} s, ${warm}${row.capped ? ', cut at the cap' : ''}${leak}`;
}

const notInstalled = (reason) => /not installed/i.test(reason);

function studioFigure(row) {
  if (row.status === 'unavailable') return notInstalled(row.reason) ? 'not installed here' : 'does not load';
  if (row.imagesPerSecond !== null && row.imagesPerSecond !== undefined) return rate(row.imagesPerSecond);
  if (row.upperBound) return `< ${rate(row.upperBound)} (cap)`;
  return DASH;
}

/** One line per backend that did not load, with why (instead of repeating it in every row). */
function unavailableNotes(rows) {
  const reasons = new Map(rows.filter((r) => r.status === 'unavailable').map((r) => [r.backend, r.reason]));
  if (reasons.size === 0) return [];
  return ['', ...[...reasons].map(([backend, reason]) => `*${backend}*: ${reason}`)];
}

function trainingSection(rows, reference, { torchThreads }) {
  const hasReference = (reference ?? []).some((r) => r.imagesPerSecond);
  return [
    `## ${TITLES.training}`,
    '',
    "Steady state through the studio's own loop — `createTrainingParts` + `train()`, as the trainer process",
    "runs it, on the backend loaded by the app's candidates — after the warm-up steps. One step is one D",
    'update on a real and a fake batch, then one G update (non-saturating, Adam 2e-4/β₁ 0.5 for DCGAN, the',
    'ring8 recipe for the MLP). Samples and checkpoints are not written. wasm runs on the threads the studio',
    `chooses (every core for images, one for 2-D networks: section 4); PyTorch (section 2) on ${torchThreads}.`,
    '',
    table(
      ['network', 'batch', 'backend', 'studio img/s', 'measured', 'PyTorch img/s', 'studio / PyTorch'],
      rows.map((r) => [
        r.label,
        String(r.batchSize),
        r.threads ? `${r.backend} (${r.threads} thread${r.threads === 1 ? '' : 's'})` : r.backend,
        studioFigure(r),
        timed(r),
        hasReference ? rate(r.pytorchImagesPerSecond) : DASH,
        ratio(r.ratioToPytorch),
      ]),
    ),
    ...unavailableNotes(rows),
  ].join('\n');
}

function referenceSection(rows) {
  return [
    `## ${TITLES.reference}`,
    '',
    '`bench/reference/gan_reference.py`: the same networks built from the same config, layer by layer, the',
    'same step and optimizer, on the CPU. Parameter counts are compared with the studio’s models.',
    '',
    table(
      ['network', 'batch', 'PyTorch img/s', 'measured', 'trainable parameters G / D', 'same as the studio'],
      rows.map((r) => [
        r.label,
        String(r.batchSize),
        r.status === 'measured'
          ? rate(r.imagesPerSecond)
          : r.status === 'capped'
            ? `< ${rate(r.upperBound)}`
            : r.status,
        r.status === 'measured' || r.status === 'capped' ? timed(r) : r.reason,
        r.params ? `${count(r.params.generator)} / ${count(r.params.discriminator)}` : DASH,
        r.paramsMatch === null || r.paramsMatch === undefined ? DASH : r.paramsMatch ? 'yes' : '**no**',
      ]),
    ),
    '',
    `PyTorch ${rows.find((r) => r.torch)?.torch ?? DASH}; BLAS: ${rows.find((r) => r.blas)?.blas ?? DASH}.`,
  ].join('\n');
}

function overheadSection(rows) {
  const cell = (r) => {
    if (r.status === 'measured') {
      const cold = r.warm ? '' : ' (no warm-up)';
      const runs = (values) => (values && values.length > 1 ? ` (${values.map(rate).join(', ')})` : '');
      return [
        `${rate(r.studioImagesPerSecond)}${runs(r.studioRuns)}`,
        `${rate(r.minimalImagesPerSecond)}${runs(r.minimalRuns)}`,
        `${r.ratio.toFixed(3)}${cold}`,
      ];
    }
    return [DASH, DASH, r.status === 'unavailable' ? studioFigure(r) : `${r.status}: ${r.reason}`];
  };
  const verdict = (r) => (r.status !== 'measured' ? DASH : r.meetsTarget ? 'yes' : '**no**');
  return [
    `## ${TITLES.overhead}`,
    '',
    "The studio's loop against a minimal hand-written tfjs loop of the same models (the studio's",
    '`buildGenerator` / `buildDiscriminator`, `tf.variableGrads` and tfjs Adam, one fixed real batch, no',
    'metrics, no callbacks), same backend, same steps, in alternating pairs; each figure is the median over',
    'the pairs (the runs in brackets). Target: studio / minimal ≥ 0.95.',
    '',
    table(
      ['network', 'backend', 'studio loop img/s', 'minimal loop img/s', 'studio / minimal', '≥ 0.95'],
      rows.map((r) => [r.label, r.backend, ...cell(r), verdict(r)]),
    ),
    ...unavailableNotes(rows),
  ].join('\n');
}

function threadsSection(rows) {
  const cell = (r) =>
    r.status === 'measured'
      ? [
          rate(r.oneThread),
          `${rate(r.allCores)} (${r.cores})`,
          `${r.speedup.toFixed(2)}×${r.warm ? '' : ' (no warm-up)'}`,
          r.chosenThreads === 1 ? 'one thread' : `${r.chosenThreads} threads`,
        ]
      : [DASH, DASH, DASH, `${r.status}: ${r.reason}`];
  return [
    `## ${TITLES.threads}`,
    '',
    "The studio's loop on the wasm backend with one thread and with every core (tfjs-backend-wasm's",
    'multithreaded build, which the studio enables under Node: src/backends/wasm-threads.ts). The studio',
    'chooses per network: every core for images, one thread for 2-D networks.',
    '',
    table(
      ['network', 'one thread img/s', 'every core img/s (threads)', 'speed-up', 'the studio uses'],
      rows.map((r) => [r.label, ...cell(r)]),
    ),
  ].join('\n');
}

function importSection(r) {
  const head = [`## ${TITLES.import}`, ''];
  if (r.status !== 'measured') return [...head, `Failed: ${r.reason}`].join('\n');
  return [
    ...head,
    `\`${r.command}\` into a fresh data folder (emoji-datasource-google, 64×64 PNGs, ${r.classes} categories as`,
    'classes, transparency on white). Peak RSS of the whole CLI process (GNU time).',
    '',
    table(
      ['images', 'whole command', 'images/s', 'images/s without the CLI start', 'peak RSS'],
      [
        [
          count(r.imported),
          seconds(r.seconds),
          rate(r.imagesPerSecond),
          `${rate(r.imagesPerSecondWithoutStart)} (start ${seconds(r.cliStartSeconds)})`,
          r.peakRssMb === null ? `unknown: ${r.peakRssNote}` : `${r.peakRssMb.toFixed(0)} MB`,
        ],
      ],
    ),
  ].join('\n');
}

function storeSection({ insert, compare }) {
  const rows = [];
  if (insert.status === 'measured') {
    rows.push([
      `insert ${count(insert.points)} metric points (\`insertMetricPoints\`, one transaction per ${count(insert.batch)})`,
      `${seconds(insert.seconds)} — ${count(Math.round(insert.pointsPerSecond))} points/s — database ${insert.megabytes.toFixed(0)} MB`,
    ]);
  } else rows.push(['insert metric points', `failed: ${insert.reason}`]);
  if (compare.status === 'measured') {
    const series = `${compare.runs} runs × ${count(compare.points)} steps × ${compare.metrics} metrics`;
    rows.push(
      [
        `compare read: ${series}, ≤ 2,000 points per series (\`runs.metrics\` with maxPoints)`,
        `${compare.readMs.toFixed(0)} ms (${(compare.readMs / compare.runs).toFixed(0)} ms per run)`,
      ],
      [`compare view open in Chromium, 8 charts × ${compare.runs} lines`, seconds(compare.openSeconds)],
    );
  } else rows.push(['compare read and open', `failed: ${compare.reason}`]);
  return [
    `## ${TITLES.store}`,
    '',
    'A real SQLite file (WAL) in a temp folder, through the store’s own functions.',
    '',
    table(['what', 'figure'], rows),
  ].join('\n');
}

function uiSection({ chart }) {
  const head = [`## ${TITLES.ui}`, ''];
  if (chart.status !== 'measured') return [...head, `Failed: ${chart.reason}`].join('\n');
  const gap = chart.frameGapMs;
  return [
    ...head,
    `\`bench/chart-streaming.mjs\`: the run dashboard over ${count(chart.points)} steps × ${chart.metrics} metrics, then`,
    `${chart.perUpdate} new steps every ${chart.everyMs} ms (${chart.updates} updates) while frames are timed.`,
    '',
    table(
      ['what', 'figure'],
      [
        [
          `dashboard open → every chart holds all ${count(chart.points)} points per series`,
          seconds(chart.loadSeconds),
        ],
        [
          `chart updates at ${count(chart.points)}+ points: frame gap p50 / p95 / max`,
          `${gap.p50.toFixed(1)} / ${gap.p95.toFixed(1)} / ${gap.max.toFixed(0)} ms`,
        ],
        [
          'long tasks (> 50 ms) while streaming',
          `${chart.longTasks}, longest ${chart.longestTaskMs.toFixed(0)} ms`,
        ],
      ],
    ),
  ].join('\n');
}
