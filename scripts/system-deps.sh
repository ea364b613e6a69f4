#!/usr/bin/env bash
# Make sure the system packages RunPhys needs are here: `system-deps.sh run` (ffmpeg) or
# `system-deps.sh test` (ffmpeg, chromium, Ceph RGW). Exports burn text in with DejaVu Sans
# (fonts-dejavu-core), for run as for test. Installs with apt when root; otherwise says what to install.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
want=(ffmpeg fonts-dejavu-core)
[ "${1:-run}" = test ] && want+=(chromium)
missing=()
for pkg in "${want[@]}"; do
    case $pkg in
        ffmpeg) command -v ffmpeg >/dev/null && command -v ffprobe >/dev/null || missing+=(ffmpeg) ;;
        fonts-dejavu-core) [ -f /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf ] || missing+=(fonts-dejavu-core) ;;
        chromium) [ -x /usr/bin/chromium ] || missing+=(chromium) ;;
    esac
done
if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "system-deps: installing ${missing[*]} with apt" >&2
        apt-get update -q >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
    else
        echo "system-deps: missing ${missing[*]}; install them with: sudo apt-get install ${missing[*]}" >&2
        exit 1
    fi
fi
if [ "${1:-run}" = test ] && ! command -v radosgw >/dev/null; then
    if [ "$(id -u)" = 0 ]; then
        "$here/s3/install-rgw.sh"
    else
        echo "system-deps: radosgw missing: the S3 tests will be skipped (sudo $here/s3/install-rgw.sh)" >&2
    fi
fi
