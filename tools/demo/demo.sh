#!/usr/bin/env bash
# npm run demo: everything a fresh machine needs, then the whole loop once.
#   set-up (Debian packages, npm install) → local Kafka / FerretDB / Redis → build → the six services →
#   the arbiter simulator (agents, tasks, executions, an SFT export) → a report.
# Options (environment): DEMO_TASKS (default 400), DEMO_WORKERS (4), DEMO_SEED (demo), DEMO_KEEP=1 leaves the services running.
set -euo pipefail
cd "$(dirname "$0")/../.."
tasks=${DEMO_TASKS:-400}
workers=${DEMO_WORKERS:-4}
seed=${DEMO_SEED:-demo}
started=$(date +%s)
say() { printf '\n\033[1m[demo] %s\033[0m\n' "$*"; }

say "1/5 machine set-up"
bash deploy/local/setup.sh
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm dependencies"
  npm install --no-audit --no-fund   # the locked versions (.ci/run says why not npm ci)
fi

say "2/5 local stack (Kafka 3.9, FerretDB 1.24, Redis)"
bash deploy/local/infra.sh up

say "3/5 build"
npm run --silent build

say "4/5 the six services"
node tools/start-all/start-all.mjs --detach
if [ "${DEMO_KEEP:-0}" != "1" ]; then
  trap 'say "stopping the services (DEMO_KEEP=1 leaves them running)"; node tools/start-all/start-all.mjs --stop' EXIT
fi

say "5/5 simulated arbiter: $tasks tasks, $workers workers, seed $seed, then an SFT export"
mkdir -p .local
node dist/tools/arbiter-sim/src/main.js --tasks "$tasks" --workers "$workers" --seed "$seed" --scenario standard \
  --export-phase sft --report .local/demo-report.json

say "done in $(( $(date +%s) - started )) s"
cat <<MSG
  report:            .local/demo-report.json
  service logs:      .local/services/*.log
  stored points:     MongoDB benchpool.datapoints (mongodb://127.0.0.1:27017)
  metrics / health:  http://127.0.0.1:3101..3106/metrics and /health (with DEMO_KEEP=1)
MSG
