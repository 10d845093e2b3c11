import { coreClock, cyclesMs } from '../fpga/core-clock.js';
import { propagateOnDevice } from '../fpga/device-propagate.js';
import { openDevice } from '../fpga/open-device.js';
import { sourceValue, variableName } from '../solver/api/assignment.js';
import { type PropagateOptions, type PropagateResult, propagateProblem } from '../solver/api/propagate.js';
import { UserError } from '../solver/api/user-error.js';
import { parseWeightsJson } from '../solver/api/weights-json.js';
import type { Instance } from '../solver/formats/instance.js';
import { readInput, readInstances } from '../solver/formats/read.js';
import { stdout } from './output.js';
import type { PropagateFlags } from './propagate.js';

export function runPropagate(file: string, flags: PropagateFlags): void {
  const results: { inst: Instance; result: PropagateResult & { cycles?: number } }[] = [];
  if (flags.trace !== undefined && flags.device !== 'verilator')
    throw new UserError(`--trace ${flags.trace}: a waveform needs --device verilator`);
  const device = flags.device && openDevice(flags.device, { trace: flags.trace });
  const { text, name } = readInput(file);
  for (const inst of readInstances(text, name, flags)) {
    const opts: PropagateOptions = { mode: flags.mode, rounds: flags.rounds };
    if (flags.weights !== undefined) opts.weights = parseWeightsJson(readInput(flags.weights).text, flags.weights, inst.problem);
    const result = device ? propagateOnDevice(inst.problem, opts, device) : propagateProblem(inst.problem, opts);
    results.push({ inst, result });
  }
  device?.close();
  if (flags.json) {
    stdout.write(`${JSON.stringify(results.map(({ inst, result }) => ({ name: inst.name, ...labelsOf(inst, result), ...result })))}\n`);
    return;
  }
  // A clocked device's cycles are also given as time at the core's clock (fpga/core-clock.ts).
  const clock = results.some(({ result }) => result.cycles !== undefined) ? coreClock() : undefined;
  for (const { inst, result: r } of results) {
    const end = r.wipeout ? 'wipe-out' : r.fixpoint ? 'fixpoint' : 'round limit';
    const cycles =
      r.cycles === undefined || !clock
        ? ''
        : `, ${r.cycles} cycles (${cyclesMs(r.cycles, clock).toFixed(3)} ms at ${clock.mhz.toFixed(2)} MHz, ${clock.source})`;
    stdout.write(`${inst.name}: mode ${r.mode}, ${r.rounds} round${r.rounds === 1 ? '' : 's'}, ${end}${cycles}\n`);
    const { names, values } = labelsOf(inst, r);
    r.weights.forEach((w, x) => {
      const shown = w.flatMap((v, a) => {
        const label = values[x]?.[a];
        // Weights past a variable's own values (the shared stride) are always 0: left out.
        return label === null || label === undefined ? [] : [`${label}=${r.mode === 'hard' || r.mode === 'solver' ? v : v.toPrecision(6)}`];
      });
      stdout.write(`${names[x]}: ${shown.join(' ')}\n`);
    });
  }
}

/** Each variable's name and the source value of each of its weights (null past its own values). */
function labelsOf(inst: Instance, r: PropagateResult): { names: string[]; values: (number | null)[][] } {
  return {
    names: r.weights.map((_, x) => variableName(inst, x)),
    values: r.weights.map((w, x) => w.map((_, a) => sourceValue(inst, x, a) ?? null)),
  };
}
