// Prints one "<suite>: N passed, N failed" line per test runner that ran, then the total.
import { existsSync, readFileSync } from "node:fs";

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

function vitest(file: string): Counts | undefined {
  if (!existsSync(file)) return undefined;
  const r = JSON.parse(readFileSync(file, "utf8")) as {
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    numTodoTests: number;
  };
  return {
    passed: r.numPassedTests,
    failed: r.numFailedTests,
    skipped: r.numPendingTests + r.numTodoTests,
  };
}

function playwright(file: string): Counts | undefined {
  if (!existsSync(file)) return undefined;
  const r = JSON.parse(readFileSync(file, "utf8")) as {
    stats: { expected: number; unexpected: number; flaky: number; skipped: number };
    errors?: unknown[];
  };
  // A setup error fails the run without failing any single test: count it, so the line can't read green.
  const setupErrors = r.errors?.length ?? 0;
  return {
    passed: r.stats.expected,
    failed: r.stats.unexpected + r.stats.flaky + setupErrors,
    skipped: r.stats.skipped,
  };
}

const suites: [string, Counts | undefined][] = [
  ["unit", vitest("reports/unit.json")],
  ["integration", vitest("reports/integration.json")],
  ["e2e", playwright("reports/e2e.json")],
];

const total: Counts = { passed: 0, failed: 0, skipped: 0 };
console.log("");
for (const [name, counts] of suites) {
  if (!counts) {
    console.log(`${name}: did not run`);
    continue;
  }
  total.passed += counts.passed;
  total.failed += counts.failed;
  total.skipped += counts.skipped;
  console.log(
    `${name}: ${counts.passed} passed, ${counts.failed} failed${counts.skipped ? `, ${counts.skipped} skipped` : ""}`,
  );
}
console.log(
  `total: ${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ""}`,
);
