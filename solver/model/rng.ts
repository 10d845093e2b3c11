import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus, xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import type { JumpableRandomGenerator } from 'pure-rand/types/JumpableRandomGenerator';

/**
 * The project's one seeded random source (xoroshiro128+ from pure-rand). Every run that uses
 * randomness takes `--seed` and draws from an `Rng` built from it, so results are bit-for-bit
 * reproducible; `state()`/`fromState()` let checkpoints resume the exact stream.
 */
export class Rng {
  private constructor(private g: JumpableRandomGenerator) {}

  static seeded(seed: number): Rng {
    return new Rng(xoroshiro128plus(seed | 0));
  }

  static fromState(state: readonly number[]): Rng {
    return new Rng(xoroshiro128plusFromState(state));
  }

  state(): number[] {
    return [...this.g.getState()];
  }

  /** Uniform in [0, 1). */
  float(): number {
    return uniformFloat64(this.g);
  }

  /** Uniform integer in [from, to] (both included). */
  int(from: number, to: number): number {
    return uniformInt(this.g, from, to);
  }

  /**
   * An independent stream: the child continues from the current position and this generator
   * jumps 2^64 draws ahead, so successive children (and the parent) never overlap.
   */
  split(): Rng {
    const child = this.g.clone();
    this.g.jump();
    return new Rng(child);
  }

  shuffle<T>(a: T[]): T[] {
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      const t = a[i] as T;
      a[i] = a[j] as T;
      a[j] = t;
    }
    return a;
  }
}
