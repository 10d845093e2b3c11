/**
 * A WebAssembly memory that holds the buffers of one inference run, and 128-bit SIMD kernels
 * over them (fast-gnn.ts). Scalar JavaScript reaches about 1 G multiply-adds/s on the encoder's
 * dense products; f32x4 lanes do four at a time. The kernels are written here as wasm bytecode,
 * one per output width n (a multiple of 4): a row's n/4 output vectors stay in v128 locals while
 * the row's inputs stream by, so each weight row is loaded once per input value and never stored.
 * Zero inputs are not skipped (the scalar product of fast-gnn.ts skips them): relu's zeros fall
 * at random, and the mispredicted branch cost more than the four lanes it saves. Measured on a
 * 27000×32 @ 32×32 product with 55 % zeros: 1.8 ms without the test against 5.8 ms with it.
 *
 * Sums are float32 in the order i = 0..k−1 (tfjs's wasm kernels also sum in float32), so results
 * agree with the scalar path to rounding (test/encoder/simd-arena.test.ts).
 */

const PAGE = 65536;
/** Output vectors per pass over a row's inputs: 8 v128 accumulators + the splat fit the 16 x86 vector registers. */
const BLOCK = 8;

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) return [...out, b];
    out.push(b | 0x80);
  }
}

const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
const name = (s: string): number[] => vec([...s].map((c) => [c.charCodeAt(0)]));

// Opcodes (WebAssembly core 2.0, with the fixed-width SIMD proposal's 0xfd prefix).
const I32 = 0x7f;
const V128 = 0x7b;
const get = (i: number) => [0x20, ...uleb(i)];
const set = (i: number) => [0x21, ...uleb(i)];
const tee = (i: number) => [0x22, ...uleb(i)];
const i32c = (v: number) => [0x41, ...sleb(v)];
const I32_ADD = 0x6a;
const I32_SUB = 0x6b;
const I32_MUL = 0x6c;
const I32_SHL = 0x74;
const I32_LT_U = 0x49;
const I32_EQZ = 0x45;
const f32Load = [0x2a, 2, 0];
const i32Load = (offset: number) => [0x28, 2, ...uleb(offset)];
const v128Load = (offset: number) => [0xfd, 0x00, 4, ...uleb(offset)];
const v128Store = (offset: number) => [0xfd, 0x0b, 4, ...uleb(offset)];
const V128_ZERO = [0xfd, 0x0c, ...new Array<number>(16).fill(0)];
const F32X4_SPLAT = [0xfd, 0x13];
const F32X4_ADD = [0xfd, ...uleb(0xe4)];
const F32X4_MUL = [0xfd, ...uleb(0xe6)];
const F32X4_MAX = [0xfd, ...uleb(0xe9)];
const F32X4_DIV = [0xfd, ...uleb(0xe7)];
const v128Load64Zero = (offset: number) => [0xfd, ...uleb(0x5d), 3, ...uleb(offset)];
const F64X2_PROMOTE_LOW = [0xfd, ...uleb(0x5f)];
const F32X4_DEMOTE_ZERO = [0xfd, ...uleb(0x5e)];
const F64X2_ADD = [0xfd, ...uleb(0xf0)];
const F64X2_MAX = [0xfd, ...uleb(0xf5)];
/** i8x16.shuffle of the low 8 bytes of each operand: two demoted f64x2 pairs into one f32x4. */
const LOW_HALVES = [0xfd, 0x0d, 0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23];
const f32x4Lane = (l: number) => [0xfd, 0x1f, l];
const F32 = 0x7d;
const f32c = (v: number) => [0x43, ...new Uint8Array(new Float32Array([v]).buffer)];
const F32_ADD = 0x92;
const F32_DIV = 0x95;
const F32_SQRT = 0x91;
const F32_CONVERT_I32_U = 0xb3;
const LOOP = [0x03, 0x40];
const IF = [0x04, 0x40];
const END = 0x0b;
const RETURN = 0x0f;
const BR_IF = 0x0d;

/** `p += by` for an i32 local. */
const bump = (p: number, by: number[]) => [...get(p), ...by, I32_ADD, ...set(p)];
/** `return` when local i is 0. */
const returnIfZero = (i: number) => [...get(i), I32_EQZ, ...IF, RETURN, END];
/** The end of a `loop` that runs again while local p < local end. */
const whileBelow = (p: number, end: number) => [...get(p), ...get(end), I32_LT_U, BR_IF, 0, END];
/** Local `bytes` = local n · 4 (a row of n floats). */
const rowBytes = (n: number, bytes: number) => [...get(n), ...i32c(2), I32_SHL, ...set(bytes)];
/** Local `end` = local p + local rows · local nb (just past `rows` rows of nb bytes from p). */
const rowsEnd = (p: number, rows: number, nb: number, end: number) => [...get(p), ...get(rows), ...get(nb), I32_MUL, I32_ADD, ...set(end)];

/** A function of `params` i32 parameters and no result, its extra locals and code. */
interface Kernel {
  name: string;
  params: number;
  locals: [number, number][];
  code: number[];
}

/** A module importing its memory as m.m and exporting `kernels`. */
function wasmModule(kernels: readonly Kernel[]): Uint8Array<ArrayBuffer> {
  const types = kernels.map((k) => [0x60, ...vec(new Array<number[]>(k.params).fill([I32])), 0]);
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vec(types)),
    ...section(2, vec([[...name('m'), ...name('m'), 0x02, 0x00, 0]])),
    ...section(3, vec(kernels.map((_, i) => uleb(i)))),
    ...section(7, vec(kernels.map((k, i) => [...name(k.name), 0x00, ...uleb(i)]))),
    ...section(
      10,
      vec(
        kernels.map((k) => {
          const body = [...vec(k.locals.map(([count, type]) => [...uleb(count), type])), ...k.code, END];
          return [...uleb(body.length), ...body];
        }),
      ),
    ),
  ]);
}

/**
 * The body of `mm(a, rows, k, w, out)`: out[r, 0..n) += Σ_i a[r, i] · w[i, 0..n) for r < rows, all
 * pointers byte offsets of row-major float32 matrices, 16-byte aligned.
 */
function matMulBody(n: number): number[] {
  const [A, ROWS, K, W, OUT, A_END, IP, I_END, WP, SPLAT, ACC] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const blocks: [number, number][] = [];
  for (let c = 0; c < n / 4; c += BLOCK) blocks.push([c, Math.min(BLOCK, n / 4 - c)]);
  const code: number[] = [
    ...[...get(ROWS), I32_EQZ, ...IF, RETURN, END],
    ...[...get(K), I32_EQZ, ...IF, RETURN, END],
    ...[...get(A), ...get(ROWS), ...get(K), I32_MUL, ...i32c(2), I32_SHL, I32_ADD, ...set(A_END)],
    ...LOOP,
    ...[...get(A), ...get(K), ...i32c(2), I32_SHL, I32_ADD, ...set(I_END)],
  ];
  for (const [c0, count] of blocks) {
    for (let b = 0; b < count; b++) code.push(...get(OUT), ...v128Load((c0 + b) * 16), ...set(ACC + b));
    code.push(...get(A), ...set(IP), ...get(W), ...i32c(c0 * 16), I32_ADD, ...set(WP), ...LOOP);
    code.push(...get(IP), ...f32Load, ...F32X4_SPLAT, ...set(SPLAT));
    for (let b = 0; b < count; b++)
      code.push(...get(ACC + b), ...get(SPLAT), ...get(WP), ...v128Load(b * 16), ...F32X4_MUL, ...F32X4_ADD, ...set(ACC + b));
    code.push(...get(WP), ...i32c(n * 4), I32_ADD, ...set(WP));
    code.push(...get(IP), ...i32c(4), I32_ADD, ...tee(IP), ...get(I_END), I32_LT_U, BR_IF, 0, END);
    for (let b = 0; b < count; b++) code.push(...get(OUT), ...get(ACC + b), ...v128Store((c0 + b) * 16));
  }
  code.push(...get(OUT), ...i32c(n * 4), I32_ADD, ...set(OUT));
  code.push(...get(I_END), ...tee(A), ...get(A_END), I32_LT_U, BR_IF, 0, END);
  return code;
}

/** The module of `mm` for width n. */
function matMulModule(n: number): Uint8Array<ArrayBuffer> {
  const locals: [number, number][] = [
    [4, I32],
    [1 + Math.min(BLOCK, n / 4), V128],
  ];
  return wasmModule([{ name: 'mm', params: 5, locals, code: matMulBody(n) }]);
}

const F32X4_LOAD_SPLAT = (p: number) => [...get(p), ...f32Load, ...F32X4_SPLAT];
/** `loop … local i -= 1 … while local i ≠ 0` around `body`. */
const countDown = (i: number, body: number[]) => [...LOOP, ...body, ...get(i), ...i32c(1), I32_SUB, ...tee(i), BR_IF, 0, END];

/** The row-wise kernels (every row n floats, n a multiple of 4; pointers byte offsets, 16-byte aligned). */
const ROW_KERNELS: readonly Kernel[] = [
  (() => {
    // biasRelu(x, rows, n, b): x[r, :] = max(x[r, :] + b, 0).
    const [X, ROWS, N, B, X_END, NB, BP, B_END] = [0, 1, 2, 3, 4, 5, 6, 7];
    return {
      name: 'biasRelu',
      params: 4,
      locals: [[4, I32]],
      code: [
        ...returnIfZero(ROWS),
        ...returnIfZero(N),
        ...rowBytes(N, NB),
        ...rowsEnd(X, ROWS, NB, X_END),
        ...LOOP,
        ...[...get(B), ...set(BP), ...get(B), ...get(NB), I32_ADD, ...set(B_END)],
        ...LOOP,
        ...[...get(X), ...get(X), ...v128Load(0), ...get(BP), ...v128Load(0), ...F32X4_ADD, ...V128_ZERO, ...F32X4_MAX, ...v128Store(0)],
        ...bump(X, i32c(16)),
        ...bump(BP, i32c(16)),
        ...whileBelow(BP, B_END),
        ...whileBelow(X, X_END),
      ],
    };
  })(),
  (() => {
    // sumGroups(h, groups, d, n, out, mask): out[g, :] = Σ_{a<d} mask[g·d + a] · h[g·d + a, :].
    const [H, GROUPS, D, N, OUT, MASK, NB, O_END, Q, Q_END, A, SV] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
    return {
      name: 'sumGroups',
      params: 6,
      locals: [
        [5, I32],
        [1, V128],
      ],
      code: [
        ...returnIfZero(GROUPS),
        ...returnIfZero(D),
        ...returnIfZero(N),
        ...rowBytes(N, NB),
        ...rowsEnd(OUT, GROUPS, NB, O_END),
        ...LOOP,
        ...[...get(OUT), ...get(NB), I32_ADD, ...set(Q_END), ...get(OUT), ...set(Q)],
        ...[...LOOP, ...get(Q), ...V128_ZERO, ...v128Store(0), ...bump(Q, i32c(16)), ...whileBelow(Q, Q_END)],
        ...[...get(D), ...set(A)],
        ...countDown(A, [
          ...[...F32X4_LOAD_SPLAT(MASK), ...set(SV), ...bump(MASK, i32c(4)), ...get(OUT), ...set(Q)],
          ...LOOP,
          ...[...get(Q), ...get(Q), ...v128Load(0), ...get(H), ...v128Load(0), ...get(SV), ...F32X4_MUL, ...F32X4_ADD, ...v128Store(0)],
          ...bump(Q, i32c(16)),
          ...bump(H, i32c(16)),
          ...whileBelow(Q, Q_END),
        ]),
        ...[...get(Q_END), ...set(OUT)],
        ...whileBelow(OUT, O_END),
      ],
    };
  })(),
  (() => {
    // broadcastGroups(v, groups, d, n, out): out[g·d + a, :] = v[g, :] for a < d.
    const [V, GROUPS, D, N, OUT, NB, O_END, Q, Q_END, A] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
    return {
      name: 'broadcastGroups',
      params: 5,
      locals: [[5, I32]],
      code: [
        ...returnIfZero(GROUPS),
        ...returnIfZero(D),
        ...returnIfZero(N),
        ...rowBytes(N, NB),
        ...[...get(OUT), ...get(GROUPS), ...get(D), I32_MUL, ...get(NB), I32_MUL, I32_ADD, ...set(O_END)],
        ...LOOP,
        ...[...get(V), ...get(NB), I32_ADD, ...set(Q_END), ...get(D), ...set(A)],
        ...countDown(A, [
          ...[...get(V), ...set(Q)],
          ...[...LOOP, ...get(OUT), ...get(Q), ...v128Load(0), ...v128Store(0), ...bump(OUT, i32c(16)), ...bump(Q, i32c(16))],
          ...whileBelow(Q, Q_END),
        ]),
        ...[...get(Q_END), ...set(V)],
        ...whileBelow(OUT, O_END),
      ],
    };
  })(),
  (() => {
    // addRows(src, dst, pairs, count, n): dst[row at pairs[2k+1]] += src[row at pairs[2k]], offsets in bytes.
    const [SRC, DST, PAIRS, COUNT, N, NB, K_END, SP, DP, S_END] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
    return {
      name: 'addRows',
      params: 5,
      locals: [[5, I32]],
      code: [
        ...returnIfZero(COUNT),
        ...returnIfZero(N),
        ...rowBytes(N, NB),
        ...[...get(PAIRS), ...get(COUNT), ...i32c(3), I32_SHL, I32_ADD, ...set(K_END)],
        ...LOOP,
        ...[...get(SRC), ...get(PAIRS), ...i32Load(0), I32_ADD, ...tee(SP), ...get(NB), I32_ADD, ...set(S_END)],
        ...[...get(DST), ...get(PAIRS), ...i32Load(4), I32_ADD, ...set(DP)],
        ...LOOP,
        ...[...get(DP), ...get(DP), ...v128Load(0), ...get(SP), ...v128Load(0), ...F32X4_ADD, ...v128Store(0)],
        ...bump(DP, i32c(16)),
        ...bump(SP, i32c(16)),
        ...whileBelow(SP, S_END),
        ...bump(PAIRS, i32c(8)),
        ...whileBelow(PAIRS, K_END),
      ],
    };
  })(),
  (() => {
    // scaleRows(src, dst, rows, n, s): dst[r, :] = s[r] · src[r, :] (dst may be src).
    const [SRC, DST, ROWS, N, S, NB, R_END, S_END, SV] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
    return {
      name: 'scaleRows',
      params: 5,
      locals: [
        [3, I32],
        [1, V128],
      ],
      code: [
        ...returnIfZero(ROWS),
        ...returnIfZero(N),
        ...rowBytes(N, NB),
        ...rowsEnd(SRC, ROWS, NB, R_END),
        ...LOOP,
        ...[...F32X4_LOAD_SPLAT(S), ...set(SV), ...bump(S, i32c(4)), ...get(SRC), ...get(NB), I32_ADD, ...set(S_END)],
        ...LOOP,
        ...[...get(DST), ...get(SRC), ...v128Load(0), ...get(SV), ...F32X4_MUL, ...v128Store(0)],
        ...bump(DST, i32c(16)),
        ...bump(SRC, i32c(16)),
        ...whileBelow(SRC, S_END),
        ...whileBelow(SRC, R_END),
      ],
    };
  })(),
  (() => {
    // normalizeRows(x, rows, n): x[r, :] /= √(mean(x[r, :]²) + 1).
    const [X, ROWS, N, NB, X_END, P, P_END, ACC, SV] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
    const S = 9;
    return {
      name: 'normalizeRows',
      params: 3,
      locals: [
        [4, I32],
        [2, V128],
        [1, F32],
      ],
      code: [
        ...returnIfZero(ROWS),
        ...returnIfZero(N),
        ...rowBytes(N, NB),
        ...rowsEnd(X, ROWS, NB, X_END),
        ...LOOP,
        ...[...get(X), ...get(NB), I32_ADD, ...set(P_END), ...get(X), ...set(P), ...V128_ZERO, ...set(ACC)],
        ...[...LOOP, ...get(P), ...v128Load(0), ...set(SV), ...get(ACC), ...get(SV), ...get(SV), ...F32X4_MUL, ...F32X4_ADD, ...set(ACC)],
        ...[...bump(P, i32c(16)), ...whileBelow(P, P_END)],
        // The four lanes' partial sums, then √(sum / n + 1), splatted.
        ...[...get(ACC), ...f32x4Lane(0), ...get(ACC), ...f32x4Lane(1), F32_ADD, ...get(ACC), ...f32x4Lane(2), F32_ADD],
        ...[...get(ACC), ...f32x4Lane(3), F32_ADD, ...get(N), F32_CONVERT_I32_U, F32_DIV, ...f32c(1), F32_ADD, F32_SQRT, ...set(S)],
        ...[...get(S), ...F32X4_SPLAT, ...set(SV), ...get(X), ...set(P)],
        ...[...LOOP, ...get(P), ...get(P), ...v128Load(0), ...get(SV), ...F32X4_DIV, ...v128Store(0)],
        ...[...bump(P, i32c(16)), ...whileBelow(P, P_END)],
        ...[...get(P_END), ...set(X)],
        ...whileBelow(X, X_END),
      ],
    };
  })(),
  (() => {
    // reluRows(base, rows, sel, d, n, out): out[a, :] = float32(max(base[a, :] + rows at byte sel[a], 0)) for a < d,
    // base and out float32, the rows float64: the sum and max in float64, rounded once, as JavaScript does it.
    const [BASE, ROWS, SEL, D, N, OUT, NB, O_END, R, Q_END, LO, HI] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
    const half = (lo: number, at: number) => [
      ...[...get(BASE), ...v128Load64Zero(at), ...F64X2_PROMOTE_LOW, ...get(R), ...v128Load(2 * at), ...F64X2_ADD],
      ...[...V128_ZERO, ...F64X2_MAX, ...F32X4_DEMOTE_ZERO, ...set(lo)],
    ];
    return {
      name: 'reluRows',
      params: 6,
      locals: [
        [4, I32],
        [2, V128],
      ],
      code: [
        ...returnIfZero(D),
        ...returnIfZero(N),
        ...rowBytes(N, NB),
        ...rowsEnd(OUT, D, NB, O_END),
        ...LOOP,
        ...[
          ...get(ROWS),
          ...get(SEL),
          ...i32Load(0),
          I32_ADD,
          ...set(R),
          ...bump(SEL, i32c(4)),
          ...get(OUT),
          ...get(NB),
          I32_ADD,
          ...set(Q_END),
        ],
        ...LOOP,
        ...[...half(LO, 0), ...half(HI, 8), ...get(OUT), ...get(LO), ...get(HI), ...LOW_HALVES, ...v128Store(0)],
        ...[...bump(OUT, i32c(16)), ...bump(BASE, i32c(16)), ...bump(R, i32c(32))],
        ...whileBelow(OUT, Q_END),
        ...whileBelow(OUT, O_END),
      ],
    };
  })(),
];

type MatMul = (a: number, rows: number, k: number, w: number, out: number) => void;
type Ptrs = (...ptrs: number[]) => void;

const modules = new Map<number, WebAssembly.Module>();
let rowModule: WebAssembly.Module | undefined;
let simd: boolean | undefined;

/** Whether this engine runs wasm SIMD (Node ≥ 16.4 does). */
function simdAvailable(): boolean {
  simd ??= WebAssembly.validate(matMulModule(4));
  return simd;
}

/**
 * Float32 (and int32 index) buffers in one wasm memory, sized once so that a call allocates
 * nothing, and SIMD kernels over them. Every row width n given to a kernel must be a multiple of
 * 4 (`SimdArena.fits`); every buffer given must come from this arena.
 *
 * An arena outlives its buffers: `rewind` zeroes and frees every buffer taken after a `mark`, so
 * the next graph reuses the memory and kernel instances of the last one (a fresh memory costs its
 * allocation, the kernels' instantiation and the page faults of first use, about as much as an
 * inference call over a 300-vertex colouring graph).
 */
export class SimdArena {
  private readonly memory: WebAssembly.Memory;
  private used = 0;
  private readonly kernels = new Map<number, MatMul>();
  private readonly rows: Record<string, Ptrs>;

  private constructor(floats: number) {
    this.memory = new WebAssembly.Memory({ initial: Math.max(1, Math.ceil((floats * 4) / PAGE)) });
    rowModule ??= new WebAssembly.Module(wasmModule(ROW_KERNELS));
    this.rows = new WebAssembly.Instance(rowModule, { m: { m: this.memory } }).exports as unknown as Record<string, Ptrs>;
  }

  /** An arena for buffers of `floats` 4-byte words in all (`padded` each), or null without wasm SIMD. */
  static create(floats: number): SimdArena | null {
    if (!simdAvailable()) return null;
    try {
      return new SimdArena(floats);
    } catch (e) {
      // A memory past what the engine grants (a graph of millions of nodes): the scalar path has no such limit.
      if (e instanceof RangeError) return null;
      throw e;
    }
  }

  /** Whether row widths `widths` suit the kernels (multiples of 4). */
  static fits(...widths: number[]): boolean {
    return widths.every((n) => n > 0 && n % 4 === 0);
  }

  /** Words `alloc` reserves for a buffer of n (rounded to 16 bytes). */
  static padded(n: number): number {
    return Math.ceil(n / 4) * 4;
  }

  /**
   * Room for `floats` more words: the memory grows when short, which detaches every buffer taken
   * so far (`at` views them again). False when the engine grants no more memory.
   */
  reserve(floats: number): boolean {
    const short = floats * 4 - (this.memory.buffer.byteLength - this.used);
    if (short <= 0) return true;
    try {
      this.memory.grow(Math.ceil(short / PAGE));
      return true;
    } catch (e) {
      if (e instanceof RangeError) return false;
      throw e;
    }
  }

  /** The current end of the taken buffers, for `rewind`. */
  mark(): number {
    return this.used;
  }

  /** Frees every buffer taken since `mark`, zeroing their words (so `alloc` still hands out zeros). */
  rewind(mark: number): void {
    new Uint8Array(this.memory.buffer, mark, this.used - mark).fill(0);
    this.used = mark;
  }

  /** The buffer of n floats at byte offset `at` (one taken before, viewed again after `reserve` grew the memory). */
  at(at: number, n: number): Float32Array {
    return new Float32Array(this.memory.buffer, at, n);
  }

  private take(n: number): number {
    const bytes = SimdArena.padded(n) * 4;
    if (this.used + bytes > this.memory.buffer.byteLength) throw new Error(`SimdArena: ${n} words do not fit`);
    this.used += bytes;
    return this.used - bytes;
  }

  /** A zeroed buffer of n floats in the arena. */
  alloc(n: number): Float32Array {
    return new Float32Array(this.memory.buffer, this.take(n), n);
  }

  /** A zeroed buffer of n int32 in the arena. */
  allocInt(n: number): Int32Array {
    return new Int32Array(this.memory.buffer, this.take(n), n);
  }

  /** A zeroed buffer of n float64 in the arena. */
  allocDouble(n: number): Float64Array {
    return new Float64Array(this.memory.buffer, this.take(2 * n), n);
  }

  /** A buffer of the arena holding a copy of `values`. */
  copy(values: Float32Array): Float32Array {
    const out = this.alloc(values.length);
    out.set(values);
    return out;
  }

  /** out[rows, n] += a[rows, k] @ w[k, n]; false (nothing done) when n is not a multiple of 4. */
  matMulAdd(a: Float32Array, rows: number, k: number, w: Float32Array, n: number, out: Float32Array): boolean {
    if (!SimdArena.fits(n)) return false;
    let mm = this.kernels.get(n);
    if (mm === undefined) {
      let mod = modules.get(n);
      if (mod === undefined) {
        mod = new WebAssembly.Module(matMulModule(n));
        modules.set(n, mod);
      }
      mm = new WebAssembly.Instance(mod, { m: { m: this.memory } }).exports.mm as MatMul;
      this.kernels.set(n, mm);
    }
    mm(a.byteOffset, rows, k, w.byteOffset, out.byteOffset);
    return true;
  }

  /** x[r, :] = max(x[r, :] + b, 0) for r < rows (b of n). */
  biasRelu(x: Float32Array, rows: number, n: number, b: Float32Array): void {
    (this.rows.biasRelu as Ptrs)(x.byteOffset, rows, n, b.byteOffset);
  }

  /** out[g, :] = Σ_{a<d} mask[g·d + a] · h[g·d + a, :] for g < groups. */
  sumGroups(h: Float32Array, groups: number, d: number, n: number, out: Float32Array, mask: Float32Array): void {
    (this.rows.sumGroups as Ptrs)(h.byteOffset, groups, d, n, out.byteOffset, mask.byteOffset);
  }

  /** out[g·d + a, :] = v[g, :] for g < groups, a < d. */
  broadcastGroups(v: Float32Array, groups: number, d: number, n: number, out: Float32Array): void {
    (this.rows.broadcastGroups as Ptrs)(v.byteOffset, groups, d, n, out.byteOffset);
  }

  /** For k < count: dst row pairs[2k+1] += src row pairs[2k] (rows of n; `rowPairs` makes the pairs). */
  addRows(src: Float32Array, dst: Float32Array, pairs: Int32Array, count: number, n: number): void {
    (this.rows.addRows as Ptrs)(src.byteOffset, dst.byteOffset, pairs.byteOffset, count, n);
  }

  /** dst[r, :] = s[r] · src[r, :] for r < rows (dst may be src). */
  scaleRows(src: Float32Array, dst: Float32Array, rows: number, n: number, s: Float32Array): void {
    (this.rows.scaleRows as Ptrs)(src.byteOffset, dst.byteOffset, rows, n, s.byteOffset);
  }

  /**
   * out[r + a, :] = max(base[r + a, :] + rows[sel[a] / 8 ..][:n], 0) for a < d (rows of n floats from
   * row r; `sel` holds byte offsets into the float64 `rows`): summed in float64, rounded to float32
   * once, so bit for bit the JavaScript `out[i] = Math.max(base[i] + row[j], 0)` (but for NaN).
   */
  reluRows(base: Float32Array, r: number, rows: Float64Array, sel: Int32Array, d: number, n: number, out: Float32Array): void {
    (this.rows.reluRows as Ptrs)(base.byteOffset + r * n * 4, rows.byteOffset, sel.byteOffset, d, n, out.byteOffset + r * n * 4);
  }

  /** x[r, :] /= √(mean(x[r, :]²) + 1) for r < rows (rows of n; the mean summed in float32, four lanes). */
  normalizeRows(x: Float32Array, rows: number, n: number): void {
    (this.rows.normalizeRows as Ptrs)(x.byteOffset, rows, n);
  }

  /** `addRows`'s pairs of row indices (from[k] → to[k], rows of n floats) as byte offsets, in the arena. */
  rowPairs(from: Int32Array, to: Int32Array, n: number): Int32Array {
    const pairs = this.allocInt(2 * from.length);
    for (let k = 0; k < from.length; k++) {
      pairs[2 * k] = (from[k] as number) * n * 4;
      pairs[2 * k + 1] = (to[k] as number) * n * 4;
    }
    return pairs;
  }
}
