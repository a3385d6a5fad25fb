#!/usr/bin/env bash
# Checks the dependency rule written at the top of app/src/lib.rs: no api.rs, forms.rs or
# server function file (server_fns.rs, server_fns/) imports a pages module, and no
# capability imports another capability's api, pages or
# server_fns. Prints each breach; exits 1 when there is one.
set -euo pipefail
cd "$(dirname "$0")/../app/src"
caps="survey complaints triage analytics training accounts units admin open311"
breaches=$(
  grep -rn "pages::" --include=api.rs --include=server_fns.rs --include=forms.rs . || true
  grep -rn "pages::" ./*/server_fns/ 2>/dev/null || true
  for cap in $caps; do
    [ -d "$cap" ] || continue
    grep -rnE "crate::(${caps// /|})::(api|pages|server_fns)" "$cap" | grep -v "crate::$cap::" || true
  done
)
if [ -n "$breaches" ]; then
  printf '%s\n' "$breaches"
  exit 1
fi
echo "layers: no breach"
