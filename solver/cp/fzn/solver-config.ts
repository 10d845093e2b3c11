/** MiniZinc's id for softprop (`minizinc --solver softprop` also finds it by its name). */
export const SOLVER_ID = 'org.softprop.softprop';

/** The FlatZinc flags softprop takes (cli/fzn.ts), as the configuration declares them to MiniZinc. */
export const STD_FLAGS = ['-a', '-n', '-f', '-s', '-t', '-r', '-p', '-i'] as const;

/**
 * softprop's MiniZinc solver configuration (.msc): `mznlib` is the solver library folder and
 * `executable` the script that runs `softprop fzn`, either relative to the .msc (the one kept in
 * share/minizinc/solvers) or absolute (the one `softprop minizinc-register` writes).
 */
export function solverConfig(paths: { mznlib: string; executable: string }, version: string): Record<string, unknown> {
  return {
    id: SOLVER_ID,
    name: 'softprop',
    description: 'softprop finite-domain CP solver: FlatZinc over bitmask and interval domains',
    version,
    mznlib: paths.mznlib,
    executable: paths.executable,
    tags: ['cp', 'int'],
    stdFlags: [...STD_FLAGS],
    supportsMzn: false,
    supportsFzn: true,
    needsSolns2Out: true,
    needsMznExecutable: false,
    needsStdlibDir: false,
    isGUIApplication: false,
  };
}
