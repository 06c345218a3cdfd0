#!/usr/bin/env bash
# Installs the pinned Stoplight Prism (tools/prism/package-lock.json) into
# tools/prism/node_modules for tests/conformance.rs. Idempotent: does nothing
# when node_modules was installed from the current lock file and the prism
# binary is there; otherwise reinstalls it from scratch with `npm ci`.
# Needs node (>= 18.20.1) and npm; reaches only the npm registry.
set -euo pipefail
dir="$(cd "$(dirname "$0")/.." && pwd)/tools/prism"
bin="$dir/node_modules/.bin/prism"
stamp="$dir/node_modules/.lock-sha256"

for tool in node npm; do
  if ! command -v "$tool" >/dev/null; then
    echo "install-prism: $tool is required (Node.js >= 18.20.1) but not on PATH" >&2
    exit 1
  fi
done
if ! node -e 'const [a, b, c] = process.versions.node.split(".").map(Number);
  process.exit(a > 18 || (a === 18 && (b > 20 || (b === 20 && c >= 1))) ? 0 : 1)'; then
  echo "install-prism: Node.js >= 18.20.1 is required, found $(node --version)" >&2
  exit 1
fi

lock_sum() { node -e 'const fs = require("fs"), crypto = require("crypto");
  process.stdout.write(crypto.createHash("sha256")
    .update(fs.readFileSync(process.argv[1])).digest("hex"))' "$dir/package-lock.json"; }

want="$(lock_sum)"
if [ -x "$bin" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  echo "install-prism: up to date ($("$bin" --version))"
  exit 0
fi

echo "install-prism: npm ci in $dir"
npm ci --prefix "$dir" --no-audit --no-fund
printf '%s' "$want" > "$stamp"
echo "install-prism: installed prism $("$bin" --version)"
