#!/usr/bin/env bash
# Benchpool local infrastructure without Docker: real Kafka (KRaft), FerretDB (SQLite) and Redis.
#
#   bash deploy/local/infra.sh up       # install into the user cache if needed, start, wait until each answers
#   bash deploy/local/infra.sh status   # one line per server; exit 0 if all three answer, 3 otherwise
#   bash deploy/local/infra.sh down     # stop what `up` started (never a Redis it reused)
#
# Binaries are cached outside the clone, keyed by version:
#   ${XDG_CACHE_HOME:-$HOME/.cache}/benchpool/kafka-<version>/libs/*.jar
#   ${XDG_CACHE_HOME:-$HOME/.cache}/benchpool/ferretdb-<version>/ferretdb
# Data, logs and pid files live in .local/ at the repo root (override with BENCHPOOL_LOCAL_DIR).
# See deploy/local/README.md.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"

KAFKA_VERSION="${BENCHPOOL_KAFKA_VERSION:-3.9.2}"
FERRETDB_VERSION="${BENCHPOOL_FERRETDB_VERSION:-1.24.2}"   # Go module tag is v$FERRETDB_VERSION
RELOAD4J_VERSION="1.2.25"
SLF4J_VERSION="1.7.36"
DEPENDENCY_PLUGIN="org.apache.maven.plugins:maven-dependency-plugin:3.8.1"

HOST="127.0.0.1"
# the ports can be moved (e.g. for a second, throw-away stack next to the shared one)
KAFKA_PORT="${BENCHPOOL_KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${BENCHPOOL_KAFKA_CONTROLLER_PORT:-9093}"
FERRETDB_PORT="${BENCHPOOL_FERRETDB_PORT:-27017}"
REDIS_PORT="${BENCHPOOL_REDIS_PORT:-6379}"

KAFKA_DEADLINE=180   # a data dir left by an unclean stop can take a minute or more to recover
FERRETDB_DEADLINE=60
REDIS_DEADLINE=20
STOP_DEADLINE=20

CACHE_ROOT="${XDG_CACHE_HOME:-$HOME/.cache}/benchpool"
LOCAL_DIR="${BENCHPOOL_LOCAL_DIR:-$REPO_ROOT/.local}"
case "$LOCAL_DIR" in /*) ;; *) LOCAL_DIR="$PWD/$LOCAL_DIR" ;; esac

KAFKA_HOME="$CACHE_ROOT/kafka-$KAFKA_VERSION"
KAFKA_LIBS="$KAFKA_HOME/libs"
FERRETDB_HOME="$CACHE_ROOT/ferretdb-$FERRETDB_VERSION"
FERRETDB_BIN="$FERRETDB_HOME/ferretdb"

KAFKA_DIR="$LOCAL_DIR/kafka"
FERRETDB_DIR="$LOCAL_DIR/ferretdb"
REDIS_DIR="$LOCAL_DIR/redis"

log() { printf '[infra] %s\n' "$*"; }
err() { printf '[infra] ERROR: %s\n' "$*" >&2; }
die() { err "$*"; exit 1; }

# ---------------------------------------------------------------------------------------------
# helpers

# port_open PORT: something accepts TCP connections on $HOST:PORT
port_open() {
  (exec 3<>"/dev/tcp/$HOST/$1") >/dev/null 2>&1
}

# pid_alive PIDFILE PATTERN: prints the pid if the pid file names a live process whose
# command line contains PATTERN (guards against pid reuse)
pid_alive() {
  local pidfile="$1" pattern="$2" pid
  [[ -f "$pidfile" ]] || return 1
  pid="$(tr -dc '0-9' <"$pidfile" 2>/dev/null || true)"
  [[ -n "$pid" ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  local command
  command="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)" || return 1
  [[ "$command" == *"$pattern"* ]] || return 1
  echo "$pid"
}

# fingerprint FILE...: a short hash of the given files (used in cache markers)
fingerprint() {
  cat "$@" | sha256sum | cut -c1-16
}

# show_log NAME LOGFILE...: last 30 lines of each non-empty log
show_log() {
  local name="$1"; shift
  local f
  for f in "$@"; do
    if [[ -s "$f" ]]; then
      printf '[infra] ----- last 30 lines of %s (%s) -----\n' "$name" "$f" >&2
      tail -n 30 "$f" >&2 || true
      printf '[infra] ----- end of %s -----\n' "$f" >&2
    elif [[ -e "$f" ]]; then
      printf '[infra] %s is empty\n' "$f" >&2
    else
      printf '[infra] %s does not exist\n' "$f" >&2
    fi
  done
  printf '[infra] %s log: %s\n' "$name" "$1" >&2
}

# process_state PIDFILE PATTERN: "alive" (the pid file names a live process running PATTERN, or
# one still between fork and exec), or "exited"
process_state() {
  local pidfile="$1" pattern="$2" pid state
  pid_alive "$pidfile" "$pattern" >/dev/null && { echo alive; return 0; }
  pid="$(tr -dc '0-9' <"$pidfile" 2>/dev/null || true)"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || { echo exited; return 0; }
  state="$(awk '/^State:/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)"
  # a zombie (Z) has exited; anything else is our own fork that has not yet exec'd the server
  [[ "$state" == Z || -z "$state" ]] && echo exited || echo alive
}

# exit_reason PIDFILE: sets EXIT_REASON to how a server this shell started ended ("status N" or
# "signal NAME"); not in a command substitution, whose subshell cannot wait for our children
exit_reason() {
  local pid rc=0
  pid="$(tr -dc '0-9' <"$1" 2>/dev/null || true)"
  if [[ -z "$pid" ]]; then EXIT_REASON="unknown status (no pid)"; return 0; fi
  wait "$pid" 2>/dev/null || rc=$?
  if (( rc == 127 )); then
    EXIT_REASON="unknown status (pid $pid was not started by this shell)"
  elif (( rc > 128 )); then
    EXIT_REASON="signal $(kill -l $((rc - 128)) 2>/dev/null || echo $((rc - 128))) (pid $pid)"
  else
    EXIT_REASON="status $rc (pid $pid)"
  fi
}

# wait_for NAME DEADLINE PIDFILE PATTERN CHECKFN LOG...: poll CHECKFN until it succeeds.
# Returns 3 when the process exits first (the caller may start it again), exits on the deadline.
wait_for() {
  local name="$1" deadline="$2" pidfile="$3" pattern="$4" check="$5"; shift 5
  local start=$SECONDS
  while true; do
    if "$check"; then
      log "$name: ready after $((SECONDS - start)) s"
      return 0
    fi
    if [[ -n "$pidfile" && "$(process_state "$pidfile" "$pattern")" == exited ]]; then
      exit_reason "$pidfile"
      err "$name did not come up: its process exited with $EXIT_REASON"
      show_log "$name" "$@"
      return 3
    fi
    if (( SECONDS - start >= deadline )); then
      err "$name did not come up within ${deadline} s (no successful answer on $HOST)"
      show_log "$name" "$@"
      exit 1
    fi
    sleep 1
  done
}

# wait_running NAME DEADLINE PIDFILE PATTERN CHECKFN LOG...: wait_for a server started earlier
wait_running() {
  wait_for "$@" || exit 1
}

# start_and_wait NAME DEADLINE PIDFILE PATTERN CHECKFN OUT LOGS -- CMD...: start CMD in the
# background with its output in OUT, wait until CHECKFN answers; when the process exits before
# that, show its log and why it ended, and start it again (3 attempts in all). LOGS is a
# colon-separated list of the files to show.
start_and_wait() {
  local name="$1" deadline="$2" pidfile="$3" pattern="$4" check="$5" out="$6" logs="$7"
  shift 7
  [[ "${1:-}" == -- ]] && shift
  local -a log_files
  IFS=: read -r -a log_files <<<"$logs"
  local attempt
  for attempt in 1 2 3; do
    start_bg "$pidfile" "$out" "$@"
    if wait_for "$name" "$deadline" "$pidfile" "$pattern" "$check" "${log_files[@]}"; then
      return 0
    fi
    (( attempt < 3 )) || break
    log "$name: starting it again in 3 s (attempt $((attempt + 1)) of 3)"
    sleep 3
  done
  die "$name: gave up after 3 attempts"
}

# start_bg PIDFILE STDOUT CMD...: start CMD in its own session, detached from this script
start_bg() {
  local pidfile="$1" out="$2"; shift 2
  # 9>&- : do not leak the lock file descriptor into the long-running server
  setsid nohup "$@" >>"$out" 2>&1 </dev/null 9>&- &
  echo $! >"$pidfile"
}

# stop_pid NAME PIDFILE PATTERN
stop_pid() {
  local name="$1" pidfile="$2" pattern="$3" pid i
  if ! pid="$(pid_alive "$pidfile" "$pattern")"; then
    if [[ -f "$pidfile" ]]; then
      log "$name: not running (removing stale pid file)"
      rm -f "$pidfile"
    else
      log "$name: not running"
    fi
    return 0
  fi
  log "$name: stopping pid $pid (SIGTERM)"
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < STOP_DEADLINE * 4; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.25
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "$name: still alive after ${STOP_DEADLINE} s, sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    sleep 0.5
  fi
  rm -f "$pidfile"
  log "$name: stopped"
}

need_cmd() {
  command -v "$1" >/dev/null 2>&1 || die "'$1' is not installed: $2 (run: bash deploy/local/setup.sh)"
}

# ---------------------------------------------------------------------------------------------
# Kafka

kafka_pom() {
  cat <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<!-- generated by benchpool deploy/local/infra.sh: the jars of a single-node Kafka broker -->
<project xmlns="http://maven.apache.org/POM/4.0.0"
         xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
         xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 http://maven.apache.org/xsd/maven-4.0.0.xsd">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.benchpool</groupId>
  <artifactId>kafka-runtime</artifactId>
  <version>$KAFKA_VERSION</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>org.apache.kafka</groupId>
      <artifactId>kafka_2.13</artifactId>
      <version>$KAFKA_VERSION</version>
      <exclusions>
        <exclusion><groupId>ch.qos.logback</groupId><artifactId>*</artifactId></exclusion>
      </exclusions>
    </dependency>
    <dependency>
      <groupId>org.apache.kafka</groupId>
      <artifactId>kafka-tools</artifactId>
      <version>$KAFKA_VERSION</version>
      <exclusions>
        <exclusion><groupId>ch.qos.logback</groupId><artifactId>*</artifactId></exclusion>
      </exclusions>
    </dependency>
    <dependency>
      <groupId>ch.qos.reload4j</groupId>
      <artifactId>reload4j</artifactId>
      <version>$RELOAD4J_VERSION</version>
    </dependency>
    <dependency>
      <groupId>org.slf4j</groupId>
      <artifactId>slf4j-reload4j</artifactId>
      <version>$SLF4J_VERSION</version>
    </dependency>
  </dependencies>
</project>
EOF
}

kafka_installed() {
  [[ -f "$KAFKA_HOME/.complete" ]] && [[ "$(cat "$KAFKA_HOME/.complete")" == "$(kafka_pom | sha256sum | cut -c1-16)" ]] \
    && compgen -G "$KAFKA_LIBS/kafka_2.13-$KAFKA_VERSION.jar" >/dev/null
}

install_kafka() {
  if kafka_installed; then
    log "kafka: $KAFKA_VERSION jars cached in $KAFKA_LIBS"
    return 0
  fi
  need_cmd java "Java 17+ is needed for Kafka"
  need_cmd mvn "Maven is needed to fetch the Kafka jars from Maven Central"
  log "kafka: downloading $KAFKA_VERSION jars with Maven (first time, ~1 min)…"
  rm -rf "$KAFKA_HOME/.complete" "$KAFKA_HOME/libs.tmp"
  mkdir -p "$KAFKA_HOME"
  kafka_pom >"$KAFKA_HOME/pom.xml"
  if ! (cd "$KAFKA_HOME" && mvn -B -q -f pom.xml "$DEPENDENCY_PLUGIN:copy-dependencies" \
        -DincludeScope=runtime -DoutputDirectory="$KAFKA_HOME/libs.tmp" -Dmdep.useRepositoryLayout=false \
        >"$KAFKA_HOME/mvn.log" 2>&1); then
    err "kafka: Maven could not fetch the jars"
    show_log "maven" "$KAFKA_HOME/mvn.log"
    return 1
  fi
  [[ -f "$KAFKA_HOME/libs.tmp/kafka_2.13-$KAFKA_VERSION.jar" ]] || { err "kafka: kafka_2.13-$KAFKA_VERSION.jar missing after Maven"; return 1; }
  rm -rf "$KAFKA_LIBS"
  mv "$KAFKA_HOME/libs.tmp" "$KAFKA_LIBS"
  kafka_pom | sha256sum | cut -c1-16 >"$KAFKA_HOME/.complete"
  log "kafka: $(find "$KAFKA_LIBS" -name '*.jar' | wc -l) jars in $KAFKA_LIBS"
}

kafka_write_config() {
  mkdir -p "$KAFKA_DIR/data"
  cat >"$KAFKA_DIR/server.properties" <<EOF
# generated by deploy/local/infra.sh — single-node KRaft (broker + controller), loopback only
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@$HOST:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://$HOST:$KAFKA_PORT,CONTROLLER://$HOST:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://$HOST:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$KAFKA_DIR/data
num.partitions=12
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=true
log.retention.hours=24
log.retention.check.interval.ms=300000
num.network.threads=3
num.io.threads=4
EOF
  cat >"$KAFKA_DIR/log4j.properties" <<EOF
# generated by deploy/local/infra.sh
log4j.rootLogger=INFO, file
log4j.appender.file=org.apache.log4j.RollingFileAppender
log4j.appender.file.File=$KAFKA_DIR/kafka.log
log4j.appender.file.MaxFileSize=50MB
log4j.appender.file.MaxBackupIndex=3
log4j.appender.file.layout=org.apache.log4j.PatternLayout
log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka=INFO
log4j.logger.org.apache.kafka=INFO
log4j.logger.kafka.request.logger=WARN
log4j.logger.kafka.network.RequestChannel\$=WARN
log4j.logger.state.change.logger=WARN
log4j.logger.kafka.log.LogCleaner=WARN
log4j.logger.org.apache.kafka.clients=WARN
EOF
  cat >"$KAFKA_DIR/tools-log4j.properties" <<EOF
# generated by deploy/local/infra.sh — command-line tools log warnings to stderr only
log4j.rootLogger=WARN, stderr
log4j.appender.stderr=org.apache.log4j.ConsoleAppender
log4j.appender.stderr.Target=System.err
log4j.appender.stderr.layout=org.apache.log4j.PatternLayout
log4j.appender.stderr.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.org.apache.kafka=ERROR
EOF
  cat >"$KAFKA_DIR/admin.properties" <<EOF
# generated by deploy/local/infra.sh — short timeouts for the readiness probe
request.timeout.ms=5000
default.api.timeout.ms=8000
EOF
}

# kafka_tool CLASS ARGS...: run a Kafka command-line class with the cached jars
kafka_tool() {
  local cls="$1"; shift
  java -Xms64m -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Djava.awt.headless=true \
    -Dlog4j.configuration="file:$KAFKA_DIR/tools-log4j.properties" \
    -cp "$KAFKA_LIBS/*" "$cls" "$@"
}

kafka_topic_command_class() {
  # Kafka 3.7+ moved TopicCommand from core (kafka.admin) to the tools module
  # no `unzip -l | grep -q` here: with pipefail, grep's early exit SIGPIPEs unzip and the test fails at random
  if unzip -l "$KAFKA_LIBS/kafka-tools-$KAFKA_VERSION.jar" 'org/apache/kafka/tools/TopicCommand.class' >/dev/null 2>&1; then
    echo org.apache.kafka.tools.TopicCommand
  else
    echo kafka.admin.TopicCommand
  fi
}

# a metadata request through the Admin API succeeds
kafka_answers() {
  port_open "$KAFKA_PORT" || return 1
  [[ -f "$KAFKA_DIR/admin.properties" ]] || kafka_write_config
  timeout 20 java -Xms64m -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Djava.awt.headless=true \
    -Dlog4j.configuration="file:$KAFKA_DIR/tools-log4j.properties" -cp "$KAFKA_LIBS/*" \
    "${KAFKA_TOPIC_CLASS:=$(kafka_topic_command_class)}" \
    --bootstrap-server "$HOST:$KAFKA_PORT" --command-config "$KAFKA_DIR/admin.properties" --list \
    >/dev/null 2>"$KAFKA_DIR/probe.err"
}

up_kafka() {
  local pid
  if pid="$(pid_alive "$KAFKA_DIR/kafka.pid" kafka.Kafka)"; then
    if port_open "$KAFKA_PORT"; then
      log "kafka: already running (pid $pid) on $HOST:$KAFKA_PORT"
      wait_running kafka "$KAFKA_DEADLINE" "$KAFKA_DIR/kafka.pid" kafka.Kafka kafka_answers "$KAFKA_DIR/kafka.log" "$KAFKA_DIR/kafka.out"
      return 0
    fi
    log "kafka: pid $pid alive but port $KAFKA_PORT closed — waiting for it"
    wait_running kafka "$KAFKA_DEADLINE" "$KAFKA_DIR/kafka.pid" kafka.Kafka kafka_answers "$KAFKA_DIR/kafka.log" "$KAFKA_DIR/kafka.out"
    return 0
  fi
  if [[ -f "$KAFKA_DIR/kafka.pid" ]]; then
    log "kafka: removing stale pid file"
    rm -f "$KAFKA_DIR/kafka.pid"
  fi
  if port_open "$KAFKA_PORT"; then
    if kafka_answers; then
      log "kafka: a Kafka not started by this script answers on $HOST:$KAFKA_PORT — reusing it (down will not stop it)"
      return 0
    fi
    die "kafka: port $HOST:$KAFKA_PORT is taken by something that is not a Kafka broker (see: ss -ltnp 'sport = :$KAFKA_PORT')"
  fi
  if port_open "$KAFKA_CONTROLLER_PORT"; then
    die "kafka: controller port $HOST:$KAFKA_CONTROLLER_PORT is taken (see: ss -ltnp 'sport = :$KAFKA_CONTROLLER_PORT')"
  fi

  kafka_write_config
  if [[ ! -f "$KAFKA_DIR/data/meta.properties" ]]; then
    local cluster_id
    cluster_id="$(kafka_tool kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n1)"
    [[ -n "$cluster_id" ]] || die "kafka: StorageTool random-uuid failed"
    log "kafka: formatting $KAFKA_DIR/data (cluster id $cluster_id)"
    if ! kafka_tool kafka.tools.StorageTool format --ignore-formatted -t "$cluster_id" \
         -c "$KAFKA_DIR/server.properties" >"$KAFKA_DIR/format.log" 2>&1; then
      err "kafka: formatting the data dir failed"
      show_log kafka "$KAFKA_DIR/format.log"
      exit 1
    fi
  fi

  log "kafka: starting $KAFKA_VERSION on $HOST:$KAFKA_PORT (controller $HOST:$KAFKA_CONTROLLER_PORT)"
  : >"$KAFKA_DIR/kafka.out"
  log "kafka: waiting for a metadata request to succeed (up to ${KAFKA_DEADLINE} s)…"
  # C1 JIT only (TieredStopAtLevel=1): a young broker is quick from its first minute on 2 cores (docs/adr/0012)
  start_and_wait kafka "$KAFKA_DEADLINE" "$KAFKA_DIR/kafka.pid" kafka.Kafka kafka_answers \
    "$KAFKA_DIR/kafka.out" "$KAFKA_DIR/kafka.log:$KAFKA_DIR/kafka.out" -- \
    java -Xms256m -Xmx1g -XX:TieredStopAtLevel=1 -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 \
    -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true \
    -Dkafka.logs.dir="$KAFKA_DIR" -Dlog4j.configuration="file:$KAFKA_DIR/log4j.properties" \
    -cp "$KAFKA_LIBS/*" kafka.Kafka "$KAFKA_DIR/server.properties"
}

# ---------------------------------------------------------------------------------------------
# FerretDB

ferretdb_fingerprint() {
  { echo "$FERRETDB_VERSION"; cat "$SCRIPT_DIR/ferretdb/main.go" "$SCRIPT_DIR/ferretdb/go.mod.tmpl" "$SCRIPT_DIR/ferretdb/patch-sources.sh"; } | sha256sum | cut -c1-16
}

ferretdb_installed() {
  [[ -x "$FERRETDB_BIN" && -f "$FERRETDB_HOME/.complete" ]] \
    && [[ "$(cat "$FERRETDB_HOME/.complete")" == "$(ferretdb_fingerprint)" ]]
}

install_ferretdb() {
  if ferretdb_installed; then
    log "ferretdb: $FERRETDB_VERSION binary cached at $FERRETDB_BIN"
    return 0
  fi
  need_cmd go "Go 1.24+ is needed to build FerretDB from the Go module proxy"
  log "ferretdb: building v$FERRETDB_VERSION from the Go module proxy (first time, ~2-4 min)…"
  rm -f "$FERRETDB_HOME/.complete"
  local src="$FERRETDB_HOME/src"
  rm -rf "$src"
  mkdir -p "$src"
  cp "$SCRIPT_DIR/ferretdb/main.go" "$src/main.go"
  sed "s/@FERRETDB_VERSION@/v$FERRETDB_VERSION/" "$SCRIPT_DIR/ferretdb/go.mod.tmpl" >"$src/go.mod"
  if ! (cd "$src" \
        && go get "github.com/FerretDB/FerretDB/ferretdb@v$FERRETDB_VERSION" \
        && go mod vendor \
        && bash "$SCRIPT_DIR/ferretdb/patch-sources.sh" \
        && CGO_ENABLED=0 go build -mod=vendor -trimpath -ldflags "-s -w -X main.ferretdbVersion=v$FERRETDB_VERSION" \
             -o "$FERRETDB_BIN.tmp" . ) >"$FERRETDB_HOME/build.log" 2>&1; then
    err "ferretdb: the Go build failed"
    show_log "go build" "$FERRETDB_HOME/build.log"
    return 1
  fi
  mv -f "$FERRETDB_BIN.tmp" "$FERRETDB_BIN"
  ferretdb_fingerprint >"$FERRETDB_HOME/.complete"
  log "ferretdb: built $FERRETDB_BIN"
}

# a real MongoDB `ping` over the wire protocol (OP_MSG), with no npm dependency
ferretdb_answers() {
  port_open "$FERRETDB_PORT" || return 1
  timeout 10 node -e '
const net = require("net");
const cstr = (s) => Buffer.concat([Buffer.from(s, "utf8"), Buffer.from([0])]);
const i32 = (n) => { const b = Buffer.alloc(4); b.writeInt32LE(n); return b; };
const body = Buffer.concat([
  Buffer.from([0x10]), cstr("ping"), i32(1),
  Buffer.from([0x02]), cstr("$db"), i32(6), cstr("admin"),
  Buffer.from([0x00]),
]);
const doc = Buffer.concat([i32(body.length + 4), body]);
const msg = Buffer.concat([i32(0), i32(1), i32(0), i32(2013), i32(0), Buffer.from([0]), doc]);
msg.writeInt32LE(msg.length, 0);
const sock = net.connect(Number(process.argv[2]), process.argv[1]);
let buf = Buffer.alloc(0);
sock.setTimeout(5000, () => { console.error("timeout"); process.exit(1); });
sock.on("error", (e) => { console.error(e.message); process.exit(1); });
sock.on("connect", () => sock.write(msg));
sock.on("data", (d) => {
  buf = Buffer.concat([buf, d]);
  if (buf.length < 4 || buf.length < buf.readInt32LE(0)) return;
  const reply = buf.subarray(21);          // header(16) + flagBits(4) + section kind(1)
  const key = Buffer.concat([Buffer.from([0x01]), cstr("ok")]);
  const at = reply.indexOf(key);
  const ok = at >= 0 && reply.readDoubleLE(at + key.length) === 1;
  sock.destroy();
  process.exit(ok ? 0 : 1);
});
' "$HOST" "$FERRETDB_PORT" >/dev/null 2>&1
}

up_ferretdb() {
  local pid
  if pid="$(pid_alive "$FERRETDB_DIR/ferretdb.pid" "$FERRETDB_BIN")"; then
    log "ferretdb: already running (pid $pid) on $HOST:$FERRETDB_PORT"
    wait_running ferretdb "$FERRETDB_DEADLINE" "$FERRETDB_DIR/ferretdb.pid" "$FERRETDB_BIN" ferretdb_answers "$FERRETDB_DIR/ferretdb.log"
    return 0
  fi
  if [[ -f "$FERRETDB_DIR/ferretdb.pid" ]]; then
    log "ferretdb: removing stale pid file"
    rm -f "$FERRETDB_DIR/ferretdb.pid"
  fi
  if port_open "$FERRETDB_PORT"; then
    if ferretdb_answers; then
      log "ferretdb: a MongoDB-compatible server not started by this script answers on $HOST:$FERRETDB_PORT — reusing it (down will not stop it)"
      return 0
    fi
    die "ferretdb: port $HOST:$FERRETDB_PORT is taken by something that does not answer a MongoDB ping (see: ss -ltnp 'sport = :$FERRETDB_PORT')"
  fi
  mkdir -p "$FERRETDB_DIR/data"
  log "ferretdb: starting v$FERRETDB_VERSION (SQLite backend) on $HOST:$FERRETDB_PORT"
  log "ferretdb: waiting for a MongoDB ping to succeed (up to ${FERRETDB_DEADLINE} s)…"
  start_and_wait ferretdb "$FERRETDB_DEADLINE" "$FERRETDB_DIR/ferretdb.pid" "$FERRETDB_BIN" ferretdb_answers \
    "$FERRETDB_DIR/ferretdb.log" "$FERRETDB_DIR/ferretdb.log" -- \
    "$FERRETDB_BIN" -listen-addr "$HOST:$FERRETDB_PORT" -sqlite-url "file:$FERRETDB_DIR/data/" \
    -log-level "${BENCHPOOL_FERRETDB_LOG_LEVEL:-info}"
}

# ---------------------------------------------------------------------------------------------
# Redis

redis_answers() {
  command -v redis-cli >/dev/null 2>&1 || return 1
  [[ "$(timeout 5 redis-cli -h "$HOST" -p "$REDIS_PORT" ping 2>/dev/null)" == "PONG" ]]
}

install_redis() {
  if command -v redis-server >/dev/null 2>&1 && command -v redis-cli >/dev/null 2>&1; then
    return 0
  fi
  command -v apt-get >/dev/null 2>&1 || die "redis: redis-server is missing and apt-get is not available; install Redis 6+ yourself"
  local sudo=""
  [[ "$(id -u)" == 0 ]] || sudo="sudo"
  log "redis: installing Debian package redis-server (first time)…"
  $sudo apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends redis-server redis-tools >/dev/null
}

up_redis() {
  local pid
  if pid="$(pid_alive "$REDIS_DIR/redis.pid" redis-server)"; then
    log "redis: already running (pid $pid) on $HOST:$REDIS_PORT"
    wait_running redis "$REDIS_DEADLINE" "$REDIS_DIR/redis.pid" redis-server redis_answers "$REDIS_DIR/redis.log"
    return 0
  fi
  if [[ -f "$REDIS_DIR/redis.pid" ]]; then
    log "redis: removing stale pid file"
    rm -f "$REDIS_DIR/redis.pid"
  fi
  if redis_answers; then
    log "redis: a Redis not started by this script answers PING on $HOST:$REDIS_PORT — reusing it (down will not stop it)"
    return 0
  fi
  if port_open "$REDIS_PORT"; then
    die "redis: port $HOST:$REDIS_PORT is taken by something that does not answer PING (see: ss -ltnp 'sport = :$REDIS_PORT')"
  fi
  mkdir -p "$REDIS_DIR/data"
  log "redis: starting $(redis_version) on $HOST:$REDIS_PORT"
  # no --pidfile/--logfile/--daemonize: it stays in the foreground of its own session,
  # we record its pid and its output goes to redis.log
  start_and_wait redis "$REDIS_DEADLINE" "$REDIS_DIR/redis.pid" redis-server redis_answers \
    "$REDIS_DIR/redis.log" "$REDIS_DIR/redis.log" -- \
    redis-server --bind "$HOST" --port "$REDIS_PORT" --dir "$REDIS_DIR/data" \
    --daemonize no --supervised no --save "60 1000" --appendonly no --protected-mode yes \
    --maxmemory 512mb --maxmemory-policy noeviction
}

redis_version() {
  local v
  v="$(redis-server --version 2>/dev/null | sed -n 's/.*v=\([0-9.]*\).*/\1/p')"
  echo "${v:-unknown}"
}

# ---------------------------------------------------------------------------------------------
# commands

cmd_up() {
  local t0=$SECONDS
  mkdir -p "$LOCAL_DIR" "$KAFKA_DIR" "$FERRETDB_DIR" "$REDIS_DIR" "$CACHE_ROOT"
  exec 9>"$LOCAL_DIR/.infra.lock"
  flock -w 900 9 || die "another 'infra.sh' is running (lock $LOCAL_DIR/.infra.lock)"

  need_cmd java "Java 17+ is needed for Kafka"
  need_cmd node "Node.js 20+ is needed (FerretDB readiness probe)"

  # the two slow first-time installs run side by side: Maven is network-bound, the Go build CPU-bound
  local kafka_job=""
  if ! kafka_installed; then
    install_kafka &
    kafka_job=$!
  else
    install_kafka
  fi
  install_ferretdb
  if [[ -n "$kafka_job" ]]; then
    wait "$kafka_job" || die "kafka: install failed"
  fi
  install_redis

  up_redis
  up_ferretdb
  up_kafka
  log "all up in $((SECONDS - t0)) s: kafka $HOST:$KAFKA_PORT, mongodb://$HOST:$FERRETDB_PORT (FerretDB), redis://$HOST:$REDIS_PORT"
}

cmd_down() {
  mkdir -p "$LOCAL_DIR"
  exec 9>"$LOCAL_DIR/.infra.lock"
  flock -w 120 9 || die "another 'infra.sh' is running (lock $LOCAL_DIR/.infra.lock)"
  stop_pid kafka "$KAFKA_DIR/kafka.pid" kafka.Kafka
  stop_pid ferretdb "$FERRETDB_DIR/ferretdb.pid" "$FERRETDB_BIN"
  if [[ -f "$REDIS_DIR/redis.pid" ]]; then
    stop_pid redis "$REDIS_DIR/redis.pid" redis-server
  elif redis_answers; then
    log "redis: running but not started by this script — left alone"
  else
    log "redis: not running"
  fi
}

status_line() {
  # name version address state pid datadir
  printf '%-9s %-8s %-17s %-22s %-8s %s\n' "$@"
}

cmd_status() {
  local all=0 pid state
  status_line SERVER VERSION ADDRESS STATE PID DATA

  pid="$(pid_alive "$KAFKA_DIR/kafka.pid" kafka.Kafka || true)"
  if kafka_installed && kafka_answers; then state=running; [[ -n "$pid" ]] || state="running (external)"
  elif [[ -n "$pid" ]]; then state="not answering"; all=1
  else state=stopped; all=1; fi
  status_line kafka "$KAFKA_VERSION" "$HOST:$KAFKA_PORT" "$state" "${pid:--}" "$KAFKA_DIR/data"

  pid="$(pid_alive "$FERRETDB_DIR/ferretdb.pid" "$FERRETDB_BIN" || true)"
  if ferretdb_answers; then state=running; [[ -n "$pid" ]] || state="running (external)"
  elif [[ -n "$pid" ]]; then state="not answering"; all=1
  else state=stopped; all=1; fi
  status_line ferretdb "$FERRETDB_VERSION" "$HOST:$FERRETDB_PORT" "$state" "${pid:--}" "$FERRETDB_DIR/data"

  pid="$(pid_alive "$REDIS_DIR/redis.pid" redis-server || true)"
  local rv="-" rdir="$REDIS_DIR/data"
  if redis_answers; then
    state=running
    if [[ -z "$pid" ]]; then
      state="running (external)"
      rdir="$(timeout 5 redis-cli -h "$HOST" -p "$REDIS_PORT" config get dir 2>/dev/null | sed -n 2p)"
      rdir="${rdir:--}"
    fi
    rv="$(timeout 5 redis-cli -h "$HOST" -p "$REDIS_PORT" info server 2>/dev/null | tr -d '\r' | sed -n 's/^redis_version:\([0-9.]*\).*/\1/p')"
  elif [[ -n "$pid" ]]; then state="not answering"; all=1
  else state=stopped; all=1; fi
  command -v redis-server >/dev/null 2>&1 && [[ "$rv" == "-" || -z "$rv" ]] && rv="$(redis_version)"
  status_line redis "${rv:--}" "$HOST:$REDIS_PORT" "$state" "${pid:--}" "$rdir"

  if (( all == 0 )); then return 0; fi
  return 3
}

usage() {
  echo "usage: bash deploy/local/infra.sh up|down|status" >&2
  exit 2
}

case "${1:-}" in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  *) usage ;;
esac
