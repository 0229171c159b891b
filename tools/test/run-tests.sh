#!/usr/bin/env bash
# npm test: installs what is missing, starts the local stack if it is not running, builds, and runs
# unit, integration and end-to-end tests against the real Kafka / FerretDB / Redis.
# Extra arguments go to jest (e.g. `npm test -- --selectProjects unit`).
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "[test] installing npm dependencies"
  npm install --no-audit --no-fund   # the locked versions (.ci/run says why not npm ci)
fi
bash deploy/local/infra.sh up
echo "[test] type-checking"
npx tsc -p tsconfig.json --noEmit
npm run --silent build
mkdir -p .local
status=0
npx jest -c jest.config.js --forceExit --json --outputFile=.local/jest-results.json "$@" || status=$?
node tools/test/summary.mjs .local/jest-results.json
exit $status
