import type { Device } from '../fpga/device.js';
import type { ArcProgram } from '../solver/rounds/arcs.js';
import type { HardMasses } from './losses.js';

/**
 * The unsupervised loss's forward pass on a propagation device (the TS reference or the
 * Verilated core): each instance's assignment becomes singleton domains, the device runs `rounds`
 * hard rounds one at a time (the soft surrogate does not stop at a wipe-out, so neither may the
 * device), and a variable's mass is 1 when its value survived, else 0.
 */
export function deviceMasses(device: Device, program: ArcProgram, rounds: number): HardMasses {
  const n = program.nVars;
  const w = program.words;
  const dom = new Uint32Array(n * w);
  return (assignment, batch) => {
    // Several programs may share the device (one per structure group): load on every call.
    device.load(program);
    const out = new Float32Array(batch * n);
    for (let i = 0; i < batch; i++) {
      dom.fill(0);
      for (let x = 0; x < n; x++) {
        const a = assignment[i * n + x] as number;
        dom[x * w + (a >>> 5)] = (1 << (a & 31)) >>> 0;
      }
      device.setDomains(dom);
      for (let r = 0; r < rounds; r++) device.run('hard', 1);
      device.readDomains(dom);
      for (let x = 0; x < n; x++) {
        let any = 0;
        for (let k = 0; k < w; k++) any |= dom[x * w + k] as number;
        out[i * n + x] = any === 0 ? 0 : 1;
      }
    }
    return out;
  };
}
