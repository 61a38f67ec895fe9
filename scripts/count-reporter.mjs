// A node:test reporter that counts leaf tests and writes the totals as JSON.
export default async function* countReporter(source) {
  const counts = { passed: 0, failed: 0, skipped: 0 };
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const { details, skip, todo } = event.data;
    // Suites report too; count only tests (and failing suite hooks).
    if (details?.type === 'suite') {
      if (event.type === 'test:fail' && details.error?.failureType !== 'subtestsFailed') counts.failed += 1;
      continue;
    }
    if (skip || todo) counts.skipped += 1;
    else if (event.type === 'test:pass') counts.passed += 1;
    else counts.failed += 1;
  }
  yield JSON.stringify(counts);
}
