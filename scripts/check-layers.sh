#!/usr/bin/env bash
# Checks the layering rules written at the top of app/src/lib.rs and prints each breach as
# file:line: what. Exits 1 when there is one. The rules:
#   1. no api.rs, forms.rs or server function file (server_fns.rs, server_fns/) imports a
#      pages module;
#   2. no capability imports another capability's api, pages, server_fns or routes;
#   3. no two capabilities import each other, directly or through others (a cycle);
#   4. web/ (shared page plumbing) names no capability;
#   5. queries on the database (Entity::find/insert/update/delete, raw statements) sit only in
#      repo modules (repo.rs, repo/) or in the plumbing that owns its one table (audit.rs,
#      mail/outbox.rs, jobs.rs, metrics.rs, the demo data);
#   6. server/src/routes.rs registers no capability's handler: each capability's routes() does.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root/app/src"
caps="survey complaints triage analytics training followups accounts units admin open311 calendar"
alt=${caps// /|}
query='Entity::(find|insert|update|delete)|::find_by_id\(|\.query_(one|all)(_raw)?\(|execute_unprepared\(|\.execute_raw\(|(insert|update|delete)_many\(|\.(one|all|count|exec|exec_without_returning)\((&|db\b|txn\b)'
breaches=$(
  # 1
  grep -rn "pages::" --include=api.rs --include=server_fns.rs --include=forms.rs . | sed 's/$/  <- imports a page/' || true
  grep -rn "pages::" ./*/server_fns/ 2>/dev/null | sed 's/$/  <- imports a page/' || true
  # 2
  for cap in $caps; do
    [ -d "$cap" ] || continue
    grep -rnE "crate::($alt)::(api|pages|server_fns|routes)\b" "$cap" | grep -v "crate::$cap::" \
      | sed 's/$/  <- another capability'"'"'s handlers/' || true
  done
  # 4
  grep -rnE "crate::($alt)::" web/ | sed 's/$/  <- web\/ names a capability/' || true
  # 5
  grep -rnE "$query" --include=*.rs . \
    | grep -vE '^\./([a-z_0-9/]*/)?repo(\.rs|/)|^\./entities/|^\./(audit|jobs|metrics|demo|demo_staff)\.rs:|^\./mail/outbox\.rs:' \
    | sed 's/$/  <- a query outside a repo module/' || true
  # 6
  grep -nE "app::($alt)::" "$root/server/src/routes.rs" | grep -E "\.route\(|get\(|post\(" \
    | sed "s|^|server/src/routes.rs:|; s/$/  <- a capability's route outside its routes()/" || true
  routes=$(grep -c "\.route(" "$root/server/src/routes.rs" || true)
  if [ "$routes" -gt 10 ]; then
    echo "server/src/routes.rs: $routes .route( calls  <- at most 10; the rest belong to a capability's routes()"
  fi
)
# 3: the capability graph (A uses B), sorted topologically; tsort names the files of a loop.
edges=$(
  for a in $caps; do
    [ -d "$a" ] || continue
    for b in $caps; do
      [ "$a" = "$b" ] && continue
      if grep -rqE "crate::$b::" "$a"; then echo "$b $a"; fi
    done
  done
)
if ! cycle=$(printf '%s\n' "$edges" | tsort 2>&1 >/dev/null); then
  breaches+=$'\n'"capabilities in a cycle: $(echo "$cycle" | grep -v 'input contains a loop' | sed 's/^tsort: //' | sort -u | tr '\n' ' ')"
  for e in $(printf '%s\n' "$edges" | awk '{print $2"->"$1}'); do
    a=${e%%->*} b=${e##*->}
    if printf '%s\n' "$edges" | grep -qx "$a $b"; then
      breaches+=$'\n'"$(grep -rnE "crate::$b::" "$a" | head -1)  <- $a and $b import each other"
    fi
  done
fi
breaches=$(printf '%s\n' "$breaches" | sed '/^$/d')
if [ -n "$breaches" ]; then
  printf '%s\n' "$breaches"
  exit 1
fi
echo "layers: no breach"
