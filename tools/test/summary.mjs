#!/usr/bin/env node
// Prints jest's counts from its JSON results as one plain line: `N passed, N failed[, N skipped]`.
import { existsSync, readFileSync } from 'node:fs';

const file = process.argv[2] ?? '.local/jest-results.json';
if (!existsSync(file)) {
  console.log('0 passed, 1 failed');
  console.error(`[test] no jest results at ${file}`);
  process.exit(0);
}
const results = JSON.parse(readFileSync(file, 'utf8'));
const failedSuites = results.testResults.filter((suite) => suite.status === 'failed' && suite.assertionResults.length === 0);
for (const suite of failedSuites) console.error(`[test] suite failed to run: ${suite.name}\n${suite.message}`);
const failed = results.numFailedTests + failedSuites.length;
const skipped = results.numPendingTests + results.numTodoTests;
console.log(`${results.numPassedTests} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
