// Preloaded (`node --import`) by tests that bound a CLI run's memory: as the process exits, prints
// its peak resident set size in KB (worker threads included) as a last stderr line `peak-rss-kb N`.
process.on('exit', () => process.stderr.write(`peak-rss-kb ${process.resourceUsage().maxRSS}\n`));
