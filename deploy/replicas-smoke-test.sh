#!/usr/bin/env bash
# Runs the packaged application as the Kubernetes manifests do, without Docker or a cluster: two web
# replicas (RELABEL_JOBS_EXCLUDE_KINDS=score-model) and one scoring worker (RELABEL_JOBS_KINDS=score-model)
# on one PostgreSQL and one shared data directory, with the same session and invite keys. Checks the
# health endpoints, that a session cookie from one replica works on the other, that a scoring job
# waits until a worker runs and is then done by it, and that an admin's API token scrapes /q/metrics.
# Run by hand (not in CI), from the repository root:
#
#   ./mvnw -B package -DskipTests -Dquarkus.profile=pg
#   deploy/replicas-smoke-test.sh
#
# Without QUARKUS_DATASOURCE_JDBC_URL (and _USERNAME, _PASSWORD) it starts a throw-away PostgreSQL from
# the embedded-postgres binaries the tests use (Maven Central). Needs java, curl and python3.
set -euo pipefail
cd "$(dirname "$0")/.."

JAR=target/quarkus-app/quarkus-run.jar
[ -f "$JAR" ] || { echo "build first: ./mvnw -B package -DskipTests -Dquarkus.profile=pg" >&2; exit 2; }
WORK=$(mktemp -d)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; echo "logs: $WORK/*.log (kept)" >&2; trap - EXIT; for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; exit 1; }

if [ -z "${QUARKUS_DATASOURCE_JDBC_URL:-}" ]; then
  echo "starting a throw-away PostgreSQL (embedded-postgres binaries from Maven Central)"
  ./mvnw -B -q dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" -Dmdep.includeScope=test >/dev/null
  cat > "$WORK/Pg.java" <<'JAVA'
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
public class Pg {
    public static void main(String[] a) throws Exception {
        EmbeddedPostgres pg = EmbeddedPostgres.builder().setPort(Integer.parseInt(a[0])).start();
        try (var c = pg.getPostgresDatabase().getConnection(); var s = c.createStatement()) {
            s.execute("CREATE ROLE relabel LOGIN PASSWORD 'relabel-smoke'");
            s.execute("CREATE DATABASE relabel OWNER relabel");
        }
        System.out.println("READY");
        Thread.sleep(Long.MAX_VALUE);
    }
}
JAVA
  java -cp "$(cat "$WORK/cp.txt")" "$WORK/Pg.java" 55431 > "$WORK/postgres.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 60); do grep -q READY "$WORK/postgres.log" && break; sleep 1; done
  grep -q READY "$WORK/postgres.log" || fail "PostgreSQL did not start"
  export QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://localhost:55431/relabel
  export QUARKUS_DATASOURCE_USERNAME=relabel QUARKUS_DATASOURCE_PASSWORD=relabel-smoke
fi

# What config.yaml and the Secret give every pod.
export QUARKUS_PROFILE=pg QUARKUS_DATASOURCE_JDBC_MAX_SIZE=8 RELABEL_DATA_DIR="$WORK/data"
export RELABEL_ADMIN_PASSWORD=smoke-admin-password
export RELABEL_ANNOTATION_INVITE_KEY=$(head -c 48 /dev/urandom | base64 | tr -d '\n')
export QUARKUS_HTTP_AUTH_SESSION_ENCRYPTION_KEY=$(head -c 32 /dev/urandom | base64 | tr -d '\n')

start() { # name port VAR=value...
  local name=$1 port=$2; shift 2
  env "$@" java -Xmx768m -Dquarkus.http.port="$port" -Dai.djl.offline=true \
    -Djava.util.logging.manager=org.jboss.logmanager.LogManager -jar "$JAR" > "$WORK/$name.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 180); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://localhost:$port/q/health/ready")" = 200 ] && { echo "$name ready on :$port"; return; }
    sleep 1
  done
  fail "$name did not become ready"
}
status() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
job_state() { curl -s -u "admin:$RELABEL_ADMIN_PASSWORD" "$1/api/jobs/$2" | python3 -c 'import sys,json; print(json.load(sys.stdin)["state"])'; }

A=http://localhost:18091 B=http://localhost:18092
start web-a 18091 RELABEL_JOBS_EXCLUDE_KINDS=score-model
start web-b 18092 RELABEL_JOBS_EXCLUDE_KINDS=score-model

for probe in started live ready; do
  for url in $A $B; do [ "$(status "$url/q/health/$probe")" = 200 ] || fail "$url/q/health/$probe"; done
done
echo "ok: /q/health/started, /live, /ready answer 200 on both replicas"

curl -s -c "$WORK/cookies" -o /dev/null -d "j_username=admin&j_password=$RELABEL_ADMIN_PASSWORD" "$A/j_security_check"
[ "$(status -b "$WORK/cookies" "$B/api/datasets")" = 200 ] || fail "replica B refused replica A's session cookie"
[ "$(status "$B/api/datasets")" = 401 ] || fail "replica B answered without credentials"
echo "ok: a session started on replica A is accepted by replica B"

U=(-u "admin:$RELABEL_ADMIN_PASSWORD")
python3 - "$WORK/images.zip" <<'PY'
import sys, zlib, struct, zipfile
def png(rgb, n=48):
    raw = b''.join(b'\x00' + bytes(rgb) * n for _ in range(n))
    def chunk(t, d): return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d) & 0xffffffff)
    return (b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', n, n, 8, 2, 0, 0, 0))
            + chunk(b'IDAT', zlib.compress(raw)) + chunk(b'IEND', b''))
with zipfile.ZipFile(sys.argv[1], 'w') as z:
    for key, rgb in (('red/r.png', (255, 0, 0)), ('green/g.png', (20, 200, 30)), ('blue/b.png', (0, 0, 255))):
        z.writestr(key, png(rgb))
PY
curl -sf "${U[@]}" -X PUT -H 'Content-Type: application/json' -d '{"name":"Smoke"}' "$A/api/datasets/smoke" -o /dev/null
curl -sf "${U[@]}" -H 'Content-Type: text/csv' --data-binary $'key,name,index\nred,Red,0\ngreen,Green,1\nblue,Blue,2\n' \
  "$B/api/datasets/smoke/classes" -o /dev/null
curl -sf "${U[@]}" -H 'Content-Type: application/zip' --data-binary @"$WORK/images.zip" "$A/api/datasets/smoke/images" -o /dev/null
curl -sf "${U[@]}" -F name=tiny -F file=@src/test/resources/models/tiny-colour.pt \
  -F 'preprocessing={"size":32,"resize":32,"centerCrop":false}' "$B/api/datasets/smoke/models" -o /dev/null
JOB=$(curl -sf "${U[@]}" -X POST "$A/api/datasets/smoke/models/tiny/score" | python3 -c 'import sys,json; print(json.load(sys.stdin)["id"])')
sleep 6
[ "$(job_state $B "$JOB")" = QUEUED ] || fail "a web replica ran the scoring job"
echo "ok: with only web replicas running, the scoring job stays queued"

start worker 18093 RELABEL_JOBS_KINDS=score-model RELABEL_JOBS_THREADS=1
for _ in $(seq 1 120); do
  state=$(job_state $A "$JOB"); [ "$state" = QUEUED ] || [ "$state" = RUNNING ] || break; sleep 1
done
[ "$state" = SUCCEEDED ] || fail "scoring job ended $state"
curl -s "${U[@]}" "$B/api/datasets/smoke/models" | grep -q '"scoredImages":3' || fail "not every image was scored"
echo "ok: the worker claimed the scoring job and scored the images uploaded through the web replicas"
TOKEN=$(curl -sf "${U[@]}" -X POST -H 'Content-Type: application/json' -d '{"name":"prometheus"}' "$A/api/tokens" \
  | python3 -c 'import sys,json; print(json.load(sys.stdin)["token"])')
[ "$(status "$B/q/metrics")" = 401 ] || fail "metrics without credentials"
curl -sf -H "Authorization: Bearer $TOKEN" "$B/q/metrics" | grep -q '^http_server_requests_seconds_count' \
  || fail "an admin's API token could not scrape /q/metrics"
echo "ok: /q/metrics needs credentials; an admin's API token scrapes it"
echo "replicas smoke test: all checks passed"
