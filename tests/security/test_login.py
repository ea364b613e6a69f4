"""Login: no account enumeration by timing, and rate limits per address and per account that hold
across web processes — Redis when configured, one gunicorn process otherwise (issue 11, item 12)."""
from __future__ import annotations

import subprocess
import sys
import time
import uuid

import pytest
import redis
import requests
from support import PASSWORD, REDIS_URL, ROOT, add_user, base_config, free_port, setup_db

from runphys import create_app
from runphys.extensions import db
from studio.helpers import csrf_of

from .server import Gunicorn

WRONG = "That email and password do not match an account."


def attempt(client, email: str, password: str, address: str = "127.0.0.1"):
    """One login through the form, from `address`."""
    env = {"REMOTE_ADDR": address}
    page = client.get("/auth/login", environ_base=env)
    return client.post("/auth/login", environ_base=env,
                       data={"email": email, "password": password, "csrf_token": csrf_of(page.text)})


def timed(client, email: str, password: str) -> float:
    page = client.get("/auth/login")
    data = {"email": email, "password": password, "csrf_token": csrf_of(page.text)}
    start = time.perf_counter()
    response = client.post("/auth/login", data=data)
    elapsed = time.perf_counter() - start
    assert response.status_code == 200 and WRONG in response.text
    return elapsed


def test_an_unknown_email_takes_as_long_as_a_wrong_password(app, client):
    add_user(app, "maria@example.com")
    add_user(app, "gone@example.com")
    with app.app_context():
        from runphys.models import User
        db.session.scalar(db.select(User).where(User.email == "gone@example.com")).active = False
        db.session.commit()
    wrong, unknown, inactive = [], [], []
    for i in range(9):  # interleaved, so a busy moment of the machine hits all three alike
        wrong.append(timed(client, "maria@example.com", f"not it {i}"))
        unknown.append(timed(client, f"nobody{i}@example.com", f"not it {i}"))
        inactive.append(timed(client, "gone@example.com", f"not it {i}"))
    # The fastest of each: what the work costs, without the pauses other processes cause.
    real, stranger, gone = min(wrong), min(unknown), min(inactive)
    print(f"fastest login: wrong password {real * 1000:.0f} ms, unknown email {stranger * 1000:.0f} ms, "
          f"deactivated {gone * 1000:.0f} ms")
    assert 0.5 * real < stranger < 2 * real
    assert 0.5 * real < gone < 2 * real


@pytest.fixture
def strict_app(tmp_path):
    app = create_app({**base_config(tmp_path), "TESTING": True, "RATELIMIT_LOGIN": "1000 per minute",
                      "RATELIMIT_LOGIN_ACCOUNT": "5 per hour"})
    setup_db(app)
    add_user(app, "maria@example.com")
    add_user(app, "omar@example.com")
    return app


def test_failed_logins_are_limited_per_account_from_any_address(strict_app):
    client = strict_app.test_client()
    for i in range(5):
        assert attempt(client, "maria@example.com", "guess", f"10.0.0.{i}").status_code == 200
    # The sixth try comes from yet another address: the account's limit holds.
    assert attempt(client, "maria@example.com", "guess", "10.0.1.1").status_code == 429
    assert attempt(client, "maria@example.com", PASSWORD, "10.0.1.2").status_code == 429
    # Another account is not held back.
    assert attempt(client, "omar@example.com", PASSWORD, "10.0.1.3").status_code == 302


def test_successful_logins_do_not_use_up_the_account_limit(strict_app):
    client = strict_app.test_client()
    for i in range(8):
        assert attempt(strict_app.test_client(), "maria@example.com", PASSWORD, f"10.0.2.{i}").status_code == 302
    assert attempt(client, "maria@example.com", "guess", "10.0.3.1").status_code == 200


@pytest.fixture
def redis_apps(tmp_path):
    """Two app instances (as two web processes would be) sharing one Redis and one database."""
    name = "login-" + uuid.uuid4().hex[:10]
    config = {**base_config(tmp_path), "TESTING": True, "REDIS_URL": REDIS_URL, "QUEUE_NAME": name,
              "RATELIMIT_LOGIN": "4 per minute", "RATELIMIT_LOGIN_ACCOUNT": "6 per hour"}
    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.exceptions.ConnectionError as exc:
        pytest.fail(f"Redis is not reachable at {REDIS_URL}: {exc}")
    apps = [create_app(config), create_app(config)]
    setup_db(apps[0])
    add_user(apps[0], "maria@example.com")
    yield apps
    store = redis.Redis.from_url(REDIS_URL)
    for key in store.scan_iter(f"*{name}*"):
        store.delete(key)
    for app in apps:
        with app.app_context():
            db.engine.dispose()


def test_with_redis_the_address_limit_holds_across_two_app_instances(redis_apps):
    clients = [app.test_client() for app in redis_apps]
    codes = [attempt(clients[i % 2], f"nobody{i}@example.com", "guess", "10.9.9.9").status_code for i in range(5)]
    assert codes == [200, 200, 200, 200, 429]


def test_with_redis_the_account_limit_holds_across_two_app_instances(redis_apps):
    clients = [app.test_client() for app in redis_apps]
    codes = [attempt(clients[i % 2], "maria@example.com", "guess", f"10.8.0.{i}").status_code for i in range(7)]
    assert codes == [200] * 6 + [429]


@pytest.mark.embedded_only("running without Redis is the embedded configuration")
def test_without_redis_the_site_runs_one_web_process_so_its_limit_is_one(tmp_path):
    """gunicorn as scripts/run.sh starts it: eleven tries a minute from one address, the last refused."""
    instance = tmp_path / "instance"
    app = create_app({**base_config(tmp_path)})
    setup_db(app)
    env = {"RUNPHYS_INSTANCE_PATH": str(instance), "RUNPHYS_SECRET_KEY": "test-secret",
           "RUNPHYS_REDIS_URL": "", "RUNPHYS_QUEUE_NAME": "login-" + uuid.uuid4().hex[:8]}
    server = Gunicorn(env, "-c", "scripts/gunicorn.conf.py")
    try:
        assert len(server.workers()) == 1
        codes = []
        for i in range(11):
            with requests.Session() as browser:  # a new connection each time, as separate visits
                browser.headers["Connection"] = "close"
                page = browser.get(server.url + "/auth/login")
                codes.append(browser.post(server.url + "/auth/login", data={
                    "email": f"nobody{i}@example.com", "password": "guess",
                    "csrf_token": csrf_of(page.text)}).status_code)
        assert codes == [200] * 10 + [429]
    finally:
        server.close()


def test_without_redis_more_than_one_web_process_refuses_to_start(tmp_path):
    port = free_port()
    env = {"PATH": "/usr/bin:/bin", "RUNPHYS_INSTANCE_PATH": str(tmp_path / "instance"),
           "RUNPHYS_SECRET_KEY": "test-secret"}
    out = subprocess.run([sys.executable, "-m", "gunicorn", "-c", "scripts/gunicorn.conf.py", "--workers", "2",
                          "--bind", f"127.0.0.1:{port}", "app:create_app()"], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=60)
    assert out.returncode != 0
    assert "without RUNPHYS_REDIS_URL" in out.stdout + out.stderr
