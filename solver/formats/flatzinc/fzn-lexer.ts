import { located, type UserError } from '../../api/user-error.js';

/** Token kinds: identifiers (keywords included), numbers, strings, punctuation (its own text), end of input. */
export type FznTokenKind = 'ident' | 'int' | 'float' | 'string' | 'punct' | 'eof';

/**
 * A FlatZinc scanner holding one token at a time (no token array, so a large file costs one pass
 * and no extra memory): `kind`, `text`, `value` (numbers) and `line` describe the current token,
 * `next()` moves on. `%` starts a comment to the end of the line.
 */
export class FznLexer {
  kind: FznTokenKind = 'eof';
  /** The token as written (a string literal without its quotes, escapes decoded). */
  text = '';
  /** The value of an int or float token. */
  value = 0;
  line = 1;
  private pos = 0;

  constructor(
    private readonly src: string,
    readonly file: string,
  ) {
    this.next();
  }

  /** A `file:line: problem` error at the current token. */
  error(problem: string): UserError {
    return located(this.file, this.line, problem);
  }

  /** The current token for messages: `'foo'` or `end of file`. */
  describe(): string {
    if (this.kind === 'eof') return 'end of file';
    if (this.kind === 'string') return `"${this.text}"`;
    return `'${this.text}'`;
  }

  next(): void {
    const s = this.src;
    let p = this.pos;
    for (;;) {
      const c = s.charCodeAt(p);
      if (c === 10) {
        this.line++;
        p++;
      } else if (c === 32 || c === 9 || c === 13) p++;
      else if (c === 37) {
        // '%' comment
        while (p < s.length && s.charCodeAt(p) !== 10) p++;
      } else break;
    }
    const start = p;
    if (p >= s.length) {
      this.pos = p;
      this.kind = 'eof';
      this.text = '';
      return;
    }
    const c = s.charCodeAt(p);
    if (isIdentStart(c)) {
      p++;
      while (p < s.length && isIdentPart(s.charCodeAt(p))) p++;
      this.setToken('ident', start, p);
      if (/^_*$/.test(this.text)) {
        this.pos = p;
        throw this.error(`identifier '${this.text}' has no letter`);
      }
    } else if (isDigit(c) || (c === 45 && isDigit(s.charCodeAt(p + 1)))) {
      p = this.number(start);
    } else if (c === 34) {
      p = this.string(start);
    } else if ((c === 58 && s.charCodeAt(p + 1) === 58) || (c === 46 && s.charCodeAt(p + 1) === 46)) {
      // '::' and '..'
      p += 2;
      this.setToken('punct', start, p);
    } else if (PUNCT.includes(s[p] as string)) {
      p++;
      this.setToken('punct', start, p);
    } else {
      this.pos = p;
      throw this.error(`unexpected character '${s[p]}'`);
    }
    this.pos = p;
  }

  private setToken(kind: FznTokenKind, start: number, end: number): void {
    this.kind = kind;
    this.text = this.src.slice(start, end);
  }

  /** Scans `-?` then decimal, `0x` hex or `0o` octal integers, or a decimal float; returns the end. */
  private number(start: number): number {
    const s = this.src;
    let p = start + (s.charCodeAt(start) === 45 ? 1 : 0);
    const radix = s[p] === '0' && (s[p + 1] === 'x' || s[p + 1] === 'o') ? (s[p + 1] === 'x' ? 16 : 8) : 10;
    if (radix !== 10) {
      p += 2;
      const digits = p;
      while (p < s.length && /[0-9a-fA-F]/.test(s[p] as string)) p++;
      const body = s.slice(digits, p);
      if (body === '' || (radix === 8 && /[89a-fA-F]/.test(body))) throw this.error(`malformed integer '${s.slice(start, p)}'`);
      this.setToken('int', start, p);
      this.value = (s.charCodeAt(start) === 45 ? -1 : 1) * Number.parseInt(body, radix);
      return this.checkSafe(p);
    }
    while (isDigit(s.charCodeAt(p))) p++;
    let float = false;
    // `1..5` is a range, so a '.' makes a float only when a digit follows.
    if (s.charCodeAt(p) === 46 && isDigit(s.charCodeAt(p + 1))) {
      float = true;
      p++;
      while (isDigit(s.charCodeAt(p))) p++;
    }
    if (s[p] === 'e' || s[p] === 'E') {
      let q = p + 1;
      if (s[q] === '+' || s[q] === '-') q++;
      if (isDigit(s.charCodeAt(q))) {
        float = true;
        p = q;
        while (isDigit(s.charCodeAt(p))) p++;
      }
    }
    this.setToken(float ? 'float' : 'int', start, p);
    this.value = Number(this.text);
    return float ? p : this.checkSafe(p);
  }

  private checkSafe(p: number): number {
    if (!Number.isSafeInteger(this.value)) {
      this.pos = p;
      throw this.error(`integer ${this.text} is out of range (beyond ±${Number.MAX_SAFE_INTEGER})`);
    }
    return p;
  }

  /** Scans a string literal with `\"`, `\\`, `\n`, `\t` escapes; returns the end. */
  private string(start: number): number {
    const s = this.src;
    let p = start + 1;
    let out = '';
    for (;;) {
      const c = s[p];
      if (c === undefined || c === '\n') throw this.error('unterminated string literal');
      if (c === '"') break;
      if (c === '\\') {
        const e = s[p + 1];
        if (e === 'n') out += '\n';
        else if (e === 't') out += '\t';
        else if (e === '"' || e === '\\') out += e;
        else throw this.error(`unknown escape '\\${e ?? ''}' in a string literal`);
        p += 2;
      } else {
        out += c;
        p++;
      }
    }
    this.kind = 'string';
    this.text = out;
    return p + 1;
  }
}

const PUNCT = '()[]{},:;=';

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isLetter = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
/** FlatZinc identifiers may start with underscores (`_*[A-Za-z][A-Za-z0-9_]*`). */
const isIdentStart = (c: number): boolean => isLetter(c) || c === 95;
const isIdentPart = (c: number): boolean => isLetter(c) || isDigit(c) || c === 95;
