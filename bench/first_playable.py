"""Time from a finished upload to a playable clip, through the real site and worker.

Usage: .venv/bin/python bench/first_playable.py [--only landscape|portrait]

Starts the app (in-process HTTP server) and `flask runphys worker` as a subprocess on a fresh
instance folder, uploads bench/transcode.py's sources through the API and polls the clip's API
record every 0.1 s. Prints, from the moment the upload request returned: the job starting, the
first playlist a player could load (fetched over HTTP and holding a segment), the lowest rung's
MP4, and ready. Local-disk storage (the embedded default). Asserts nothing.
"""

import argparse
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urljoin

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "bench")]

from support import LiveSite, api_token, local_env  # noqa: E402
from transcode import SOURCES, make_source  # noqa: E402


def measure(site: LiveSite, headers: dict[str, str], src: Path) -> dict[str, float]:
    """Upload src to a new case; return seconds from the upload's response to each milestone."""
    api = site.url + "/api/v1"
    case = requests.post(f"{api}/cases", json={"title": f"Bench {src.stem}"}, headers=headers,
                         timeout=10).json()
    stage = requests.post(f"{api}/cases/{case['id']}/stages", json={"kind": "initial"},
                          headers=headers, timeout=10).json()
    with open(src, "rb") as f:
        sent = time.monotonic()
        clip = requests.post(f"{api}/stages/{stage['id']}/clips", headers=headers, timeout=600,
                             files={"file": (src.name, f)}).json()
    began = time.monotonic()
    seen: dict[str, float] = {"upload_s": began - sent}
    while "ready" not in seen and time.monotonic() - began < 900:
        data = requests.get(f"{api}/clips/{clip['id']}", headers=headers, timeout=10).json()
        now = time.monotonic() - began
        if data["status"] == "processing":
            seen.setdefault("processing", now)
        if data.get("hls") and "playlist" not in seen:
            playlist = requests.get(urljoin(site.url, data["hls"]), timeout=10)
            if playlist.ok and "#EXTINF" in playlist.text:
                seen["playlist"] = time.monotonic() - began
        if data["renditions"] and data.get("partial"):
            seen.setdefault("low_mp4", now)
        if data["status"] in ("ready", "failed"):
            seen["ready" if data["status"] == "ready" else "failed"] = now
            break
        time.sleep(0.1)
    return seen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=sorted(SOURCES))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-site-", dir=ROOT / "bench" / "out") as tmp:
        site = LiveSite(Path(tmp), local_env(Path(tmp)))
        site.start_worker()
        try:
            headers = api_token(site)
            for label in [args.only] if args.only else list(SOURCES):
                src = make_source(label)
                duration = SOURCES[label][1]
                seen = measure(site, headers, src)
                print(f"\n== {label} ({duration:.0f} s, {src.stat().st_size / 1e6:.0f} MB, "
                      f"upload request took {seen.pop('upload_s'):.1f} s)")
                for name, at in seen.items():
                    print(f"  {name:10s} after {at:6.1f} s = {at / duration:.2f} × duration")
        finally:
            site.close()


if __name__ == "__main__":
    main()
