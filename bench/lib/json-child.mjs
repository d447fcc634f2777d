import { spawn } from 'node:child_process';

/**
 * Runs a benchmark child that prints one JSON object per line, and collects them (each with
 * `receivedAt`, the parent's Date.now() when it arrived). With `capSeconds`, a child still running
 * then is killed and the answer says `capped: true`: a time cap for measurements that may not finish
 * (tfjs's cpu backend on a DCGAN). Lines that are not JSON are kept as `text`; stderr is passed on.
 */
export function runJsonChild(command, args, { capSeconds = null, env = process.env, cwd } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const messages = [];
    const text = [];
    let stderr = '';
    let rest = '';
    let capped = false;
    const started = Date.now();
    const timer =
      capSeconds === null
        ? null
        : setTimeout(() => {
            capped = true;
            child.kill('SIGKILL');
          }, capSeconds * 1000);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      const lines = (rest + chunk).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) {
        if (line.trim() === '') continue;
        try {
          messages.push({ ...JSON.parse(line), receivedAt: Date.now() });
        } catch {
          text.push(line);
        }
      }
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', (error) => {
      if (timer) clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      if (timer) clearTimeout(timer);
      resolve({
        messages,
        text,
        stderr,
        code,
        capped,
        seconds: (Date.now() - started) / 1000,
        endedAt: Date.now(),
      });
    });
  });
}

/** The last message of `type`, or undefined. */
export function lastOf(messages, type) {
  return messages.findLast((m) => m.type === type);
}
