import { located } from '../api/user-error.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A parsed JSON document and the line where each of its objects and arrays starts. */
export interface LocatedJson {
  value: Json;
  lineOf(node: object): number | undefined;
}

const ATOM = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;
const MAX_DEPTH = 100;
const STRING = /"(?:[^"\\\n]|\\.)*"/y;

/**
 * A small JSON reader that remembers line numbers (JSON.parse does not), so a model's semantic
 * errors can say `file:line`. Syntax errors are `file:line: JSON syntax: ...`.
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
  const str = (): string => {
    STRING.lastIndex = at;
    const m = STRING.exec(text);
    if (!m) return fail('unterminated string');
    at += m[0].length;
    try {
      return JSON.parse(m[0]) as string;
    } catch {
      return fail(`bad escape in string ${m[0]}`);
    }
  };
  const root = value();
  skip();
  if (at < text.length) fail(`${describe()} after the document`);
  return { value: root, lineOf: (node) => lines.get(node) };
}
