"""A client generated from the served OpenAPI document (openapi-python-client, PyPI), used
as an integrator would: one survey response and one complaint, then the complaint's public
status by its tracking code. Prints what came back as one JSON line.

    client.py BASE_URL OUT_DIR SERVICE_CODE UNIT_CODE

Run by tests/api/security.rs against a test server. The generator's warnings are printed to
stderr; every warning but the CSV import's (a `text/csv` body, which the generator does not
support) fails the run.
"""

import importlib
import json
import pathlib
import subprocess
import sys
import urllib.request


def generate(base, out):
    doc = out / "openapi.json"
    doc.write_bytes(urllib.request.urlopen(f"{base}/api/v1/openapi.json").read())
    gen = pathlib.Path(sys.executable).with_name("openapi-python-client")
    run = subprocess.run(
        [str(gen), "generate", "--path", str(doc), "--meta", "none",
         "--output-path", str(out / "suara_client"), "--overwrite"],
        capture_output=True, text=True,
    )
    print(run.stdout, run.stderr, file=sys.stderr)
    if run.returncode != 0:
        sys.exit(f"the generator failed ({run.returncode})")
    warnings = [line for line in run.stdout.splitlines() if line.startswith(("WARNING", "Unable to"))]
    unexpected = [w for w in warnings if "/api/v1/import/surveys" not in w]
    if unexpected:
        sys.exit(f"the generator could not read part of the document: {unexpected}")


def main():
    base, out, service, unit = sys.argv[1], pathlib.Path(sys.argv[2]), sys.argv[3], sys.argv[4]
    generate(base, out)
    sys.path.insert(0, str(out))
    client_mod = importlib.import_module("suara_client")
    models = importlib.import_module("suara_client.models")
    survey_create = importlib.import_module("suara_client.api.survey.survey_create")
    complaints_create = importlib.import_module("suara_client.api.complaints.complaints_create")
    complaints_show = importlib.import_module("suara_client.api.complaints.complaints_show")

    client = client_mod.Client(base_url=base, raise_on_unexpected_status=True)
    answers = models.SurveyRequestAnswers(u1=4, u2=3, u3=3, u4=4, u5=3, u6=4, u7=4, u8=3, u9=2)
    survey = survey_create.sync_detailed(
        client=client,
        body=models.SurveyRequest(
            service_code=service,
            answers=answers,
            suggestion="Antrean lebih cepat dari tahun lalu.",
            respondent=models.RespondentRequest(
                gender=models.RespondentRequestGenderType0.P, age=41
            ),
        ),
    )
    report = models.NamedReport(
        unit_code=unit,
        category=models.NamedReportCategory.PUNGLI,
        mode=models.NamedReportMode.RAHASIA,
        what="Petugas loket meminta uang tambahan di luar tarif resmi untuk mempercepat berkas.",
        reporter=models.ReporterRequest(name="Siti Aminah", phone="0812 3456 7890"),
    )
    filed = complaints_create.sync_detailed(client=client, body=report)
    code = filed.parsed.tracking_code
    shown = complaints_show.sync_detailed(client=client, tracking_code=code)
    print(json.dumps({
        "survey_status": survey.status_code,
        "survey_id": survey.parsed.id,
        "complaint_status": filed.status_code,
        "tracking_code": code,
        "reply_key": filed.parsed.reply_key,
        "shown_status": shown.status_code,
        "shown": shown.parsed.status,
        "shown_unit": shown.parsed.unit_code,
    }))


if __name__ == "__main__":
    main()
