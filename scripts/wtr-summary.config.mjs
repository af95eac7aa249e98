// The browser-test config `npm test` uses: web-test-runner.config.mjs unchanged (files, plugins,
// Chromium, coverage thresholds) plus a reporter that writes the test counts as JSON, so the
// summary never has to scrape the progress bar. The file path comes from CMDCTR_WTR_SUMMARY.
import { writeFileSync } from 'node:fs';
import { defaultReporter } from '@web/test-runner';
import base from '../web-test-runner.config.mjs';

/**
 * @param {import('@web/test-runner').TestSuiteResult | undefined} suite
 * @param {{ passed: number, failed: number, skipped: number }} counts
 */
function count(suite, counts) {
  if (!suite) return counts;
  for (const test of suite.tests) {
    if (test.skipped) counts.skipped += 1;
    else if (test.passed) counts.passed += 1;
    else counts.failed += 1;
  }
  for (const child of suite.suites) count(child, counts);
  return counts;
}

/** @param {string | undefined} file @returns {import('@web/test-runner').Reporter} */
function summaryReporter(file) {
  return {
    onTestRunFinished({ sessions }) {
      const counts = { passed: 0, failed: 0, skipped: 0, brokenFiles: 0 };
      for (const session of sessions) {
        const before = counts.failed;
        count(session.testResults, counts);
        // A file that failed to load, threw outside a test or timed out reports no failing
        // test; it still has to count, or a broken file would read as "0 failed".
        if (!session.passed && counts.failed === before) {
          counts.failed += 1;
          counts.brokenFiles += 1;
        }
      }
      if (file) writeFileSync(file, JSON.stringify(counts));
    },
  };
}

// Keep any reporters the base config names; otherwise the default console reporter.
const { reporters = [defaultReporter()] } =
  /** @type {{ reporters?: import('@web/test-runner').Reporter[] }} */ (
    /** @type {unknown} */ (base)
  );

export default {
  ...base,
  reporters: [...reporters, summaryReporter(process.env.CMDCTR_WTR_SUMMARY)],
};
