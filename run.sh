#!/usr/bin/env bash
# Starts the BrewBeans sample store (http://127.0.0.1:8080/) and its admin (http://127.0.0.1:8081/admin/).
# Needs only a JDK (8+ to run, 11+ to build; 17 is what we test on) and Maven. See README.md for the variables.
set -euo pipefail
cd "$(dirname "$0")"

if [ "${SKIP_BUILD:-}" != "1" ]; then
  echo "Building (tests skipped)..."
  mvn -q -B -pl sample-store -am package -DskipTests
fi

classes=sample-store/target/classes
agent=sample-store/target/agent/spring-instrument.jar
classpath="$classes:$(cat sample-store/target/launcher.classpath)"

# Broadleaf 3.1 merges entity classes at load time (javaagent) and Hibernate 4.1 proxies need java.lang open.
exec java ${STORE_JAVA_OPTS:--Xmx1g} \
  -javaagent:"$agent" \
  --add-opens java.base/java.lang=ALL-UNNAMED \
  --add-opens java.base/java.util=ALL-UNNAMED \
  -Djava.io.tmpdir="${STORE_DATA_DIR:-data}/tmp" \
  -cp "$classpath" io.github.broadleafmeta.store.launcher.StoreLauncher
