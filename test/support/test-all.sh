#!/bin/sh
# `npm test` after the build: every test file, with the static checks (typecheck, lint) beside them at low priority.
# While the e2e files wait on Chromium and the kiosk's timers, about a quarter of two cores is idle: the checks fill
# it instead of adding their ~40 s before the first test. A run that passes still ends with the tests' summary line
# (test/support/summary-reporter.ts); failed checks print their output after it and fail the run.
set -u
mkdir -p test-results
nice -n 15 npm run checks > test-results/checks.log 2>&1 &
checks=$!
vitest run "$@"
tests=$?
if ! wait "$checks"; then
  cat test-results/checks.log
  echo "npm run checks failed (typecheck or lint): its output is above"
  exit 1
fi
exit "$tests"
