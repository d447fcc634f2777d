import '@tensorflow/tfjs-layers';
import { connectToParent } from './parent-channel';
import { runTraining } from './run-training';
import { TrainerControl } from './trainer-control';

/**
 * A trainer process: one per run, started by the host's run supervisor. It trains and reports over its
 * channel; it never touches the database. Any failure ends this process (and so this run) with a reason,
 * never the host.
 */
const channel = connectToParent();
const control = new TrainerControl();
let started = false;

function finishWithError(error: unknown): void {
  const reason = error instanceof Error ? error.message : String(error);
  channel.send({
    type: 'log',
    level: 'error',
    message: error instanceof Error ? (error.stack ?? reason) : reason,
  });
  channel.send({ type: 'finished', status: 'failed', step: -1, reason });
  setTimeout(() => process.exit(1), 50);
}

process.on('uncaughtException', finishWithError);
process.on('unhandledRejection', finishWithError);

channel.onMessage((message) => {
  switch (message.type) {
    case 'start':
      if (started) return;
      started = true;
      runTraining(message, channel, control).then((outcome) => {
        channel.send({
          type: 'finished',
          status: outcome.status,
          step: outcome.step,
          reason: outcome.status === 'failed' ? outcome.reason : null,
        });
        // Let the message leave before the process does.
        setTimeout(() => process.exit(0), 50);
      }, finishWithError);
      return;
    case 'pause':
      control.pause();
      return;
    case 'resume':
      control.resume();
      return;
    case 'stop':
      control.stop();
      return;
    case 'sample-now':
      control.requestSample();
      return;
  }
});
