"""Session and remember-me cookies: flags, lifetime, and ending them all on a password change or a
deactivation, checked with a real cookie jar against a live site (issue 11, item 11)."""
from __future__ import annotations

import copy
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from http.cookies import SimpleCookie
from typing import Iterator

import pytest
import requests
from support import PASSWORD, LiveSite, add_user, base_config, local_env, setup_db

from runphys import create_app
from studio.helpers import csrf_of

NEW_PASSWORD = "a brand new password"


def set_cookies(response) -> dict[str, str]:
    """Each Set-Cookie header of a response by cookie name."""
    return {SimpleCookie(h).popitem()[0]: h for h in response.headers.getlist("Set-Cookie")}


def login_response(app, base_url: str):
    """The response to a login with "keep me logged in" ticked."""
    client = app.test_client()
    page = client.get("/auth/login", base_url=base_url)
    response = client.post("/auth/login", base_url=base_url, headers={"Referer": base_url + "/auth/login"}, data={
        "email": "maria@example.com", "password": PASSWORD, "remember": "y", "csrf_token": csrf_of(page.text)})
    assert response.status_code == 302
    return response


@pytest.mark.parametrize("settings", [{"PUBLIC_URL": "https://runphys.example"},
                                      {"PUBLIC_URL": "http://runphys.example", "FORCE_HTTPS": True}],
                         ids=["https-public-url", "force-https"])
def test_on_an_https_site_both_cookies_are_secure_httponly_lax_and_remember_lasts_30_days(tmp_path, settings):
    app = create_app({**base_config(tmp_path), "TESTING": True, **settings})
    setup_db(app)
    add_user(app, "maria@example.com")
    cookies = set_cookies(login_response(app, "https://runphys.example"))
    for name in ("session", "remember_token"):
        flags = [f.strip().lower() for f in cookies[name].split(";")]
        assert "secure" in flags and "httponly" in flags and "samesite=lax" in flags, (name, flags)
    expires = parsedate_to_datetime(SimpleCookie(cookies["remember_token"])["remember_token"]["expires"])
    assert abs(expires - (datetime.now(timezone.utc) + timedelta(days=30))) < timedelta(minutes=5)


def test_on_a_plain_http_site_the_cookies_still_work(tmp_path):
    """A local http site must not mark its cookies Secure, or no browser would send them back."""
    app = create_app({**base_config(tmp_path), "TESTING": True})
    setup_db(app)
    add_user(app, "maria@example.com")
    cookies = set_cookies(login_response(app, "http://localhost"))
    assert "secure" not in cookies["session"].lower() and "secure" not in cookies["remember_token"].lower()
    assert "samesite=lax" in cookies["remember_token"].lower()


@pytest.fixture
def site(tmp_path) -> Iterator[LiveSite]:
    live = LiveSite(tmp_path, {**local_env(tmp_path), "RUNPHYS_RATELIMIT_LOGIN": "1000 per minute"})
    add_user(live.app, "maria@example.com")
    add_user(live.app, "admin@example.com", role="admin")
    yield live
    live.close()


def browser(site: LiveSite, email: str, password: str = PASSWORD, remember: bool = True) -> requests.Session:
    """A requests session (a real cookie jar) logged in on the live site."""
    jar = requests.Session()
    page = jar.get(site.url + "/auth/login")
    form = {"email": email, "password": password, "csrf_token": csrf_of(page.text)}
    if remember:
        form["remember"] = "y"
    r = jar.post(site.url + "/auth/login", data=form, allow_redirects=False)
    assert r.status_code == 302, r.text
    return jar


def in_studio(site: LiveSite, jar: requests.Session) -> bool:
    r = jar.get(site.url + "/studio/", allow_redirects=False)
    return r.status_code == 200


def only(jar: requests.Session, name: str) -> requests.Session:
    """A new cookie jar holding only one cookie of `jar` (an old session, or an old remember-me cookie)."""
    other = requests.Session()
    for cookie in jar.cookies:
        if cookie.name == name:
            other.cookies.set_cookie(copy.copy(cookie))
    assert len(other.cookies) == 1, f"no {name} cookie"
    return other


def change_password(site: LiveSite, jar: requests.Session, new: str) -> requests.Response:
    page = jar.get(site.url + "/auth/password")
    return jar.post(site.url + "/auth/password", allow_redirects=False, data={
        "current": PASSWORD, "new": new, "confirm": new, "csrf_token": csrf_of(page.text)})


def test_a_password_change_ends_every_other_session_and_remember_cookie(site):
    laptop = browser(site, "maria@example.com")
    old_session, old_remember = only(laptop, "session"), only(laptop, "remember_token")
    assert in_studio(site, old_session) and in_studio(site, old_remember)  # both work on their own

    phone = browser(site, "maria@example.com")
    assert change_password(site, phone, NEW_PASSWORD).status_code == 302

    assert not in_studio(site, old_session)
    assert not in_studio(site, old_remember)
    assert not in_studio(site, laptop)
    assert in_studio(site, phone)  # the device that changed it stays logged in
    assert in_studio(site, only(phone, "remember_token"))  # with a new remember-me cookie
    assert in_studio(site, browser(site, "maria@example.com", NEW_PASSWORD))


def test_a_deactivation_ends_every_session_and_remember_cookie(site):
    laptop = browser(site, "maria@example.com")
    old_session, old_remember = only(laptop, "session"), only(laptop, "remember_token")
    assert in_studio(site, old_session) and in_studio(site, old_remember)

    admin = browser(site, "admin@example.com")
    page = admin.get(site.url + "/auth/users")
    maria = _user_id(site, "maria@example.com")
    r = admin.post(f"{site.url}/auth/users/{maria}/active", data={"csrf_token": csrf_of(page.text)},
                   allow_redirects=False)
    assert r.status_code == 302

    assert not in_studio(site, old_session)
    assert not in_studio(site, old_remember)
    assert not in_studio(site, laptop)


def test_a_reactivated_account_does_not_revive_old_cookies(site):
    laptop = browser(site, "maria@example.com")
    old_remember = only(laptop, "remember_token")
    admin = browser(site, "admin@example.com")
    maria = _user_id(site, "maria@example.com")
    for _ in range(2):  # deactivate, then activate again
        page = admin.get(site.url + "/auth/users")
        admin.post(f"{site.url}/auth/users/{maria}/active", data={"csrf_token": csrf_of(page.text)})
    assert not in_studio(site, old_remember)
    assert in_studio(site, browser(site, "maria@example.com"))


def _user_id(site: LiveSite, email: str) -> int:
    from runphys.extensions import db
    from runphys.models import User
    with site.app.app_context():
        return db.session.scalar(db.select(User.id).where(User.email == email))
