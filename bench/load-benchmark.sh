#!/usr/bin/env bash
# Load benchmark of issue #10 (docs/performance.md, "Load: annotators per instance"): packages the application
# twice (H2 and the pg profile), then for PostgreSQL and for H2 in turn: seeds a fresh data directory (50,000 images,
# 1,000,000 prior judgments by default), measures the database's raw single-row insert rate, starts the packaged
# app and runs N simulated annotators on loopback without think time; prints judgments/s, p50/p99 of next-image
# and submit, errors, and the load average.
#   bench/load-benchmark.sh                       # 300 annotators, PostgreSQL then H2
#   ANNOTATORS=500 SECONDS_MEASURED=120 DBS=postgres bench/load-benchmark.sh --images 20000 --judgments 200000
# Extra arguments go to org.relabel.bench.AnnotationBenchmark (e.g. --cpus 0,1 --think-ms 500).
set -euo pipefail
cd "$(dirname "$0")/.."
ANNOTATORS=${ANNOTATORS:-300}
SECONDS_MEASURED=${SECONDS_MEASURED:-60}
DBS=${DBS:-"postgres h2"}
./mvnw -B -q package -DskipTests
./mvnw -B -q package -DskipTests -Dquarkus.profile=pg -Dquarkus.package.output-directory=quarkus-app-pg
./mvnw -B -q dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
for db in $DBS; do
  jar=target/quarkus-app/quarkus-run.jar
  [ "$db" = postgres ] && jar=target/quarkus-app-pg/quarkus-run.jar
  echo "==== $db, $ANNOTATORS annotators"
  java -Xmx3g -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
    org.relabel.bench.AnnotationBenchmark --jar "$jar" --db "$db" --annotators "$ANNOTATORS" --think-ms 0 \
    --warmup 60 --seconds "$SECONDS_MEASURED" --open-second false --data-dir "target/bench-data-$db" "$@"
done
