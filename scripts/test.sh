#!/usr/bin/env bash
# `npm test`: everything, in the order a failure is cheapest to find.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/usr/sbin:/sbin:$PATH"   # mkfs.fat, mkntfs live there on Debian

bash scripts/ensure-tools.sh
echo "== type check";  npm run --silent typecheck
echo "== import lint"; npm run --silent lint
echo "== build";       npm run --silent build
echo "== unit + codecs"; npx vitest run --project unit --project codecs
echo "== interop";     npx vitest run --project interop --no-file-parallelism
echo "== e2e";         npx vitest run --project e2e --no-file-parallelism
