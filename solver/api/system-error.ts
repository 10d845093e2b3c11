import { getSystemErrorMap } from 'node:util';

/** `no space left on device (ENOSPC)` rather than Node's `ENOSPC: no space left on device, write 'x'`. */
export function systemErrorText(e: unknown): string {
  const errno = (e as NodeJS.ErrnoException).errno;
  const known = errno === undefined ? undefined : getSystemErrorMap().get(errno);
  return known ? `${known[1]} (${known[0]})` : e instanceof Error ? e.message : String(e);
}
