#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { UserError } from '../solver/api/user-error.js';
import { register as registerBench } from './bench.js';
import { register as registerEvaluate } from './evaluate.js';
import { register as registerFzn } from './fzn.js';
import { register as registerGenerate } from './generate.js';
import { register as registerHil } from './hil.js';
import { EXIT_WRITE, OutputError, stdout } from './output.js';
import { register as registerPropagate } from './propagate.js';
import { register as registerSolve } from './solve.js';
import { register as registerTrain } from './train.js';

/**
 * Entry point: builds the command tree and maps errors to exit codes. Each command lives in its
 * own file under cli/ and only turns flags into options for the programmatic API.
 * Exit codes: 0 decided / ok, 1 bad input or usage (UserError or commander's usage error, one
 * line, no stack), 2 a check failed (solution check, HIL mismatch), 3 limits hit, 4 the output
 * could not be written (cli/output.ts), 130 / 143 interrupted by SIGINT / SIGTERM.
 */
const oneLine = (s: string): string => s.trim().replace(/\s*\n\s*/g, ' ');

const program = new Command('softprop')
  .description('Differentiable soft-constraint solver over bitmask domains, with FPGA offload')
  .version('0.1.0')
  .exitOverride()
  .configureOutput({
    // Help and version go through the checked stdout; usage errors get the one-line form of every
    // other error (commander puts its "Did you mean" suggestion on a second line).
    writeOut: (s) => stdout.write(s),
    outputError: (s, write) => write(`softprop: ${oneLine(s.replace(/^error: /, ''))}\n`),
  });

registerSolve(program);
registerPropagate(program);
registerGenerate(program);
registerTrain(program);
registerEvaluate(program);
registerHil(program);
registerBench(program);
registerFzn(program);

async function main(): Promise<void> {
  if (process.argv.length <= 2) {
    process.stderr.write(`softprop: missing command (${program.commands.map((c) => c.name()).join(', ')}); see softprop --help\n`);
    process.exitCode = 1;
    return;
  }
  try {
    await program.parseAsync(process.argv);
  } catch (e) {
    // commander has already printed its message (help, version, usage error).
    if (e instanceof CommanderError) process.exitCode = e.exitCode;
    else if (e instanceof OutputError) process.exitCode = EXIT_WRITE;
    else if (e instanceof UserError) {
      process.stderr.write(`softprop: ${e.message}\n`);
      process.exitCode = 1;
    } else throw e;
  }
}

await main();
