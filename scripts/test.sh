#!/usr/bin/env bash
# `npm test`: everything, in the order a failure is cheapest to find. Ends with one plain summary line
# ("tests: N passed, N failed") summed over every Vitest suite.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/usr/sbin:/sbin:$PATH"   # mkfs.fat, mkntfs live there on Debian
results=test-output
rm -rf "$results" && mkdir -p "$results"

bash scripts/ensure-tools.sh
echo "== type check";  npm run --silent typecheck
echo "== import lint"; npm run --silent lint
echo "== build";       npm run --silent build

suite() { # name, vitest args…
  local name=$1; shift
  echo "== $name"
  npx vitest run "$@" --reporter=default --reporter=json --outputFile.json="$results/$name.json"
}
status=0
suite unit-codecs --project unit --project codecs || status=1
suite interop --project interop --no-file-parallelism || status=1
suite e2e --project e2e --no-file-parallelism || status=1

node -e '
const fs = require("fs");
let passed = 0, failed = 0;
for (const f of fs.readdirSync(process.argv[1])) {
  const r = JSON.parse(fs.readFileSync(process.argv[1] + "/" + f, "utf8"));
  passed += r.numPassedTests; failed += r.numFailedTests + (r.numRuntimeErrors ?? 0);
}
console.log(`tests: ${passed} passed, ${failed} failed`);
' "$results"
exit $status
