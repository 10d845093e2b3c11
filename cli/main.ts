#!/usr/bin/env node
import { Command } from 'commander';
import { UserError } from '../solver/api/user-error.js';
import { register as registerBench } from './bench.js';
import { register as registerGenerate } from './generate.js';
import { register as registerHil } from './hil.js';
import { register as registerPropagate } from './propagate.js';
import { register as registerSolve } from './solve.js';
import { register as registerTrain } from './train.js';

/**
 * Entry point: builds the command tree and maps errors to exit codes. Each command lives in its
 * own file under cli/ and only turns flags into options for the programmatic API.
 * Exit codes: 0 decided / ok, 1 bad input or usage (UserError, one line, no stack), 2 a check
 * failed (solution check, HIL mismatch), 3 limits hit.
 */
const program = new Command('softprop')
  .description('Differentiable soft-constraint solver over bitmask domains, with FPGA offload')
  .version('0.1.0')
  .exitOverride();

// `softprop solve big.txt | head`: a reader that closes the pipe ends the output, not with a stack trace.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code !== 'EPIPE') throw e;
  process.exit(0);
});

registerSolve(program);
registerPropagate(program);
registerGenerate(program);
registerTrain(program);
registerHil(program);
registerBench(program);

async function main(): Promise<void> {
  try {
    await program.parseAsync(process.argv);
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (typeof code === 'string' && code.startsWith('commander.')) {
      // commander has already printed its message (help, version, usage error).
      process.exitCode = code === 'commander.helpDisplayed' || code === 'commander.version' ? 0 : 1;
      return;
    }
    if (e instanceof UserError) {
      process.stderr.write(`softprop: ${e.message}\n`);
      process.exitCode = 1;
      return;
    }
    throw e;
  }
}

await main();
