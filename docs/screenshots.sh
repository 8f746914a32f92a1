#!/usr/bin/env bash
# Renders the README's admin screenshots (docs/img/admin-*.png) from a freshly booted sample store with sample
# delivery data: ./docs/screenshots.sh [output-directory]. Needs Debian's chromium. A docs task, not a test.
set -euo pipefail
cd "$(dirname "$0")/.."
out="$(realpath -m "${1:-docs/img}")"
classpath="$PWD/sample-store/target/screenshots.classpath"

# Compiles the store and its test helpers (which boot it) and writes their class path.
mvn -B -q -pl sample-store -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$classpath"

cd sample-store
# The JVM flags Broadleaf 3.1 needs on a modern JDK, as in the integration tests (sample-store/pom.xml).
exec java -javaagent:target/agent/spring-instrument.jar -Xmx1g \
  --add-opens java.base/java.lang=ALL-UNNAMED --add-opens java.base/java.util=ALL-UNNAMED \
  -Dstore.it.dataDir=target/screenshots-data \
  -cp "target/test-classes:target/classes:$(cat "$classpath")" \
  io.github.broadleafmeta.store.AdminScreenshots "$out"
