"""On S3 storage (a real Ceph RGW) the preview image is stored beside the clip's media and every
media URL in the unfurl data is the bucket's own absolute URL; withdrawal takes the image down."""
from __future__ import annotations

import pytest
import requests
from support import LiveSite, api_token, local_env, make_clip, publish_case

pytestmark = [pytest.mark.slow, pytest.mark.s3]


@pytest.mark.once("it sets up S3 itself; in the production run every test is on S3")
def test_preview_image_and_media_urls_on_s3(tmp_path, s3_env) -> None:
    site = LiveSite(tmp_path, {**local_env(tmp_path), **s3_env})
    site.start_worker()
    try:
        headers = api_token(site)
        case, (clip,) = publish_case(site, headers, [make_clip(tmp_path / "side.mp4", seconds=2)], title="On S3")
        # publish_case's consent covers the site only: turn embeds on as the physio would
        with site.app.app_context():
            from runphys.extensions import db
            from runphys.models import Case
            db.session.get(Case, case["id"]).active_consent.scope_embeds = True
            db.session.commit()
        bucket = f"{s3_env['RUNPHYS_S3_ENDPOINT_URL']}/{s3_env['RUNPHYS_S3_BUCKET']}/media/"
        r = requests.get(f"{site.url}/og/clips/{clip['uid']}.jpg?v=1", allow_redirects=False, timeout=30)
        assert r.status_code == 302 and r.headers["Location"].startswith(bucket)
        image = requests.get(r.headers["Location"], timeout=10)
        assert image.status_code == 200 and image.content[:2] == b"\xff\xd8"
        data = requests.get(f"{site.url}/oembed", params={"url": f"{site.url}/clips/{clip['uid']}"}, timeout=10).json()
        assert data["thumbnail_url"].startswith(bucket)
        page = requests.get(f"{site.url}/clips/{clip['uid']}", timeout=10).text
        assert f'<meta property="og:video" content="{bucket}' in page
        with site.app.app_context():
            from runphys import cases
            gone = db.session.get(Case, case["id"])
            cases.withdraw_consent(gone, gone.author)
        # gone from the bucket: RGW answers an anonymous reader 403 for a missing key (no ListBucket)
        assert requests.get(r.headers["Location"], timeout=10).status_code == 403
        with site.app.app_context():
            key = r.headers["Location"].split(f"/{s3_env['RUNPHYS_S3_BUCKET']}/", 1)[1]
            assert not site.app.extensions["runphys.storage"].exists(key)
        assert requests.get(f"{site.url}/og/clips/{clip['uid']}.jpg", allow_redirects=False, timeout=10).status_code == 404
    finally:
        site.close()
