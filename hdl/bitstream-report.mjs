// Summarises nextpnr-ice40's JSON report (--report) for `make bitstream`: logic cells, DSPs,
// block and single-port RAMs used / available, and the fmax nextpnr computed per clock.
// Usage: node hdl/bitstream-report.mjs <nextpnr-report.json> <target MHz> <out prefix> [top module]
// Writes <out prefix>.json and <out prefix>.txt atomically.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';

const [reportPath, targetMHz, outPrefix, top = 'sp_ice40'] = process.argv.slice(2);
const report = JSON.parse(readFileSync(reportPath, 'utf8'));
const use = (name) => report.utilization[name] ?? { used: 0, available: 0 };
const fmax = Object.fromEntries(
  Object.entries(report.fmax).map(([clk, f]) => [
    clk,
    { achievedMHz: f.achieved, constraintMHz: f.constraint, met: f.achieved >= f.constraint },
  ]),
);
// The worst register-to-register path: its first and last cell and its total delay.
const worst = (report.critical_paths ?? []).find((p) => p.from.startsWith('posedge') && p.to.startsWith('posedge'));
const criticalPath = worst && {
  from: worst.path[0]?.to.cell,
  to: worst.path.at(-1)?.to.cell,
  delayNs: worst.path.reduce((s, step) => s + step.delay, 0),
};
const summary = {
  device: 'iCE40 UP5K (sg48)',
  top,
  targetMHz: Number(targetMHz),
  logicCells: use('ICESTORM_LC'),
  dsps: use('ICESTORM_DSP'),
  blockRams: use('ICESTORM_RAM'),
  singlePortRams: use('ICESTORM_SPRAM'),
  fmax,
  criticalPath,
};
const lines = [
  `${summary.device}, top ${summary.top}, nextpnr target ${summary.targetMHz} MHz`,
  `logic cells (LCs): ${summary.logicCells.used} / ${summary.logicCells.available}`,
  `DSPs (SB_MAC16):   ${summary.dsps.used} / ${summary.dsps.available}`,
  `block RAMs:        ${summary.blockRams.used} / ${summary.blockRams.available}`,
  `SPRAMs:            ${summary.singlePortRams.used} / ${summary.singlePortRams.available}`,
  ...Object.entries(fmax).map(
    ([clk, f]) =>
      `fmax ${clk}: ${f.achievedMHz.toFixed(2)} MHz (constraint ${f.constraintMHz.toFixed(2)} MHz, ${f.met ? 'met' : 'NOT met'})`,
  ),
  ...(criticalPath ? [`critical path: ${criticalPath.from} -> ${criticalPath.to}, ${criticalPath.delayNs.toFixed(1)} ns`] : []),
];
for (const [ext, text] of [
  ['json', `${JSON.stringify(summary, null, 2)}\n`],
  ['txt', `${lines.join('\n')}\n`],
]) {
  writeFileSync(`${outPrefix}.${ext}.tmp`, text);
  renameSync(`${outPrefix}.${ext}.tmp`, `${outPrefix}.${ext}`);
}
process.stdout.write(`${lines.join('\n')}\n`);
