// Generates every copy of the hardware's shared constants from hdl/spec-constants.json (the one
// source): the Verilog header, the build parameters for make, the C header, the TypeScript module,
// the tables of hdl/SPEC.md 6.1-6.3 between their `<!-- generated:NAME -->` markers, and the
// register map in sp_top.v's banner.
// The outputs are committed, so a fresh clone type-checks and reads without a build step; make runs
// this whenever the JSON changes (hdl/hdl.mk), and test/hdl/spec-constants.test.ts fails when a
// committed output differs from a fresh generation.
// Usage: node hdl/gen-spec-constants.mjs           write the outputs that changed
//        node hdl/gen-spec-constants.mjs --touch   the same, and mark the unchanged ones as new (for make)
//        node hdl/gen-spec-constants.mjs --print   print {path: text} of every output as JSON
import { existsSync, readFileSync, renameSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const spec = JSON.parse(readFileSync(join(root, 'hdl/spec-constants.json'), 'utf8'));
const GENERATED = 'Generated from hdl/spec-constants.json by hdl/gen-spec-constants.mjs: do not edit.';

function fail(message) {
  throw new Error(`hdl/spec-constants.json: ${message}`);
}

/** A hex string ("0x1F") or an integer, checked to fit `bits` unsigned bits. */
function uint(value, bits, what) {
  const n = typeof value === 'string' && /^0x[0-9A-Fa-f]+$/.test(value) ? Number.parseInt(value, 16) : value;
  if (!Number.isInteger(n) || n < 0 || n >= 2 ** bits) fail(`${what}: ${JSON.stringify(value)} is not a ${bits}-bit unsigned integer`);
  return n;
}

function unique(list, field, what) {
  const seen = new Set();
  for (const e of list) {
    if (seen.has(e[field])) fail(`${what}: ${field} ${JSON.stringify(e[field])} appears twice`);
    seen.add(e[field]);
  }
}

const hex = (n, digits) => `0x${n.toString(16).toUpperCase().padStart(digits, '0')}`;
/** Lower-case hex, as biome formats TypeScript literals. */
const tsHex = (n, digits) => `0x${n.toString(16).padStart(digits, '0')}`;

// ------------------------------------------------------------------ checked model of the JSON
const fixedPoint = spec.fixedPoint;
for (const [k, v] of Object.entries(fixedPoint)) if (!Number.isInteger(v)) fail(`fixedPoint.${k} is not an integer`);
const coreId = uint(spec.coreId.value, 32, 'coreId');
const regAddrBits = spec.regAddrBits;
const registers = spec.registers.map((r) => ({ ...r, addr: uint(r.addr, regAddrBits, `register ${r.name}`) }));
unique(registers, 'name', 'registers');
unique(registers, 'addr', 'registers');
const params = spec.params.map((p, i) => ({ ...p, index: i }));
unique(params, 'name', 'params');
const paramsAddr = registers.find((r) => r.name === 'PARAMS')?.addr ?? fail('no PARAMS register');
const lastAddr = 2 ** regAddrBits - 1;
if (paramsAddr + params.length - 1 > lastAddr) fail(`${params.length} parameters do not fit from PARAMS to ${hex(lastAddr, 2)}`);
for (const r of registers) if (r.name !== 'PARAMS' && r.addr > paramsAddr) fail(`register ${r.name} lies in the PARAMS window`);
const regions = spec.regions.map((r, id) => ({ ...r, id }));
unique(regions, 'name', 'regions');
if (regions.length > 2 ** spec.regionBits) fail(`${regions.length} regions do not fit ${spec.regionBits} bits`);
// The C ABI refuses writes to the read-only regions as one range: they must be the last ones.
const firstReadOnly = regions.findIndex((r) => r.readOnly);
if (firstReadOnly >= 0 && regions.slice(firstReadOnly).some((r) => !r.readOnly)) fail('read-only regions must come last');
const bits = (list, what) => {
  unique(list, 'name', what);
  unique(list, 'bit', what);
  return list.map((b) => ({ ...b, mask: 2 ** uint(b.bit, 5, `${what} ${b.name}`) }));
};
const ctrlBits = bits(spec.ctrlBits, 'ctrlBits');
const statusBits = bits(spec.statusBits, 'statusBits');
unique(spec.abiStatus, 'name', 'abiStatus');

// ------------------------------------------------------------------ outputs
function verilog() {
  const d = (name, value) => `\`define SPEC_${name} ${value}\n`;
  let t = `// ${GENERATED}\n`;
  for (const [k, v] of Object.entries(fixedPoint)) t += d(k, v);
  t += d('ID', `32'h${coreId.toString(16).toUpperCase()}`);
  t += '// Register window addresses.\n';
  t += d('REG_ADDR_BITS', regAddrBits);
  for (const r of registers) t += d(`REG_${r.name}`, `${regAddrBits}'h${r.addr.toString(16).toUpperCase().padStart(2, '0')}`);
  t += '// CTRL and STATUS bit positions.\n';
  for (const b of ctrlBits) t += d(`CTRL_${b.name}`, b.bit);
  for (const b of statusBits) t += d(`STATUS_${b.name}`, b.bit);
  t += '// Memory regions (REGION values) and the index of each build parameter after PARAMS.\n';
  t += d('REGION_BITS', spec.regionBits);
  for (const r of regions) t += d(`REGION_${r.name}`, `${spec.regionBits}'d${r.id}`);
  for (const p of params) t += d(`PARAM_${p.name}`, p.index);
  return t;
}

function makeParams() {
  const built = params.filter((p) => p.sim !== undefined);
  let t = `# ${GENERATED}\n# Build parameters of the simulator and the iCE40 builds (hdl/SPEC.md 6.1).\n`;
  t += `SIM_PARAMS := ${built.map((p) => `-G${p.name}=${p.sim}`).join(' ')}\n`;
  t += `ICE40_PARAMS := ${built.map((p) => `-set ${p.name} ${p.ice40}`).join(' ')}\n`;
  return t;
}

function cHeader() {
  const d = (name, value, comment) => `#define ${name} ${value}${comment ? ` /* ${comment} */` : ''}\n`;
  let t = `/* ${GENERATED} */\n#ifndef SOFTPROP_SPEC_H\n#define SOFTPROP_SPEC_H\n\n/* Status codes of every softprop_sim.h call. */\n`;
  for (const s of spec.abiStatus) t += d(`SP_${s.name}`, s.value < 0 ? `(${s.value})` : s.value, s.meaning);
  t += '\n/* Register window (hdl/SPEC.md 6.2): word addresses, the last one, CTRL and STATUS bits. */\n';
  for (const r of registers) t += d(`SP_REG_${r.name}`, `${hex(r.addr, 2)}u`);
  t += d('SP_REG_LAST', `${hex(lastAddr, 2)}u`);
  for (const b of ctrlBits) t += d(`SP_CTRL_${b.name}`, `${b.mask}u`);
  for (const b of statusBits) t += d(`SP_STATUS_${b.name}`, `${b.mask}u`);
  t += d('SP_CORE_ID', `${hex(coreId, 8)}u`);
  t += '\n/* Memory regions (hdl/SPEC.md 6.3); regions from SP_FIRST_READ_ONLY_REGION on are read-only. */\n';
  for (const r of regions) t += d(`SP_REGION_${r.name}`, `${r.id}u`);
  t += d('SP_N_REGIONS', `${regions.length}u`);
  t += d('SP_FIRST_READ_ONLY_REGION', `${firstReadOnly < 0 ? regions.length : firstReadOnly}u`);
  t += '\n/* Build parameters in sp_params order (hdl/SPEC.md 6.1), also at SP_REG_PARAMS + i. */\n';
  for (const p of params) t += d(`SP_PARAM_${p.name}`, `${p.index}u`);
  t += d('SP_N_PARAMS', `${params.length}u`);
  return `${t}\n#endif\n`;
}

function typescript() {
  const obj = (list, value) => `{\n${list.map((e) => `  ${e.key}: ${value(e)},\n`).join('')}} as const`;
  let t = `// ${GENERATED}\n\n`;
  t += `/** Value of the ID register and of the last build parameter: ${spec.coreId.meaning}. */\nexport const CORE_ID = ${tsHex(coreId, 8)};\n\n`;
  t += `/** Register addresses of the register window (hdl/SPEC.md 6.2). */\nexport const Reg = ${obj(registers, (r) => tsHex(r.addr, 2))};\n\n`;
  t += '/** CTRL bits. */\n';
  for (const b of ctrlBits) t += `export const CTRL_${b.name} = ${b.mask};\n`;
  t += '/** STATUS bits (DONE, FIXPOINT, WIPEOUT equal SP_STATUS_*). */\n';
  for (const b of statusBits) t += `export const STATUS_${b.name} = ${b.mask};\n`;
  t += `\n/** Memory regions selected by the REGION register (hdl/SPEC.md 6.3). */\nexport const Region = ${obj(regions, (r) => r.id)};\n\n`;
  t += `/** Build parameters in \`sp_params\` order (hdl/SPEC.md 6.1). */\nexport const PARAM_ORDER = [${params.map((p) => `'${p.key}'`).join(', ')}] as const;\n\n`;
  t += '/** Status codes of the simulator C ABI (bindings/c/softprop_sim.h). */\n';
  for (const s of spec.abiStatus) t += `export const SP_${s.name} = ${s.value};\n`;
  return t;
}

/** The Markdown tables of hdl/SPEC.md, by marker name. */
function specTables() {
  const row = (cells) => `| ${cells.join(' | ')} |\n`;
  const rule = (n) => `|${'---|'.repeat(n)}\n`;
  const params61 =
    row(['i', 'name', 'meaning', 'sim build', 'iCE40 build']) +
    rule(5) +
    params
      .map((p) => {
        // ONE and ID are not Verilog parameters: every build reads the same values.
        const fixed = p.name === 'ONE' ? fixedPoint.ONE : p.name === 'ID' ? hex(coreId, 8) : '';
        return row([p.index, p.name, p.meaning, p.sim ?? fixed, p.ice40 ?? fixed]);
      })
      .join('');
  const regs62 =
    row(['addr', 'name', 'access', 'meaning']) +
    rule(4) +
    registers.map((r) => row([`${hex(r.addr, 2)}${r.name === 'PARAMS' ? '..' : ''}`, r.name, r.access, r.meaning])).join('');
  const regions63 = row(['id', 'name', 'entries', 'word']) + rule(4) + regions.map((r) => row([r.id, r.name, r.entries, r.word])).join('');
  return { params: params61, registers: regs62, regions: regions63 };
}

/** The register map in sp_top.v's banner: address, name, access, and the bits of CTRL, STATUS and PARAMS. */
function topBanner() {
  const bitList = (list) => list.map((b) => `bit ${b.bit} ${b.name}`).join(', ');
  const extra = {
    CTRL: bitList(ctrlBits),
    STATUS: bitList(statusBits),
    PARAMS: `+ i: build parameter i,\n *                    ${params.map((p) => p.name).join(', ')}`,
  };
  const lines = registers.map((r) => ` *   ${hex(r.addr, 2)} ${r.name.padEnd(11)} ${r.access.padEnd(3)} ${extra[r.name] ?? ''}`.trimEnd());
  let text = readFileSync(join(root, 'hdl/rtl/sp_top.v'), 'utf8');
  const re = / \* generated:registers\n[\s\S]*? \* end generated:registers/;
  if (!re.test(text)) throw new Error('hdl/rtl/sp_top.v: no generated:registers markers');
  text = text.replace(re, () => ` * generated:registers\n${lines.join('\n')}\n * end generated:registers`);
  return text;
}

function specMd() {
  let text = readFileSync(join(root, 'hdl/SPEC.md'), 'utf8');
  for (const [name, table] of Object.entries(specTables())) {
    const re = new RegExp(`(<!-- generated:${name} from hdl/spec-constants.json -->\\n)[\\s\\S]*?(<!-- end generated:${name} -->)`);
    if (!re.test(text)) throw new Error(`hdl/SPEC.md: no <!-- generated:${name} … --> markers`);
    text = text.replace(re, (_, open, close) => `${open}${table}${close}`);
  }
  return text;
}

const outputs = {
  'hdl/rtl/spec_constants.vh': verilog(),
  'hdl/params.mk': makeParams(),
  'bindings/c/softprop_spec.h': cHeader(),
  'bindings/spec-constants.ts': typescript(),
  'hdl/SPEC.md': specMd(),
  'hdl/rtl/sp_top.v': topBanner(),
};

if (process.argv.includes('--print')) {
  process.stdout.write(JSON.stringify(outputs));
} else {
  for (const [path, text] of Object.entries(outputs)) {
    const file = join(root, path);
    if (existsSync(file) && readFileSync(file, 'utf8') === text) {
      if (process.argv.includes('--touch')) utimesSync(file, new Date(), new Date());
      continue;
    }
    writeFileSync(`${file}.tmp`, text);
    renameSync(`${file}.tmp`, file);
    process.stdout.write(`wrote ${path}\n`);
  }
}
