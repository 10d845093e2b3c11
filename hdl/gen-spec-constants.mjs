// Writes the Verilog header of the shared constants: one `define SPEC_<NAME> <value> per integer
// entry of hdl/spec-constants.json (the one source; hdl/hdl.mk runs this, the RTL includes it).
// Usage: node hdl/gen-spec-constants.mjs <spec-constants.json> <out .vh>
import { readFileSync, renameSync, writeFileSync } from 'node:fs';

const [jsonPath, outPath] = process.argv.slice(2);
const constants = JSON.parse(readFileSync(jsonPath, 'utf8'));
let text = '// Generated from hdl/spec-constants.json by hdl/gen-spec-constants.mjs: do not edit.\n';
for (const [name, value] of Object.entries(constants)) if (Number.isInteger(value)) text += `\`define SPEC_${name} ${value}\n`;
writeFileSync(`${outPath}.tmp`, text);
renameSync(`${outPath}.tmp`, outPath);
