"""schemathesis hooks for the conformance test (tests/api/security.rs).

They exempt nothing: every check runs on every operation, with the expected statuses of
schemathesis itself. They do three things only.

1. Sign in as a member of staff (SUARA_ST_EMAIL, SUARA_ST_PASSWORD) and sign in again when
   the session has ended: the run itself calls `POST /api/v1/auth/logout`, and every
   operation after it would otherwise be tested without a session.
2. Keep generated requests within the rules the document states in words because JSON
   Schema cannot say them, as a client must (`filter_case` and `map_case` run in every
   phase: coverage, fuzzing and stateful):
   - a range of days ends on or after the day it starts, and spans at most ten years
     (`from`/`to`, `start_date`/`end_date`);
   - an incident happened on or before today (WIB);
   - a rollout's waves start in later and later months, the first after today, the last at
     least two months after the first and within three years (1098 days) of today;
   - an imported survey line is dated today or earlier and has at least one score.
   A request breaking one of them is refused with 422 and its stable code, as documented.
3. Give about half of the requests the document calls valid the test server's own unit and
   service codes, so that they reach the rules behind the codes instead of stopping at 404.
"""

import datetime
import os

import requests
import schemathesis

WIB = datetime.timezone(datetime.timedelta(hours=7))
MAX_RANGE_DAYS = 366 * 10


def _day(value):
    if not isinstance(value, str) or not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None


def _today():
    return datetime.datetime.now(WIB).date()


def _range_ok(values, start, end):
    """A range's end defaults to today (WIB), its start to a day before it."""
    if not isinstance(values, dict):
        return True
    first, last = _day(values.get(start)), _day(values.get(end))
    if first is None:
        return True
    last = last or _today()
    return first <= last and (last - first).days <= MAX_RANGE_DAYS


# Codes the test server has (its demo units): a generated code almost never names a unit or
# a service, and the request would stop at 404 before its other fields are weighed.
UNIT, SERVICE = "samsat-kota", "skj-pkb"
CODE_FIELDS = {"unit_code": UNIT, "unit": UNIT, "service_code": SERVICE, "service": SERVICE}


def _seeded(value):
    """About half of the generated codes (chosen by their first character, so that a case
    drawn again is mapped again the same way)."""
    return isinstance(value, str) and value[:1] in "0123456789abcdefgh"


def _seed_codes(values):
    if not isinstance(values, dict):
        return
    for field, code in CODE_FIELDS.items():
        if _seeded(values.get(field)):
            values[field] = code
    # Not a rollout's units: how many groups of units it needs depends on its waves (422).
    for field, codes in (("unit_codes", [UNIT]), ("service_codes", [SERVICE])):
        current = values.get(field)
        if isinstance(current, list) and current and _seeded(current[0]):
            values[field] = codes


def _positive(case):
    meta = getattr(case, "meta", None)
    try:
        return meta is not None and meta.generation.mode.is_positive
    except AttributeError:
        return False


@schemathesis.hook
def map_case(ctx, case):
    """In a request the document calls valid, about half of the unit and service codes name
    the test server's own, so that the request reaches the rules behind them; a request
    meant to be refused is left as drawn. An incident in the future is moved to today (WIB):
    most days of the years the document allows are still to come, and filtering them out
    would leave too few."""
    if _positive(case):
        _seed_codes(case.body)
        _seed_codes(case.query)
    if isinstance(case.body, dict):
        incident = _day(case.body.get("incident_date"))
        if incident is not None and incident > _today():
            case.body["incident_date"] = _today().isoformat()
    return case


def _months(day):
    return day.year * 12 + day.month


def _waves_ok(body):
    if not isinstance(body, dict) or not isinstance(body.get("waves"), list):
        return True
    days = [_day(w) for w in body["waves"]]
    if len(days) < 2 or any(d is None for d in days):
        return True
    today = _today()
    in_order = all(_months(a) < _months(b) for a, b in zip(days, days[1:]))
    return (
        in_order
        and _months(days[-1]) - _months(days[0]) >= 2
        and days[0] > today
        and (days[-1] - today).days <= 1098
    )


def _csv_ok(body):
    if not isinstance(body, str):
        return True
    for line in body.split("\n")[1:]:
        cells = line.split(",")
        if len(cells) != 16:
            continue
        day = _day(cells[0])
        if day is not None and day > _today():
            return False
        if all(c.strip() == "" for c in cells[2:11]):
            return False
    return True


@schemathesis.hook
def filter_case(ctx, case):
    """Applied in every phase (coverage, fuzzing, stateful)."""
    body = case.body if isinstance(case.body, dict) else None
    return (
        _range_ok(case.query, "from", "to")
        and _range_ok(body, "start_date", "end_date")
        and _waves_ok(body)
        and _csv_ok(case.body)
    )


EMAIL = os.environ.get("SUARA_ST_EMAIL")

if EMAIL:

    @schemathesis.auth()
    class StaffSession:
        """A session cookie and its CSRF token, fetched again after a 401."""

        def get(self, case, ctx):
            base = os.environ["SUARA_ST_BASE"]
            # From an address of its own (the server trusts loopback as its proxy in the
            # test): the run's own failed sign-ins lock the address they come from.
            r = requests.post(
                f"{base}/api/v1/auth/login",
                json={"email": EMAIL, "password": os.environ["SUARA_ST_PASSWORD"]},
                headers={"X-Forwarded-For": "192.0.2.10"},
                timeout=30,
            )
            r.raise_for_status()
            cookie = r.headers["set-cookie"].split(";", 1)[0]
            return cookie, r.json()["csrf_token"]

        def set(self, case, data, ctx):
            cookie, csrf = data
            case.headers = case.headers or {}
            case.headers["Cookie"] = cookie
            case.headers["X-CSRF-Token"] = csrf
