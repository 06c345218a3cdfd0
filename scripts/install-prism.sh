#!/usr/bin/env bash
# Installs the pinned Stoplight Prism (tools/prism/package-lock.json) into
# tools/prism/node_modules for tests/conformance.rs, which runs this itself on
# first use (running it by hand is optional). Idempotent: does nothing when
# node_modules was installed from the current lock file and the prism binary
# is there; otherwise reinstalls it from scratch with `npm ci`. Safe to run
# from several processes at once: one installs (holding a lock folder,
# tools/prism/.install-lock), the others wait for it and then find Prism
# up to date. Needs node (>= 18.20.1) and npm; reaches only the npm registry.
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
up_to_date() { [ -x "$bin" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; }
report_up_to_date() { echo "install-prism: up to date ($("$bin" --version))"; }
if up_to_date; then
  report_up_to_date
  exit 0
fi

# One installer at a time: mkdir is atomic. A lock whose owner is gone (a
# killed install) is taken over; a live one is waited for, 10 minutes at most.
lock="$dir/.install-lock"
waited=0
until mkdir "$lock" 2>/dev/null; do
  owner="$(cat "$lock/pid" 2>/dev/null || true)"
  if [ -n "$owner" ] && ! kill -0 "$owner" 2>/dev/null; then
    echo "install-prism: taking over the lock of process $owner, which is gone" >&2
    rm -rf "$lock"
    continue
  fi
  if [ "$waited" -ge 600 ]; then
    echo "install-prism: another install has held $lock for 10 minutes; if none is running, remove it" >&2
    exit 1
  fi
  sleep 1
  waited=$((waited + 1))
done
echo $$ > "$lock/pid"
trap 'rm -rf "$lock"' EXIT
if up_to_date; then
  report_up_to_date
  exit 0
fi

echo "install-prism: npm ci in $dir"
npm ci --prefix "$dir" --no-audit --no-fund
printf '%s' "$want" > "$stamp"
echo "install-prism: installed prism $("$bin" --version)"
