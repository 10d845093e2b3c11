import { SaxesParser } from 'saxes';
import { located } from '../api/user-error.js';

/** An XML element with the line its start tag begins on. */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** The element's own text (not its children's), concatenated. */
  text: string;
  line: number;
}

/** Deepest element nesting read (readers walk the tree recursively; XCSP3 nests a few levels). */
export const MAX_XML_DEPTH = 100;

/** Reads an XML document into elements with line numbers; malformed XML is `file:line: malformed XML: ...`. */
export function parseXmlTree(text: string, file: string): XmlElement {
  const parser = new SaxesParser({ xmlns: false, position: true });
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let startLine = 1;
  parser.on('error', (e) => {
    throw located(file, parser.line, `malformed XML: ${e.message.replace(/^\d+:\d+: /, '')}`);
  });
  parser.on('opentagstart', () => {
    startLine = parser.line;
  });
  parser.on('opentag', (tag) => {
    const el: XmlElement = {
      name: tag.name,
      attrs: { ...(tag.attributes as Record<string, string>) },
      children: [],
      text: '',
      line: startLine,
    };
    if (stack.length >= MAX_XML_DEPTH) throw located(file, startLine, `XML elements nested deeper than ${MAX_XML_DEPTH}`);
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(el);
    else root = el;
    if (!tag.isSelfClosing) stack.push(el);
  });
  parser.on('closetag', (tag) => {
    if (!tag.isSelfClosing) stack.pop();
  });
  const addText = (t: string) => {
    const top = stack[stack.length - 1];
    if (top) top.text += t;
  };
  parser.on('text', addText);
  parser.on('cdata', addText);
  parser.write(text).close();
  if (!root) throw located(file, undefined, 'no XML element in file');
  return root;
}
