#!/usr/bin/env bash
# Annotation benchmark (docs/performance.md): builds the application, then seeds 50,000 images and
# 1,000,000 judgments into a fresh data directory, starts the packaged app and drives 100 annotators
# over HTTP. Options are passed on, e.g. --seconds 120 --think-ms 500 --cpus 0,1.
# With --db postgres the application is built with the pg profile and runs on an embedded PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
jar=target/quarkus-app/quarkus-run.jar
if [[ " $* " == *" --db postgres "* ]]; then
  ./mvnw -B -q package -DskipTests -Dquarkus.profile=pg -Dquarkus.package.output-directory=quarkus-app-pg
  jar=target/quarkus-app-pg/quarkus-run.jar
else
  ./mvnw -B -q package -DskipTests
fi
./mvnw -B -q dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
exec java -Xmx3g -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
  org.relabel.bench.AnnotationBenchmark --jar "$jar" "$@"
