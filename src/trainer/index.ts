import '@tensorflow/tfjs-layers';
import { StudioError } from '../shared/api/errors';
import { connectToParent } from './parent-channel';
import { runExport } from './run-export';
import { startPlayground, type PlaygroundRunner } from './run-playground';
import { runTraining } from './run-training';
import { TrainerControl } from './trainer-control';

/**
 * A trainer process: one per run, started by the host's run supervisor. It trains and reports over its
 * channel; it never touches the database. Any failure ends this process (and so this run) with a reason,
 * never the host. The host's exports start it too, with an `export` message instead of `start`: it then
 * writes one export from a checkpoint and exits. The playground starts it with `playground`: it then
 * steps a small 2-D GAN as the view commands until `stop`.
 */
const channel = connectToParent();
const control = new TrainerControl();
let started = false;
let finishing = false;
let playground: PlaygroundRunner | null = null;
/** Commands that came while the playground was still loading its backend and models, in order. */
const earlyPlaygroundCommands: ((runner: PlaygroundRunner) => void)[] = [];
const toPlayground = (command: (runner: PlaygroundRunner) => void): void => {
  if (playground) command(playground);
  else earlyPlaygroundCommands.push(command);
};

/** Reports the end, then exits once the report has left (an exit drops unsent IPC messages). */
function finish(message: Parameters<typeof channel.send>[0], exitCode: number): void {
  if (finishing) return;
  finishing = true;
  channel.send(message);
  void channel.flush().then(() => process.exit(exitCode));
}

function finishWithError(error: unknown): void {
  const reason = error instanceof Error ? error.message : String(error);
  // A refusal the person can act on (an exported generator tfjs cannot load) is an answer, not a defect.
  const refused = error instanceof StudioError && error.code === 'invalid_input';
  if (!finishing && !refused) {
    channel.send({
      type: 'log',
      level: 'error',
      message: error instanceof Error ? (error.stack ?? reason) : reason,
    });
  }
  const code = refused ? { code: 'invalid_input' as const } : {};
  finish({ type: 'finished', status: 'failed', step: -1, reason, ...code }, 1);
}

process.on('uncaughtException', finishWithError);
process.on('unhandledRejection', finishWithError);

// An orphan — its host crashed or was killed — would train on unrecorded (a paused one would wait
// forever) and could race a new host that resumes the same run. The newest checkpoint on disk stays
// the place to resume from.
channel.onHostGone(() => process.exit(2));

// Ctrl-C in a terminal goes to every process of the foreground group, this one too. What it means is
// the host's to decide (the CLI stops the run after this step, with a checkpoint; an export is
// cancelled): dying here would fail the run and lose every step since its last checkpoint. A host that
// exits on a second Ctrl-C disconnects, which ends this process above.
process.on('SIGINT', () => undefined);

channel.onMessage((message) => {
  switch (message.type) {
    case 'start':
      if (started) return;
      started = true;
      runTraining(message, channel, control).then((outcome) => {
        finish(
          {
            type: 'finished',
            status: outcome.status,
            step: outcome.step,
            reason: outcome.status === 'failed' ? outcome.reason : null,
          },
          0,
        );
      }, finishWithError);
      return;
    case 'export':
      if (started) return;
      started = true;
      runExport(message.job, channel, control).then(
        (exported) => finish(exported ?? { type: 'finished', status: 'stopped', step: -1, reason: null }, 0),
        finishWithError,
      );
      return;
    case 'playground':
      if (started) return;
      started = true;
      startPlayground(message.setup, channel)
        .then((runner) => {
          playground = runner;
          for (const command of earlyPlaygroundCommands.splice(0)) command(runner);
          if (control.signal.aborted) runner.stop();
          return runner.run();
        })
        .then(
          () => finish({ type: 'finished', status: 'stopped', step: -1, reason: null }, 0),
          finishWithError,
        );
      return;
    case 'playground-control':
      toPlayground((runner) => runner.command(message.action));
      return;
    case 'playground-speed':
      toPlayground((runner) => runner.setSpeed(message.stepsPerSecond));
      return;
    case 'pause':
      control.pause();
      return;
    case 'resume':
      control.resume();
      return;
    case 'stop':
      control.stop();
      playground?.stop();
      return;
    case 'sample-now':
      control.requestSample();
      return;
  }
});
