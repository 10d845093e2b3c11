import { located } from '../api/user-error.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A parsed JSON document and the line where each of its objects and arrays starts. */
export interface LocatedJson {
  value: Json;
  lineOf(node: object): number | undefined;
}

const ATOM = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;
const MAX_DEPTH = 100;

/**
 * A small JSON reader that remembers line numbers (JSON.parse does not), so a model's semantic
 * errors can say `file:line`. Syntax errors are `file:line: JSON syntax: ...`. A key given twice
 * (JSON.parse keeps the last silently) and `__proto__` (which would set the object's prototype) are
 * errors too.
 */
export function parseLocatedJson(text: string, file: string): LocatedJson {
  const lines = new WeakMap<object, number>();
  let at = 0;
  let line = 1;
  const fail = (msg: string): never => {
    throw located(file, line, `JSON syntax: ${msg}`);
  };
  const skip = () => {
    for (; at < text.length; at++) {
      const c = text[at];
      if (c === '\n') line++;
      else if (c !== ' ' && c !== '\t' && c !== '\r') break;
    }
  };
  const describe = () => (at < text.length ? `unexpected '${text[at]}'` : 'unexpected end of input');
  let depth = 0;
  const value = (): Json => {
    if (++depth > MAX_DEPTH) fail(`nested deeper than ${MAX_DEPTH}`);
    const v = node();
    depth--;
    return v;
  };
  const node = (): Json => {
    skip();
    const c = text[at];
    if (c === '{') {
      const obj: { [key: string]: Json } = {};
      lines.set(obj, line);
      at++;
      skip();
      if (text[at] === '}') {
        at++;
        return obj;
      }
      for (;;) {
        skip();
        if (text[at] !== '"') fail(`${describe()}; expected a key string`);
        const key = str();
        if (key === '__proto__') throw located(file, line, 'the key "__proto__" is not allowed in a JSON model');
        if (Object.hasOwn(obj, key)) throw located(file, line, `duplicate key ${JSON.stringify(key)}`);
        skip();
        if (text[at] !== ':') fail(`${describe()}; expected ':'`);
        at++;
        obj[key] = value();
        skip();
        if (text[at] === ',') at++;
        else if (text[at] === '}') {
          at++;
          return obj;
        } else fail(`${describe()}; expected ',' or '}'`);
      }
    }
    if (c === '[') {
      const arr: Json[] = [];
      lines.set(arr, line);
      at++;
      skip();
      if (text[at] === ']') {
        at++;
        return arr;
      }
      for (;;) {
        arr.push(value());
        skip();
        if (text[at] === ',') at++;
        else if (text[at] === ']') {
          at++;
          return arr;
        } else fail(`${describe()}; expected ',' or ']'`);
      }
    }
    if (c === '"') return str();
    ATOM.lastIndex = at;
    const m = ATOM.exec(text);
    if (!m) return fail(describe());
    at += m[0].length;
    return m[0] === 'true' ? true : m[0] === 'false' ? false : m[0] === 'null' ? null : Number(m[0]);
  };
  // Scanned by hand: a regular expression over a long string recurses once per character.
  const str = (): string => {
    const start = at;
    let escaped = false;
    let end = at + 1;
    for (; end < text.length; end++) {
      const c = text.charCodeAt(end);
      if (c === 34) break; // '"'
      if (c === 92) {
        escaped = true;
        end++;
      } else if (c < 32) return fail(c === 10 ? 'unterminated string' : 'control character in a string');
    }
    if (end >= text.length) return fail('unterminated string');
    at = end + 1;
    if (!escaped) return text.slice(start + 1, end);
    try {
      return JSON.parse(text.slice(start, at)) as string;
    } catch {
      return fail(`bad escape in string ${text.slice(start, Math.min(at, start + 40))}`);
    }
  };
  const root = value();
  skip();
  if (at < text.length) fail(`${describe()} after the document`);
  return { value: root, lineOf: (node) => lines.get(node) };
}
