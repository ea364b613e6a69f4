"""Unfurl data of case and clip pages (OpenGraph, Twitter, JSON-LD), read the way consumers do
(extruct, lxml, micawber), and the oEmbed endpoint's answers and refusals, on a live site whose
clips the real worker processed."""
from __future__ import annotations

import json
import re
import subprocess
import time
from urllib.parse import parse_qs, urljoin, urlsplit

import extruct
import pytest
import requests
from embed_site import PRIVATE_NAME
from lxml import etree, html
from micawber import Provider, ProviderRegistry
from micawber.exceptions import ProviderHTTPException
from studio.helpers import csrf_of, login

pytestmark = pytest.mark.slow


def get(es, path: str, **kwargs) -> requests.Response:
    return requests.get(es.url + path, timeout=20, **kwargs)


def og_of(page_html: str, url: str) -> list[tuple[str, str]]:
    data = extruct.extract(page_html, base_url=url, syntaxes=["opengraph"], uniform=False)
    return data["opengraph"][0]["properties"]


def jsonld_of(page_html: str, url: str) -> dict[str, dict]:
    data = extruct.extract(page_html, base_url=url, syntaxes=["json-ld"])
    return {item["@type"]: item for item in data["json-ld"]}


def twitter_of(page_html: str) -> dict[str, str]:
    tree = html.fromstring(page_html)
    return {m.get("name"): m.get("content") for m in tree.xpath('//meta[starts-with(@name, "twitter:")]')}


def one(props, key):
    values = [v for k, v in props if k == key]
    assert len(values) == 1, (key, values)
    return values[0]


def og_videos(props) -> list[dict[str, str]]:
    """Group og:video and its structured properties the way the OpenGraph spec reads arrays."""
    videos = []
    for k, v in props:
        if k == "og:video":
            videos.append({"url": v})
        elif k.startswith("og:video:"):
            videos[-1][k[9:]] = v
    return videos


def api_clip(es, clip_id):
    return requests.get(f"{es.url}/api/v1/clips/{clip_id}", headers=es.headers, timeout=10).json()


def test_case_page_opengraph_and_jsonld(es) -> None:
    main = es.cases["main"]
    url = f"{es.url}/cases/{main['slug']}"
    page = get(es, f"/cases/{main['slug']}").text
    og = og_of(page, url)
    assert one(og, "og:type") == "article"
    assert one(og, "og:title") == "Back pain from weak hips"
    assert one(og, "og:description").startswith("Sam came in with an ache")
    assert one(og, "og:url") == url
    assert one(og, "og:site_name") == "RunPhys"
    first, portrait = main["clips"]
    assert one(og, "og:image") == f"{es.url}/og/clips/{first['uid']}.jpg?v=1"
    assert (one(og, "og:image:width"), one(og, "og:image:height")) == ("1200", "630")
    assert one(og, "og:image:type") == "image/jpeg"
    assert "Side view on the treadmill" in one(og, "og:image:alt")
    mp4, player = og_videos(og)
    rendition = first["renditions"][0]
    assert mp4 == {"url": urljoin(es.url, rendition["url"]), "type": "video/mp4",
                   "width": str(rendition["width"]), "height": str(rendition["height"])}
    assert player == {"url": f"{es.url}/embed/cases/{main['slug']}", "type": "text/html",
                      "width": "640", "height": "360"}
    assert requests.get(mp4["url"], timeout=10).headers["Content-Type"] == "video/mp4"

    ld = jsonld_of(page, url)
    article = ld["Article"]
    assert article["headline"] == "Back pain from weak hips"
    assert article["url"] == url and article["mainEntityOfPage"]["@id"] == url
    assert article["author"]["name"] == "Maria" and article["publisher"]["name"] == "RunPhys"
    assert article["datePublished"].endswith("+00:00")
    assert article["image"]["url"] == one(og, "og:image")
    videos = article["video"]
    assert [v["@type"] for v in videos] == ["VideoObject", "VideoObject"]
    for video, clip in zip(videos, main["clips"]):
        check_video_object(es, video, clip)
    crumbs = ld["BreadcrumbList"]["itemListElement"]
    assert [(c["position"], c["name"], c["item"]) for c in crumbs] == [
        (1, "RunPhys", es.url + "/"), (2, "Hips", es.url + "/category/hips"), (3, "Back pain from weak hips", url)]


def check_video_object(es, video: dict, clip: dict) -> None:
    """Every field of a clip's VideoObject against the clip as the API reports it."""
    created = clip["notes"]  # (t, text, end) as created
    clip = {**clip, **api_clip(es, clip["id"])}
    assert video["name"].startswith(clip["caption"])
    assert clip["caption"] in video["description"]
    seconds = clip["duration"]
    assert video["duration"] == iso(seconds)
    assert video["contentUrl"] == urljoin(es.url, clip["renditions"][0]["url"])
    assert video["embedUrl"] == f"{es.url}/embed/clips/{clip['uid']}"
    assert video["url"] == f"{es.url}/clips/{clip['uid']}"
    assert urljoin(es.url, clip["poster"]) in video["thumbnailUrl"]
    assert (video["width"], video["height"]) == (clip["renditions"][0]["width"], clip["renditions"][0]["height"])
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+00:00", video["uploadDate"])
    notes = created
    assert notes, "every clip of the test site has notes: key moments must be checked"
    assert [n["t"] for n in clip["notes"]] == [t for t, _, _ in created]
    parts = video["hasPart"]
    assert [p["@type"] for p in parts] == ["Clip"] * len(notes)
    for i, (part, (t, text, end)) in enumerate(zip(parts, notes)):
        expected_end = end if end else (notes[i + 1][0] if i + 1 < len(notes) else seconds)
        assert part["name"] == text
        assert part["startOffset"] == pytest.approx(t)
        assert part["endOffset"] == pytest.approx(expected_end)
        assert part["url"] == f"{es.url}/clips/{clip['uid']}?t={t:g}"


def iso(seconds: float) -> str:
    whole = f"{seconds:.3f}".rstrip("0").rstrip(".")
    return f"PT{whole}S" if seconds < 60 else pytest.fail("test clips are short")


def test_clip_page_is_a_video_with_key_moments(es) -> None:
    clip = es.cases["main"]["clips"][0]
    url = f"{es.url}/clips/{clip['uid']}"
    page = get(es, f"/clips/{clip['uid']}").text
    og = og_of(page, url)
    assert one(og, "og:type") == "video.other"
    assert one(og, "og:url") == url
    assert one(og, "og:title") == "Side view on the treadmill — Back pain from weak hips"
    assert one(og, "video:duration") == "4"
    mp4, player = og_videos(og)
    assert player["url"] == f"{es.url}/embed/clips/{clip['uid']}" and player["type"] == "text/html"
    assert (player["width"], player["height"]) == ("640", "360")
    ld = jsonld_of(page, url)
    check_video_object(es, ld["VideoObject"], clip)
    assert [c["name"] for c in ld["BreadcrumbList"]["itemListElement"]] == [
        "RunPhys", "Hips", "Back pain from weak hips", "Side view on the treadmill"]
    twitter = twitter_of(page)  # PUBLIC_URL is http here: no player card (it needs HTTPS)
    assert twitter["twitter:card"] == "summary_large_image"
    assert twitter["twitter:image"] == one(og, "og:image")
    discovery = html.fromstring(page).xpath('//link[@type="application/json+oembed"]/@href')[0]
    assert parse_qs(urlsplit(discovery).query)["url"] == [url]
    # the clip page plays the clip from ?t=: the key moment links land on a player
    assert f'id="clip-{clip["uid"]}"' in page


def test_twitter_player_card_over_https(es) -> None:
    app = es.site.app
    saved = app.config["PUBLIC_URL"]
    app.config["PUBLIC_URL"] = "https://runphys.example"
    try:
        clip = es.cases["main"]["clips"][1]  # portrait
        page = app.test_client().get(f"/clips/{clip['uid']}").get_data(as_text=True)
    finally:
        app.config["PUBLIC_URL"] = saved
    twitter = twitter_of(page)
    assert twitter["twitter:card"] == "player"
    assert twitter["twitter:player"] == f"https://runphys.example/embed/clips/{clip['uid']}"
    width, height = int(twitter["twitter:player:width"]), int(twitter["twitter:player:height"])
    assert (width, height) == (640, 360)  # the fixed player box: the portrait picture fits inside
    assert twitter["twitter:player:stream"] in [urljoin("https://runphys.example/", r["url"]) for r in clip["renditions"]]
    assert twitter["twitter:player:stream:content_type"] == "video/mp4"
    assert twitter["twitter:image"] == f"https://runphys.example/og/clips/{clip['uid']}.jpg?v=1"
    og = og_of(page, "https://runphys.example/")
    videos = og_videos(og)  # secure_url for each served over HTTPS (the MP4 too, unless its bucket is plain HTTP)
    assert [v.get("secure_url") for v in videos] == [v["url"] if v["url"].startswith("https://") else None
                                                     for v in videos]
    assert videos[-1]["secure_url"] == f"https://runphys.example/embed/clips/{clip['uid']}"
    assert one(og, "og:image:secure_url") == one(og, "og:image")


def probe_size(path) -> tuple[int, int]:
    out = subprocess.run(["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
                          "stream=width,height,codec_name", "-of", "json", str(path)],
                         capture_output=True, text=True, check=True).stdout
    stream = json.loads(out)["streams"][0]
    assert stream["codec_name"] == "mjpeg"
    return stream["width"], stream["height"]


def test_og_image_is_a_filled_1200x630_jpeg(es, tmp_path) -> None:
    portrait = es.cases["main"]["clips"][1]
    r = get(es, f"/og/clips/{portrait['uid']}.jpg?v=1", allow_redirects=False)
    assert r.status_code == 302
    image = requests.get(r.headers["Location"], timeout=10)
    assert image.headers["Content-Type"] == "image/jpeg"
    (tmp_path / "og.jpg").write_bytes(image.content)
    assert probe_size(tmp_path / "og.jpg") == (1200, 630)
    # portrait: the picture is 630 high and ~355 wide in the middle over a blurred fill of itself
    gray = subprocess.run(["ffmpeg", "-v", "error", "-i", str(tmp_path / "og.jpg"), "-vf", "scale=120:63,format=gray",
                           "-f", "rawvideo", "-"], capture_output=True, check=True).stdout
    columns = [sum(gray[y * 120 + x] for y in range(63)) / 63 for x in range(120)]
    assert sum(columns[:35]) / 35 > 40 and sum(columns[-35:]) / 35 > 40  # no black pillars either side
    assert sum(columns[45:75]) / 30 > 80
    again = get(es, f"/og/clips/{portrait['uid']}.jpg?v=1", allow_redirects=False)
    assert again.headers["Location"] == r.headers["Location"]


def test_micawber_turns_a_case_url_into_a_playable_embed(es) -> None:
    registry = ProviderRegistry()
    registry.register(re.escape(es.url) + r"/\S+", Provider(es.url + "/oembed"))
    main = es.cases["main"]
    data = registry.request(f"{es.url}/cases/{main['slug']}")
    assert data["type"] == "video" and data["version"] == "1.0"
    iframe = html.fromstring(data["html"])
    assert iframe.tag == "iframe"
    src = iframe.get("src")
    assert src == f"{es.url}/embed/cases/{main['slug']}"
    assert (int(iframe.get("width")), int(iframe.get("height"))) == (data["width"], data["height"])
    embed = requests.get(src, timeout=10)
    assert embed.status_code == 200
    assert "X-Frame-Options" not in embed.headers
    assert "frame-ancestors *" in embed.headers["Content-Security-Policy"]
    video_src = html.fromstring(embed.text).xpath("//figure[@class='clip']//video/source/@src")[0]
    video = requests.get(urljoin(es.url, video_src), headers={"Range": "bytes=0-99"}, timeout=10)
    assert video.status_code == 206 and video.headers["Content-Type"] == "video/mp4"
    with pytest.raises(ProviderHTTPException):
        registry.request(f"{es.url}/cases/{es.cases['noembed']['slug']}")


def oembed(es, url, **params) -> requests.Response:
    return get(es, "/oembed", params={"url": url, **params})


def test_oembed_answer_fields(es) -> None:
    main = es.cases["main"]
    data = oembed(es, f"{es.url}/clips/{main['clips'][0]['uid']}", format="json").json()
    assert data["type"] == "video" and data["version"] == "1.0"
    assert data["title"] == "Side view on the treadmill — Back pain from weak hips"
    assert data["author_name"] == "Maria" and data["author_url"] == es.url + "/author/maria"
    author = get(es, "/author/maria")  # the author's page lists her cases
    assert author.status_code == 200 and f'/cases/{main["slug"]}"' in author.text
    assert data["provider_name"] == "RunPhys" and data["provider_url"] == es.url + "/"
    assert data["cache_age"] == 3600
    assert (data["width"], data["height"]) == (640, 360)
    assert data["thumbnail_url"] == urljoin(es.url, main["clips"][0]["poster"])
    assert (data["thumbnail_width"], data["thumbnail_height"]) == (640, 360)
    assert requests.get(data["thumbnail_url"], timeout=10).headers["Content-Type"] == "image/jpeg"


def test_oembed_maxwidth_smaller_than_the_video(es) -> None:
    clip = es.cases["main"]["clips"][0]
    data = oembed(es, f"{es.url}/clips/{clip['uid']}", maxwidth=320, maxheight=600).json()
    assert (data["width"], data["height"]) == (320, 180)
    iframe = html.fromstring(data["html"])
    assert (iframe.get("width"), iframe.get("height")) == ("320", "180")
    assert "thumbnail_url" not in data  # the 640×360 poster would not respect maxwidth


def test_oembed_portrait_clip_fits_the_player_box(es) -> None:
    clip = es.cases["main"]["clips"][1]
    data = oembed(es, f"{es.url}/clips/{clip['uid']}").json()
    assert (data["width"], data["height"]) == (640, 360)
    iframe = html.fromstring(data["html"])
    assert (iframe.get("width"), iframe.get("height")) == ("640", "360")
    small = oembed(es, f"{es.url}/embed/clips/{clip['uid']}", maxwidth=500, maxheight=200).json()
    assert (small["width"], small["height"]) == (355, 200)  # 16:9 within both limits
    iframe = html.fromstring(small["html"])
    assert (iframe.get("width"), iframe.get("height")) == ("355", "200")
    case = oembed(es, f"{es.url}/cases/{es.cases['portrait']['slug']}", maxwidth=1280).json()
    assert (case["width"], case["height"]) == (1280, 720)  # a portrait-led case too


def test_oembed_comparison_start_time_and_clip_fragment(es) -> None:
    main = es.cases["main"]
    data = oembed(es, f"{es.url}/embed/compare/{es.comparison_uid}").json()
    src = html.fromstring(data["html"]).get("src")
    assert src == f"{es.url}/embed/compare/{es.comparison_uid}"
    assert data["title"] == "Before and after — Back pain from weak hips"
    assert data["width"] > data["height"]
    timed = oembed(es, f"{es.url}/clips/{main['clips'][0]['uid']}?t=2.5").json()
    assert html.fromstring(timed["html"]).get("src") == f"{es.url}/embed/clips/{main['clips'][0]['uid']}?t=2.5"
    fragment = oembed(es, f"{es.url}/cases/{main['slug']}#clip-{main['clips'][1]['uid']}").json()
    assert html.fromstring(fragment["html"]).get("src") == f"{es.url}/embed/clips/{main['clips'][1]['uid']}"


def test_oembed_xml_and_unsupported_format(es) -> None:
    main = es.cases["main"]
    r = oembed(es, f"{es.url}/cases/{main['slug']}", format="xml")
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/xml")
    root = etree.fromstring(r.content)
    assert root.tag == "oembed"
    assert root.findtext("type") == "video" and root.findtext("version") == "1.0"
    assert html.fromstring(root.findtext("html")).get("src") == f"{es.url}/embed/cases/{main['slug']}"
    assert oembed(es, f"{es.url}/cases/{main['slug']}", format="yaml").status_code == 501


@pytest.mark.parametrize("url", [
    "{base}/cases/no-such-case", "{base}/clips/99999", "{base}/embed/compare/99999", "{base}/", "{base}/feed.xml",
    "https://elsewhere.example/cases/{main}", "ftp://127.0.0.1/cases/{main}", "not a url",
])
def test_oembed_unknown_or_foreign_urls_are_404(es, url) -> None:
    r = oembed(es, url.format(base=es.url, main=es.cases["main"]["slug"]))
    assert r.status_code == 404
    assert "error" in r.json()


@pytest.mark.parametrize("name", ["withdrawn", "noembed", "draft"])
def test_cases_that_may_not_be_embedded(es, name) -> None:
    case = es.cases[name]
    clip_id = case["clip_uids"][0]
    for url in (f"{es.url}/cases/{case['slug']}", f"{es.url}/clips/{clip_id}", f"{es.url}/embed/clips/{clip_id}"):
        assert oembed(es, url).status_code == 404, url
    for path in (f"/embed/clips/{clip_id}", f"/embed/cases/{case['slug']}", f"/og/clips/{clip_id}.jpg"):
        assert get(es, path, allow_redirects=False).status_code == 404, path
    expected = {"withdrawn": 410, "draft": 404, "noembed": 200}[name]  # the reader's pages
    assert get(es, f"/cases/{case['slug']}").status_code == expected
    assert get(es, f"/clips/{clip_id}").status_code == expected


def test_site_only_consent_unfurls_without_media(es) -> None:
    case = es.cases["noembed"]
    for path in (f"/cases/{case['slug']}", f"/clips/{case['clip_uids'][0]}"):
        page = get(es, path).text
        og = og_of(page, es.url + path)
        keys = {k for k, _ in og}
        assert {"og:title", "og:description", "og:url", "og:site_name"} <= keys
        assert not any(k.startswith(("og:image", "og:video", "video:")) for k in keys), keys
        assert one(og, "og:type") == "article"
        twitter = twitter_of(page)
        assert twitter["twitter:card"] == "summary" and "twitter:image" not in twitter
        assert "json+oembed" not in page and "/og/clips/" not in page and "/embed/" not in page
        assert "VideoObject" not in page
        assert "cannot be embedded elsewhere" in page


def test_unlisted_case_embeds_by_link(es) -> None:
    case = es.cases["unlisted"]
    assert oembed(es, f"{es.url}/cases/{case['slug']}").status_code == 200
    assert get(es, f"/embed/cases/{case['slug']}").status_code == 200
    assert case["slug"] not in get(es, "/").text


def test_only_embed_pages_may_be_framed_and_nothing_private_leaks(es) -> None:
    main = es.cases["main"]
    clip_id = main["clip_uids"][0]
    framed = [f"/embed/clips/{clip_id}", f"/embed/cases/{main['slug']}", f"/embed/compare/{es.comparison_uid}"]
    not_framed = [f"/cases/{main['slug']}", f"/clips/{clip_id}", "/"]
    for path in framed:
        r = get(es, path)
        assert r.status_code == 200 and "X-Frame-Options" not in r.headers
        assert "frame-ancestors *" in r.headers["Content-Security-Policy"]
        assert "json+oembed" in r.text
    for path in not_framed:
        r = get(es, path)
        assert r.headers["X-Frame-Options"] == "DENY"
        assert "frame-ancestors 'none'" in r.headers["Content-Security-Policy"]
    bodies = [get(es, p).text for p in framed + not_framed]
    bodies += [oembed(es, f"{es.url}{p}").text for p in framed[:2] + not_framed[:2]]
    assert not any(PRIVATE_NAME in b for b in bodies)


def rgb_means(image: bytes, box: tuple[int, int, int, int]) -> tuple[float, float, float]:
    """Mean R, G, B of a region (x, y, w, h) of a JPEG."""
    x, y, w, h = box
    raw = subprocess.run(["ffmpeg", "-v", "error", "-i", "pipe:", "-vf", f"crop={w}:{h}:{x}:{y},format=rgb24",
                          "-f", "rawvideo", "-"], input=image, capture_output=True, check=True).stdout
    n = w * h
    return tuple(sum(raw[i::3]) / n for i in range(3))


def luma(rgb: tuple[float, float, float]) -> float:
    return 0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2]


def test_chosen_frame_social_image_fills_without_bars_and_carries_the_title(es, monkeypatch) -> None:
    case = es.cases["portrait"]
    clip = case["clips"][0]  # portrait 240x426: red until 1.5 s, then blue
    studio = es.site.app.test_client()
    assert login(studio, "maria@example.com").status_code == 302
    page = studio.get(f"/studio/cases/{case['id']}").get_data(as_text=True)  # the form on the case's studio page
    form = html.fromstring(page).xpath(f'//form[@action="/studio/cases/{case["id"]}/social-image"]')
    assert form[0].xpath('.//select[@name="clip_id"]/option/text()') == ["Phone video from the side"]
    started: list = []
    real_init = subprocess.Popen.__init__

    def watched(self, args, *rest, **kwargs):
        started.append(args)
        real_init(self, args, *rest, **kwargs)

    monkeypatch.setattr(subprocess.Popen, "__init__", watched)
    r = studio.post(f"/studio/cases/{case['id']}/social-image",
                    data={"clip_id": clip["id"], "t": "2.2", "csrf_token": csrf_of(page)})
    monkeypatch.undo()
    assert r.status_code == 302 and "Frame chosen" in studio.get(r.headers["Location"]).get_data(as_text=True)
    assert started == []  # the web request ran no ffmpeg: the worker makes the image
    url = f"{es.url}/cases/{case['slug']}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        image_url = one(og_of(get(es, f"/cases/{case['slug']}").text, url), "og:image")
        if "case-social-" in image_url:
            break
        time.sleep(0.3)
    assert "case-social-" in image_url, image_url
    response = requests.get(image_url, timeout=10)
    assert response.headers["Content-Type"] == "image/jpeg"
    image = response.content
    assert (one(og_of(get(es, f"/cases/{case['slug']}").text, url), "og:image:width")) == "1200"
    centre = rgb_means(image, (560, 100, 80, 300))
    assert centre[2] > 150 and centre[0] < 60  # the chosen moment (blue), not the first frame (red)
    left, right = rgb_means(image, (0, 0, 60, 400)), rgb_means(image, (1140, 0, 60, 400))
    # no black pillars beside the portrait picture: the edges are a blurred fill of it
    assert luma(left) > 0.6 * luma(centre) and luma(right) > 0.6 * luma(centre)
    assert left[2] > 100 and right[2] > 100
    # the case title is written in a band along the bottom: white text there, none at the top
    band = subprocess.run(["ffmpeg", "-v", "error", "-i", "pipe:", "-vf", "crop=1200:130:0:500,format=gray",
                           "-f", "rawvideo", "-"], input=image, capture_output=True, check=True).stdout
    top = subprocess.run(["ffmpeg", "-v", "error", "-i", "pipe:", "-vf", "crop=1200:130:0:0,format=gray",
                          "-f", "rawvideo", "-"], input=image, capture_output=True, check=True).stdout
    assert sum(v > 200 for v in band) > 2000 and sum(v > 200 for v in top) == 0
    ld = jsonld_of(get(es, f"/cases/{case['slug']}").text, url)
    assert ld["Article"]["image"]["url"] == image_url


def test_a_title_rename_remakes_the_chosen_frame_social_image_in_the_worker(es, monkeypatch) -> None:
    case = es.cases["portrait"]
    url = f"{es.url}/cases/{case['slug']}"

    def og_image() -> str:
        return one(og_of(get(es, f"/cases/{case['slug']}").text, url), "og:image")

    def chosen_image(other_than: str | None = None) -> str:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            found = og_image()
            if "case-social-" in found and found != other_than:
                return found
            time.sleep(0.3)
        raise AssertionError(f"no new chosen-frame social image (still {found})")

    def band(image: bytes) -> bytes:  # where the title is written
        return subprocess.run(["ffmpeg", "-v", "error", "-i", "pipe:", "-vf", "crop=1200:130:0:500,format=gray",
                               "-f", "rawvideo", "-"], input=image, capture_output=True, check=True).stdout

    r = requests.post(f"{es.url}/api/v1/cases/{case['id']}/social-image", json={"clip_id": case["clips"][0]["id"],
                      "t": 2.2}, headers=es.headers, timeout=10)
    assert r.status_code < 300, r.text
    before_url = chosen_image()
    before = requests.get(before_url, timeout=10).content
    started: list = []
    real_init = subprocess.Popen.__init__

    def watched(self, args, *rest, **kwargs):
        started.append(args)
        real_init(self, args, *rest, **kwargs)

    title = "Portrait runner: a much longer and different title"
    old_title = requests.get(f"{es.url}/api/v1/cases/{case['id']}", headers=es.headers, timeout=10).json()["title"]
    monkeypatch.setattr(subprocess.Popen, "__init__", watched)
    r = requests.patch(f"{es.url}/api/v1/cases/{case['id']}", json={"title": title}, headers=es.headers, timeout=10)
    monkeypatch.undo()
    try:
        assert r.status_code == 200, r.text
        assert started == []  # the web request ran no ffmpeg: the worker remakes the image
        after_url = chosen_image(other_than=before_url)
        after = requests.get(after_url, timeout=10).content
        old_band, new_band = band(before), band(after)
        assert sum(abs(a - b) > 60 for a, b in zip(old_band, new_band)) > 1000  # other words in the band
        centre = rgb_means(after, (560, 100, 80, 300))
        assert centre[2] > 150 and centre[0] < 60  # still the chosen moment
    finally:
        requests.patch(f"{es.url}/api/v1/cases/{case['id']}", json={"title": old_title}, headers=es.headers,
                       timeout=10)

