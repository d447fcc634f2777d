import type { Command } from 'commander';
import { vi } from 'vitest';
import { createProgram } from './program';

// Test-only: the CLI run in this process, as a person would type it.

/** Runs the real CLI in-process against a fresh data directory and captures what it prints. */
export async function runCli(
  ...args: string[]
): Promise<{ stdout: string; stderr: string; exitCode: number }> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  process.exitCode = 0;
  try {
    const program = createProgram();
    // Subcommands copy these settings only when created, so apply them to the whole tree.
    const configure = (command: Command): void => {
      command
        .exitOverride()
        .configureOutput({ writeOut: (s) => (stdout += s), writeErr: (s) => (stderr += s) });
      command.commands.forEach(configure);
    };
    configure(program);
    await program.parseAsync(['node', 'gan-studio', ...args]);
  } catch (error) {
    // exitOverride turns --help and usage errors into exceptions carrying the exit code.
    process.exitCode = (error as { exitCode?: number }).exitCode ?? 1;
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
  const exitCode = Number(process.exitCode ?? 0);
  process.exitCode = 0;
  return { stdout, stderr, exitCode };
}
