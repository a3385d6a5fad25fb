#!/usr/bin/env python3
"""Makes the upgrade tests' fixture: the database of the first release, written by the first
release itself.

The first release is commit 2ecbbe5 (its schema is migrations 1-6, m20261122_*; migration 7
came after it). This script checks that commit out beside the repository (a git worktree),
builds its `server`, and runs it on a fresh database with its demo data (units, services,
months of survey responses, staff accounts, holidays, a few complaints), then drives it over
its own HTTP API like its users did:

- staff sign in (sessions);
- reports are filed openly, confidentially and anonymously, with and without an email
  address (the outbox; its relay is a closed port, so the mail waits, attempted);
- cases are moved to every status of that release: received, verified, rejected, duplicate,
  dispositioned, followed_up, resolved, closed (each move is a complaint event and an audit
  entry in its hash chain).

It then stops the server (SIGTERM) and writes, into tests/fixtures/upgrade/, gzipped:
- release1.sqlite.gz: the SQLite database (VACUUM INTO: one consistent file);
- release1.pg.sql.gz: with --pg URL, the same drive on PostgreSQL, dumped by pg_dump (plain
  SQL, restored with psql).

Run once per fixture change; the tests read the committed files (tests/api/upgrade.rs).
    scripts/make-upgrade-fixture.py --pg postgres://postgres@127.0.0.1:5432/test
"""

import argparse
import gzip
import http.cookiejar
import json
import os
import pathlib
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

RELEASE = "2ecbbe5"
ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "fixtures" / "upgrade"
# The tests' key (tests/support/lib.rs): sealed identities and mail open with it.
SECRET_KEY = "c3VhcmEtdGVzdC1rZXktMzItYnl0ZXMtbG9uZyEhISE"
PASSWORD = "suara-demo-2026"
WHAT = "Petugas loket meminta uang tambahan di luar tarif resmi saat perpanjangan STNK {n}."


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build(worktree, target):
    if not worktree.exists():
        subprocess.run(["git", "worktree", "add", "-f", str(worktree), RELEASE], cwd=ROOT, check=True)
    env = dict(os.environ, CARGO_TARGET_DIR=str(target), CARGO_INCREMENTAL="0")
    subprocess.run(["cargo", "build", "-p", "server"], cwd=worktree, env=env, check=True)
    return target / "debug" / "server"


class Client:
    def __init__(self, base):
        self.base = base
        self.csrf = None
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def call(self, method, path, body=None, expect=(200, 201)):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base + path, data=data, method=method)
        req.add_header("Content-Type", "application/json")
        if self.csrf:
            req.add_header("X-CSRF-Token", self.csrf)
        try:
            with self.opener.open(req) as r:
                status, text = r.status, r.read().decode()
        except urllib.error.HTTPError as e:
            status, text = e.code, e.read().decode()
        if status not in expect:
            sys.exit(f"{method} {path}: {status} {text}")
        return json.loads(text) if text else None

    def sign_in(self, email):
        me = self.call("POST", "/api/v1/auth/login", {"email": email, "password": PASSWORD})
        self.csrf = me["csrf_token"]


def drive(base):
    public = Client(base)
    codes = []
    for n, (mode, email) in enumerate(
        [("terbuka", True), ("rahasia", True), ("anonim", False), ("rahasia", False)] * 3
    ):
        body = {
            "unit_code": "samsat-kota",
            "service_code": "skj-pkb",
            "category": "pungli",
            "mode": mode,
            "what": WHAT.format(n=n + 1),
            "incident_date": "2026-11-20",
        }
        if mode != "anonim":
            body["reporter"] = {"name": f"Warga {n + 1}", "phone": "081234567890"}
            if email:
                body["reporter"]["email"] = f"warga{n + 1}@contoh.id"
        codes.append(public.call("POST", "/api/v1/complaints", body)["tracking_code"])

    inspector = Client(base)
    inspector.sign_in("inspektur@demo.suara.id")
    officer = Client(base)
    officer.sign_in("samsat@demo.suara.id")

    def move(who, code, action, **extra):
        body = {"action": action, "reason": f"Langkah {action} pada data rilis pertama"}
        body.update(extra)
        who.call("POST", f"/api/v1/triage/complaints/{code}/transitions", body)

    def to(code, status):
        """Moves a fresh case to `status` along the first release's workflow."""
        if status == "received":
            return
        if status == "rejected":
            return move(inspector, code, "reject")
        if status == "duplicate":
            return move(inspector, code, "mark_duplicate", duplicate_of=codes[0])
        move(inspector, code, "verify", **{"class": "desk"})
        if status == "verified":
            return
        move(inspector, code, "disposition", unit_code="samsat-kota")
        if status == "dispositioned":
            return
        move(officer, code, "follow_up", text="Petugas sudah dibina dan uang dikembalikan.")
        if status == "followed_up":
            return
        move(inspector, code, "resolve", text="Laporan ditindaklanjuti.")
        if status == "resolved":
            return
        move(inspector, code, "close")

    statuses = ["received", "verified", "rejected", "duplicate", "dispositioned",
                "followed_up", "resolved", "closed", "closed", "resolved", "verified", "received"]
    for code, status in zip(codes, statuses):
        to(code, status)
    return dict(zip(codes, statuses))


def run(server, database_url, workdir):
    port = free_port()
    env = dict(
        os.environ,
        DATABASE_URL=database_url,
        LEPTOS_SITE_ADDR=f"127.0.0.1:{port}",
        LEPTOS_SITE_ROOT=str(workdir / "site"),
        SUARA_DEMO_DATA="1",
        SUARA_SECRET_KEY=SECRET_KEY,
        SUARA_STORAGE_URL=str(workdir / "evidence"),
        SUARA_MAIL_DIR=str(workdir / "mail"),
        SMTP_URL="smtp://127.0.0.1:9",  # nothing listens: the mail waits in the outbox
        SUARA_MIN_FILL_SECS="0",
        SUARA_RATE_COMPLAINT_BURST="1000",
        SUARA_RATE_COMPLAINT_PER_MINUTE="1000",
        RUST_LOG="warn",
    )
    proc = subprocess.Popen([str(server)], cwd=workdir, env=env)
    base = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            urllib.request.urlopen(base + "/healthz", timeout=1)
            break
        except OSError:
            time.sleep(0.2)
    else:
        proc.kill()
        sys.exit("the first release's server did not start")
    try:
        cases = drive(base)
        time.sleep(3)  # the mail worker tries the relay once
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
    return cases


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pg", help="a PostgreSQL server URL (postgres://user@host:port/db)")
    ap.add_argument("--src", default=str(ROOT / "target" / "release1-src"),
                    help="where the first release is checked out")
    ap.add_argument("--target", default=str(ROOT / "target" / "release1"),
                    help="its cargo target folder")
    args = ap.parse_args()
    work = pathlib.Path(tempfile.mkdtemp(prefix="suara-r1-"))
    server = build(pathlib.Path(args.src), pathlib.Path(args.target))
    OUT.mkdir(parents=True, exist_ok=True)

    (work / "sqlite").mkdir()
    db = work / "sqlite" / "suara.db"
    cases = run(server, f"sqlite://{db}?mode=rwc", work / "sqlite")
    copy = work / "release1.sqlite"
    con = sqlite3.connect(db)
    con.execute(f"VACUUM INTO '{copy}'")
    con.close()
    target = OUT / "release1.sqlite.gz"
    with open(copy, "rb") as src, gzip.GzipFile(target, "wb", 9, mtime=0) as out:
        shutil.copyfileobj(src, out)
    print(f"wrote {target} ({target.stat().st_size} bytes); cases {cases}")

    if args.pg:
        base, _, _ = args.pg.rpartition("/")
        name = "suara_release1_fixture"
        subprocess.run(["psql", args.pg, "-qX", "-c", f"DROP DATABASE IF EXISTS {name}",
                        "-c", f"CREATE DATABASE {name}"], check=True)
        (work / "pg").mkdir()
        cases = run(server, f"{base}/{name}", work / "pg")
        target = OUT / "release1.pg.sql.gz"
        dump = subprocess.run(["pg_dump", "--no-owner", "--no-privileges", f"{base}/{name}"],
                              stdout=subprocess.PIPE, check=True).stdout
        with gzip.GzipFile(target, "wb", 9, mtime=0) as out:
            out.write(dump)
        subprocess.run(["psql", args.pg, "-qX", "-c", f"DROP DATABASE {name}"], check=True)
        print(f"wrote {target} ({target.stat().st_size} bytes); cases {cases}")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
