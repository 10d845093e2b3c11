// Preloaded (`node --import`) by tests that bound a CLI run's memory: as the process exits, prints
// its peak resident set size in KB (worker threads included) as a last stderr line `peak-rss-kb N`.
// Workers load preloads too: only the main thread reports.
import { isMainThread } from 'node:worker_threads';

if (isMainThread) process.on('exit', () => process.stderr.write(`peak-rss-kb ${process.resourceUsage().maxRSS}\n`));
