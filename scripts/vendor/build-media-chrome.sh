#!/bin/sh
# Rebuild static/vendor/media-chrome-4.19.4/media-chrome.core.js: a bundle of only the Media
# Chrome elements RunPhys' player uses (static/js/player/controls.js), compiled with esbuild from
# the TypeScript sources the npm package ships (src/js/*.ts, the same files its own dist/ builds
# come from), minified. Same versions in, same bytes out: the sha256 is in
# static/vendor/README.md. Needs node + npm and the npm registry; works in a scratch dir, writes
# only the one output file.
#
#     sh scripts/vendor/build-media-chrome.sh [--check]
#
# --check builds into the scratch dir and compares with the vendored file instead of writing it.
set -eu
MEDIA_CHROME=4.19.4
ESBUILD=0.28.2
REPO=$(cd "$(dirname "$0")/../.." && pwd)
OUT="$REPO/static/vendor/media-chrome-$MEDIA_CHROME/media-chrome.core.js"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

cd "$TMP"
npm pack --silent "media-chrome@$MEDIA_CHROME" >/dev/null
tar xzf "media-chrome-$MEDIA_CHROME.tgz"
echo '{"private": true}' > package.json
npm install --silent --no-save --no-audit --no-fund "esbuild@$ESBUILD" >/dev/null

# The elements the player creates; each module defines its element (and the ones it needs, e.g.
# media-time-range's preview elements) on import. Keep in step with controls.js: the browser test
# tests/browser/test_player.py::test_every_media_chrome_element_used_is_defined checks it.
cat > entry.mjs <<'JS'
import "./package/src/js/media-controller.ts";
import "./package/src/js/media-play-button.ts";
import "./package/src/js/media-mute-button.ts";
import "./package/src/js/media-captions-button.ts";
import "./package/src/js/media-fullscreen-button.ts";
import "./package/src/js/media-time-range.ts";
import "./package/src/js/media-time-display.ts";
JS
# Class fields as upstream compiles them (its tsconfig: target ES2020, so TypeScript's assign
# semantics, not define semantics); the tarball has no tsconfig, so say it here.
echo '{"compilerOptions": {"useDefineForClassFields": false}}' > tsconfig.json
# Target: the browsers RunPhys' own player code already needs (Array.prototype.at: Chrome/Edge 92,
# Firefox 90, Safari 15.4). Upstream's es2019 build turns every private field into WeakMap
# helpers; these browsers run them natively, which is most of the size saved.
TARGET=chrome92,edge92,firefox90,safari15.4

./node_modules/.bin/esbuild entry.mjs --bundle --format=esm --target=$TARGET --minify \
  --tsconfig=tsconfig.json --legal-comments=none --log-level=warning \
  --banner:js="/*! Media Chrome $MEDIA_CHROME (MIT, see LICENSE): media-controller, play, mute, captions and fullscreen buttons, time range, time display; built by scripts/vendor/build-media-chrome.sh (esbuild $ESBUILD, target $TARGET) */" \
  --outfile=bundle.js

if [ "${1:-}" = "--check" ]; then
  cmp bundle.js "$OUT" && echo "identical: $OUT"
else
  cp bundle.js "$OUT"
  sha256sum "$OUT"
fi
