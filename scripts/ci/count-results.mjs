// Prints jest's JSON results as the one line CI reads: "N passed, N failed[, N skipped]".
// Exits non-zero when no test ran at all (an empty run is not a green one).
import { readFileSync } from 'node:fs';

const r = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const skipped = r.numPendingTests + r.numTodoTests;
console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}`);
if (r.numTotalTests === 0) process.exit(1);
