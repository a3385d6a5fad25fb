"""Cross-checks the shipped holiday table (app/src/calendar/holidays-id.csv) against PyPI's
`holidays` package (Indonesia, public holidays and the government's cuti bersama).

Run: python3 -m venv /tmp/hol && /tmp/hol/bin/pip install 'holidays==0.109' &&
     /tmp/hol/bin/python tests/reference/holidays_reference.py > tests/reference/holidays_reference.out
Every date of 2025-2027 must be in both, with the same kind of day (the English name mapped to
the Indonesian one the table uses). The package marks the 2027 Islamic-calendar days
"(estimated)": the decree fixes them; check them against the SKB when it is published.
"""
import csv
import pathlib
import sys

import holidays

NAMES = {
    "New Year's Day": "Tahun Baru {y} Masehi",
    "Isra' and Mi'raj": "Isra Mikraj Nabi Muhammad SAW",
    "Lunar New Year": "Tahun Baru Imlek",
    "Lunar New Year Joint Holiday": "Cuti bersama Tahun Baru Imlek",
    "Day of Silence": "Hari Suci Nyepi (Tahun Baru Saka)",
    "Day of Silence Joint Holiday": "Cuti bersama Hari Suci Nyepi",
    "Eid al-Fitr": "Idul Fitri",
    "Eid al-Fitr Second Day": "Idul Fitri (hari kedua)",
    "Eid al-Fitr Joint Holiday": "Cuti bersama Idul Fitri",
    "Good Friday": "Wafat Yesus Kristus",
    "Good Friday Joint Holiday": "Cuti bersama Wafat Yesus Kristus",
    "Easter Sunday": "Kebangkitan Yesus Kristus (Paskah)",
    "International Labor Day": "Hari Buruh Internasional",
    "Vesak Day": "Hari Raya Waisak",
    "Vesak Joint Holiday": "Cuti bersama Hari Raya Waisak",
    "Ascension Day": "Kenaikan Yesus Kristus",
    "Ascension Joint Holiday": "Cuti bersama Kenaikan Yesus Kristus",
    "Pancasila Day": "Hari Lahir Pancasila",
    "Eid al-Adha": "Idul Adha",
    "Eid al-Adha Joint Holiday": "Cuti bersama Idul Adha",
    "Islamic New Year": "Tahun Baru Islam",
    "Independence Day": "Hari Kemerdekaan Republik Indonesia",
    "Independence Day Joint Holiday": "Cuti bersama Hari Kemerdekaan",
    "Prophet's Birthday": "Maulid Nabi Muhammad SAW",
    "Christmas Day": "Hari Raya Natal",
    "Christmas Joint Holiday": "Cuti bersama Hari Raya Natal",
}

table = pathlib.Path(__file__).resolve().parents[2] / "app/src/calendar/holidays-id.csv"
ours = {row["date"]: row["name"] for row in csv.DictReader(table.open(encoding="utf-8"))}
print(f"holidays {holidays.__version__}; table {table.name}: {len(ours)} days")
problems = 0
theirs = {}
for year in (2025, 2026, 2027):
    h = holidays.country_holidays("ID", years=year, categories=("public", "government"))
    for day, name in sorted(h.items()):
        estimated = "(estimated)" in name
        base = name.replace(" (estimated)", "")
        theirs[day.isoformat()] = (NAMES[base].format(y=year), estimated, name)
for day in sorted(set(ours) | set(theirs)):
    mine = ours.get(day)
    ref = theirs.get(day)
    if ref is None:
        print(f"{day}  ONLY IN THE TABLE: {mine}")
        problems += 1
    elif mine is None:
        print(f"{day}  MISSING: {ref[2]}")
        problems += 1
    elif mine != ref[0]:
        print(f"{day}  NAME DIFFERS: {mine} / {ref[2]}")
        problems += 1
    else:
        note = "  (estimated by the package)" if ref[1] else ""
        print(f"{day}  ok  {mine}{note}")
for year in (2025, 2026, 2027):
    n = sum(1 for d in ours if d.startswith(str(year)))
    cuti = sum(1 for d, n_ in ours.items() if d.startswith(str(year)) and n_.startswith("Cuti bersama"))
    print(f"{year}: {n} days, of which {cuti} cuti bersama")
print("MATCH" if problems == 0 else f"{problems} DIFFERENCES")
sys.exit(1 if problems else 0)
