import { valuesPerVar } from '../solver/rounds/arc-lists.js';
import type { ArcProgram } from '../solver/rounds/arcs.js';
import { modelCyclesPerRound } from './cycle-model.js';
import { buildImage, type CoreParams, type MemoryImage, packDomains, packWeights, Region, unpackDomains, unpackWeights } from './layout.js';

/** The register window of hdl/SPEC.md section 6 as a host reaches it (the simulator's C ABI, or the UART link). */
export interface RegisterWindow {
  regWrite(addr: number, value: number): void;
  memWrite(region: number, offset: number, words: Uint32Array): void;
  memRead<T extends Uint32Array>(region: number, offset: number, out: T): T;
}

/**
 * What every device behind the register window shares (the Verilated core and a core behind the
 * UART link): load writes the memory image of fpga/layout.ts once, state moves as one WEIGHTS-region
 * transfer each way, packed into the device's own buffer (search offload does this at every node).
 * A device adds how a load starts (`beforeLoad`) and how a run goes.
 */
export abstract class WindowDevice {
  readonly lanes: number;
  protected prog: ArcProgram | null = null;
  protected img: MemoryImage | null = null;
  protected stride = 0;
  protected region = new Uint32Array(0);
  /** The cycle model's cycles per round of the loaded program (run budgets derive from it). */
  protected roundCycles = 0;

  protected constructor(
    private readonly window: RegisterWindow,
    readonly params: CoreParams,
  ) {
    this.lanes = params.lanes;
  }

  /** Stops whatever the core was doing before a new image is written. */
  protected abstract beforeLoad(): void;

  load(prog: ArcProgram): void {
    const img = buildImage(prog, this.params);
    this.beforeLoad();
    for (const [addr, value] of img.registers) this.window.regWrite(addr, value);
    for (const r of img.regions) this.window.memWrite(r.region, 0, r.words);
    this.prog = prog;
    this.img = img;
    this.stride = valuesPerVar(prog);
    this.region = new Uint32Array(img.weightWords);
    this.roundCycles = modelCyclesPerRound(prog, this.params.lanes);
  }

  protected loaded(): { prog: ArcProgram; img: MemoryImage } {
    if (!this.prog || !this.img) throw new Error(`${this.constructor.name}: no program loaded`);
    return { prog: this.prog, img: this.img };
  }

  setDomains(domains: Uint32Array): void {
    const { prog, img } = this.loaded();
    if (domains.length !== prog.nVars * prog.words)
      throw new Error(`setDomains: ${domains.length} words, expected ${prog.nVars * prog.words}`);
    this.window.memWrite(Region.weights, 0, packDomains(img, domains, prog.words, this.region));
  }

  setWeights(weights: Uint16Array): void {
    const { prog, img } = this.loaded();
    if (weights.length !== prog.nVars * this.stride)
      throw new Error(`setWeights: ${weights.length} weights, expected ${prog.nVars * this.stride}`);
    this.window.memWrite(Region.weights, 0, packWeights(img, weights, this.stride, this.region));
  }

  readDomains(out?: Uint32Array): Uint32Array {
    const { prog, img } = this.loaded();
    const n = prog.nVars * prog.words;
    if (out && out.length !== n) throw new Error(`readDomains: ${out.length} words, expected ${n}`);
    // layout.ts types its default out-array as ArrayBuffer-backed; any Uint32Array works.
    return unpackDomains(
      img,
      this.window.memRead(Region.weights, 0, this.region),
      prog.words,
      (out ?? new Uint32Array(n)) as Uint32Array<ArrayBuffer>,
    );
  }

  readWeights(out?: Uint16Array): Uint16Array {
    const { prog, img } = this.loaded();
    const n = prog.nVars * this.stride;
    if (out && out.length !== n) throw new Error(`readWeights: ${out.length} weights, expected ${n}`);
    return unpackWeights(
      img,
      this.window.memRead(Region.weights, 0, this.region),
      this.stride,
      (out ?? new Uint16Array(n)) as Uint16Array<ArrayBuffer>,
    );
  }
}
