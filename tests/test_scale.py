"""Many clips at once on several worker processes sharing Redis and PostgreSQL."""
from __future__ import annotations

import re
import shutil
from collections import Counter

import pytest
from support import (
    REDIS_URL,
    LiveSite,
    add_token,
    add_user,
    local_env,
    make_clip,
    new_queue_name,
    new_stage,
    upload_all_at_once,
)

from runphys.extensions import db
from runphys.models import Clip

CLIPS, WORKERS = 12, 3


@pytest.mark.slow
@pytest.mark.redis
@pytest.mark.postgres
def test_twelve_clips_on_three_worker_processes_are_each_encoded_once(pg_url, tmp_path):
    site = LiveSite(tmp_path, {**local_env(tmp_path), "RUNPHYS_DATABASE_URL": pg_url, "RUNPHYS_REDIS_URL": REDIS_URL,
                               "RUNPHYS_QUEUE_NAME": new_queue_name(), "RUNPHYS_WORKERS": "1"})
    try:
        add_user(site.app, "scale@example.com")
        auth = {"Authorization": f"Bearer {add_token(site.app, 'scale@example.com')}"}
        stage_id = new_stage(site, auth)
        source = make_clip(tmp_path / "source.mp4", seconds=1.0)
        paths = [shutil.copyfile(source, tmp_path / f"run-{n:02}.mp4") for n in range(CLIPS)]
        logs = [tmp_path / f"worker-{n}.log" for n in range(WORKERS)]
        for log in logs:
            site.start_worker(log)
        clip_ids = upload_all_at_once(site, auth, stage_id, paths)
        ready = [site.wait_clip(clip_id, auth, timeout=600) for clip_id in clip_ids]
        text = "".join(log.read_text() for log in logs)
        assert [c["status"] for c in ready] == ["ready"] * CLIPS, text[-3000:]
        encodes = Counter(int(m) for m in re.findall(r"clip (\d+) ready as version", text))
        assert encodes == Counter(clip_ids), text[-3000:]  # each clip once, no other
        with site.app.app_context():
            attempts = {c.id: c.attempts for c in db.session.query(Clip).filter(Clip.id.in_(clip_ids))}
        assert attempts == {clip_id: 1 for clip_id in clip_ids}
    finally:
        site.close()
