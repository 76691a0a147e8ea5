# Shared by the scripts: install what is missing, skip what is there.
# shellcheck shell=bash
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=tools.env
source "$ROOT/scripts/tools.env"
export PATH="$HOME/.cargo/bin:$ROOT/tools/node_modules/.bin:$PATH"

TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
SITE="${COPLAN_SITE_ROOT:-$TARGET_DIR/site}"
export COPLAN_SITE_ROOT="$SITE"

log() { printf '\n== %s\n' "$*" >&2; }

ensure_apt() { # ensure_apt COMMAND PACKAGE
  if ! command -v "$1" >/dev/null 2>&1; then
    log "installing Debian package $2"
    if [ -z "${COPLAN_APT_UPDATED:-}" ]; then apt-get update -qq; COPLAN_APT_UPDATED=1; fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
  fi
}

ensure_build_tools() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    log "adding the wasm32 target"
    rustup target add wasm32-unknown-unknown
  fi
  if [ "$(wasm-bindgen --version 2>/dev/null | cut -d' ' -f2)" != "$WASM_BINDGEN_VERSION" ]; then
    log "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
    cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
  fi
  local bin missing=""
  for bin in wasm-opt terser csso; do
    [ -x "$ROOT/tools/node_modules/.bin/$bin" ] || missing="$missing $bin"
  done
  if [ -n "$missing" ]; then
    ensure_apt npm npm
    log "installing wasm-opt (npm binaryen), terser and csso (tools/package.json)"
    (cd "$ROOT/tools" && npm ci --no-audit --no-fund)
  fi
  ensure_apt brotli brotli
}

ensure_python_tools() { # a virtualenv with the feed tests' iCalendar reader, kept between runs
  PYTHON_ENV="$HOME/.cache/coplan/python"
  if ! "$PYTHON_ENV/bin/python" -c 'import icalendar, recurring_ical_events' 2>/dev/null; then
    log "installing the iCalendar reader for the feed tests"
    python3 -m venv "$PYTHON_ENV"
    "$PYTHON_ENV/bin/pip" install --quiet -r "$ROOT/scripts/requirements-test.txt"
  fi
  export COPLAN_PYTHON="$PYTHON_ENV/bin/python"
}

ensure_browser_tools() { # Debian's Chromium and the end2end npm packages (no downloaded browser)
  ensure_apt chromium chromium
  local package missing=""
  for package in @playwright/test @axe-core/playwright lighthouse; do
    [ -d "$ROOT/end2end/node_modules/$package" ] || missing=1
  done
  if [ -n "$missing" ]; then
    ensure_apt npm npm
    log "installing the end2end npm packages"
    (cd "$ROOT/end2end" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
  fi
}

wait_for_server() { # wait_for_server BASE_URL: until /healthz answers, at most 20 s
  for _ in $(seq 1 100); do curl -sf "$1/healthz" >/dev/null && return 0; sleep 0.2; done
  echo "no answer from $1/healthz" >&2
  return 1
}
