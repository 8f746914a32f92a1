#!/usr/bin/env bash
# Benchmarks (docs/PERFORMANCE.md): ./bench.sh hashing|throughput|scale|drain|attribute-load|event-insert|request-path|request-cost|request-wallclock|all
#
# Environment (defaults in brackets):
#   BENCH_N                 events for throughput                         [100000]
#   BENCH_WARMUP            warm-up events per path before measuring      [5000]
#   BENCH_DBS               throughput databases, comma separated         [hsqldb-mem,postgres]
#                           (hsqldb-mem, hsqldb-file, postgres)
#   BENCH_ENQUEUE_THREADS   threads enqueueing (storefront requests)      [4]
#   BENCH_SDK_BATCH         SDK BatchProcessor batch size                 [1000]
#   BENCH_SDK_CONCURRENCY   SDK BatchProcessor concurrent requests        [4]
#   BENCH_SCALE_N           pending rows for the scale run                [1000000]
#   BENCH_SCALE_DB          database for the scale run                    [postgres]
#   BENCH_SCALE_WINDOW      seconds per drain window in the scale report  [10]
#   BENCH_PG_SYNC_COMMIT    PostgreSQL synchronous_commit (on|off)        [on]
#   BENCH_PG_STATEMENTS     request-cost on PostgreSQL: also profile the plugin's statements (pg_stat_statements) [false]
#   BENCH_JMH_WARMUP        JMH warm-up iterations                        [3]
#   BENCH_JMH_ITERATIONS    JMH measured iterations                       [5]
#   BENCH_JMH_SECONDS       seconds per JMH iteration                     [1]
#   BENCH_JMH_FORKS         JMH forks                                     [1]
#   BENCH_TIMEOUT           seconds before a phase gives up               [600 throughput, 900 scale]
#   BENCH_DRAIN_DBS         drain: databases (postgres, hsqldb-mem, hsqldb-file) [postgres,hsqldb-mem]
#   BENCH_DRAIN_DELAYS      drain: extra runs with the stand-in answering after these ms [150]
#   BENCH_PG_FSYNC          drain: PostgreSQL fsync (on|off; zonky's own default is off) [on]
#   BENCH_MARIADB_BUFFER_POOL drain: MariaDB innodb_buffer_pool_size, e.g. 1G ("" = server default, 128M) [""]
#   BENCH_ATTRIBUTE_ORDERS  attribute-load: order counts the table grows through   [1000,10000,100000]
#   BENCH_INSERT_ROUNDS     event-insert: rounds per index layout                 [8]
#   BENCH_INSERT_N          event-insert: page-event inserts per round             [2000]
#   BENCH_INSERT_IDLE_MS    event-insert: pause between inserts, ms (a single shopper's pace) [0]
#   BENCH_HEAP              -Xmx of the measuring JVM                     [1g]
#   BENCH_SKIP_BUILD=1      reuse benchmarks/target from an earlier build
#   BENCH_REQUESTS          request-path: measured requests per configuration and kind [500]
#   BENCH_ROUNDS            request-path: rounds the configurations alternate in       [5]
#   BENCH_CONFIGS           request-path: configurations besides DISABLED, comma separated
#                           (ENABLED, GRAPH_DOWN, GRAPH_HANGING)                          [all]
# request-cost and request-wallclock (issue 14): the store in its own JVM (bench mode), this driver in another
#   BENCH_STORE_DB          hsqldb | postgres (embedded, fsync=on, synchronous_commit=on) [hsqldb]
#   BENCH_STORE_CPUS        taskset CPU list of the store and its database ("" = none)   [0]
#   BENCH_DRIVER_CPUS       taskset CPU list of the driver JVM ("" = none)               [1]
#   BENCH_STORE_HEAP        -Xmx of the store                                            [1g]
#   BENCH_SETTLE_MILLIS     wait after switching the plugin's configuration              [2500]
#   BENCH_COST_WARMUP       request-cost: warm-up journeys per configuration, at least   [20]
#                           (then more until the store's JIT compiles < 10 % of the time; at most 400)
#   BENCH_COST_CPU_JOURNEYS request-cost: journeys per configuration for CPU/allocation  [40]
#   BENCH_COST_COUNT_JOURNEYS request-cost: journeys per configuration with JDBC counts  [8]
#   BENCH_COST_ROUNDS       request-cost: ABBA rounds                                    [4]
#   BENCH_WALL_BOOTS        request-wallclock: store boots                               [3]
#   BENCH_WALL_ROUNDS       request-wallclock: rounds per boot                           [17]
#   BENCH_WALL_JOURNEYS     request-wallclock: journeys per configuration and round      [4]
#   BENCH_WALL_WARMUP       request-wallclock: warm-up journeys per configuration/boot, at least [20]
#                           (then more until the store's JIT compiles < 10 % of the time; at most 400)
#   BENCH_WALL_CONFIGS      request-wallclock: off,on,down,hanging,paused (off always needed) [off,on,down,hanging]
#                           (paused: on with the dispatcher stopped, a diagnostic)
#   BENCH_SEED              request-wallclock: seed of the round orders and bootstrap    [20261207]
# Results: a table on stdout; markdown + JSON under bench-results/ (git-ignored).
set -euo pipefail
cd "$(dirname "$0")"

what="${1:-all}"
case "$what" in
  hashing|throughput|scale|drain|attribute-load|event-insert|all) ;;
  request-path)
    # The real store (storefront + admin) booted in the integration-test JVM, the Graph API a local stub.
    echo "bench: request-path (boots the sample store; about 10 minutes)" >&2
    mkdir -p bench-results
    mvn -q -pl sample-store -am verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
      -Dit.test=RequestPathBenchmark -Dbench.out="$PWD/bench-results" \
      -Dbench.requests="${BENCH_REQUESTS:-500}" -Dbench.rounds="${BENCH_ROUNDS:-5}" \
      -Dbench.configs="${BENCH_CONFIGS:-}"
    cat bench-results/request-path-latest.md
    exit 0 ;;
  request-cost|request-wallclock)
    if [[ "${BENCH_SKIP_BUILD:-0}" != "1" ]]; then
      echo "bench: building sample-store + benchmarks (tests skipped)" >&2
      mvn -q -pl sample-store,benchmarks -am package -DskipTests
    fi
    pin=()
    if [[ -n "${BENCH_DRIVER_CPUS-1}" ]]; then pin=(taskset -c "${BENCH_DRIVER_CPUS-1}"); fi
    exec "${pin[@]}" java -Xmx512m -XX:+UseG1GC -Dbench.out=bench-results -Dbench.repo="$PWD" \
      -Dbench.store.db="${BENCH_STORE_DB:-hsqldb}" -Dbench.store.cpus="${BENCH_STORE_CPUS-0}" \
      -Dbench.store.heap="${BENCH_STORE_HEAP:-1g}" -Dbench.settleMillis="${BENCH_SETTLE_MILLIS:-2500}" \
      -Dbench.pg.statements="${BENCH_PG_STATEMENTS:-false}" \
      -Dbench.cost.warmup="${BENCH_COST_WARMUP:-20}" -Dbench.cost.cpuJourneys="${BENCH_COST_CPU_JOURNEYS:-40}" \
      -Dbench.cost.countJourneys="${BENCH_COST_COUNT_JOURNEYS:-8}" -Dbench.cost.rounds="${BENCH_COST_ROUNDS:-4}" \
      -Dbench.wall.boots="${BENCH_WALL_BOOTS:-3}" -Dbench.wall.rounds="${BENCH_WALL_ROUNDS:-17}" \
      -Dbench.wall.journeys="${BENCH_WALL_JOURNEYS:-4}" -Dbench.wall.warmup="${BENCH_WALL_WARMUP:-20}" \
      -Dbench.wall.configs="${BENCH_WALL_CONFIGS:-off,on,down,hanging}" -Dbench.seed="${BENCH_SEED:-20261207}" \
      -cp "benchmarks/target/benchmarks.jar:benchmarks/target/lib/*" \
      io.github.broadleafmeta.benchmarks.BenchMain "$what" ;;
  *) echo "usage: $0 hashing|throughput|scale|drain|attribute-load|event-insert|request-path|request-cost|request-wallclock|all" >&2
     exit 64 ;;
esac

if [[ "${BENCH_SKIP_BUILD:-0}" != "1" ]]; then
  echo "bench: building plugin-core + benchmarks (tests skipped)" >&2
  mvn -q -pl benchmarks -am package -DskipTests
fi

cp="benchmarks/target/benchmarks.jar:benchmarks/target/lib/*"
java_opts=(-Xmx"${BENCH_HEAP:-1g}" -XX:+UseG1GC
  -Dbench.out=bench-results
  -Dbench.n="${BENCH_N:-100000}"
  -Dbench.warmup="${BENCH_WARMUP:-5000}"
  -Dbench.dbs="${BENCH_DBS:-hsqldb-mem,postgres}"
  -Dbench.enqueueThreads="${BENCH_ENQUEUE_THREADS:-4}"
  -Dbench.sdk.batch="${BENCH_SDK_BATCH:-1000}"
  -Dbench.sdk.concurrency="${BENCH_SDK_CONCURRENCY:-4}"
  -Dbench.scale.n="${BENCH_SCALE_N:-1000000}"
  -Dbench.scale.db="${BENCH_SCALE_DB:-postgres}"
  -Dbench.scale.windowSeconds="${BENCH_SCALE_WINDOW:-10}"
  -Dbench.pg.synchronousCommit="${BENCH_PG_SYNC_COMMIT:-on}"
  -Dbench.pg.fsync="${BENCH_PG_FSYNC:-on}"
  -Dbench.drain.dbs="${BENCH_DRAIN_DBS:-postgres,hsqldb-mem}"
  -Dbench.drain.delaysMillis="${BENCH_DRAIN_DELAYS:-150}"
  -Dbench.mariadb.bufferPool="${BENCH_MARIADB_BUFFER_POOL:-}"
  -Dbench.attributes.orders="${BENCH_ATTRIBUTE_ORDERS:-1000,10000,100000}"
  -Dbench.insert.rounds="${BENCH_INSERT_ROUNDS:-8}"
  -Dbench.insert.n="${BENCH_INSERT_N:-2000}"
  -Dbench.insert.idleMillis="${BENCH_INSERT_IDLE_MS:-0}"
  -Dbench.jmh.warmup="${BENCH_JMH_WARMUP:-3}"
  -Dbench.jmh.iterations="${BENCH_JMH_ITERATIONS:-5}"
  -Dbench.jmh.seconds="${BENCH_JMH_SECONDS:-1}"
  -Dbench.jmh.forks="${BENCH_JMH_FORKS:-1}")

run() {
  local name="$1" timeout="$2"
  echo "bench: running $name" >&2
  java "${java_opts[@]}" -Dbench.timeoutSeconds="${BENCH_TIMEOUT:-$timeout}" \
    -cp "$cp" io.github.broadleafmeta.benchmarks.BenchMain "$name"
}

rc=0
if [[ "$what" == hashing || "$what" == all ]]; then run hashing 600 || rc=$?; fi
if [[ "$what" == throughput || "$what" == all ]]; then run throughput 600 || rc=$?; fi
if [[ "$what" == scale || "$what" == all ]]; then run scale 900 || rc=$?; fi
if [[ "$what" == drain ]]; then run drain 600 || rc=$?; fi
if [[ "$what" == attribute-load ]]; then run attribute-load 600 || rc=$?; fi
if [[ "$what" == event-insert ]]; then run event-insert 600 || rc=$?; fi
exit "$rc"
