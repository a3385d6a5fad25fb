"""Reads a running Suara server with the `georeport` Open311 client from PyPI.

Usage: georeport_check.py BASE_URL PUBLIC_ID (the report's Open311 id)
Prints one line per check and exits non-zero on the first failure.
"""
import sys

from georeport import GeoReport

base, code = sys.argv[1], sys.argv[2]
for fmt in ("json", "xml"):
    client = GeoReport(base, output_format=fmt)
    services = client.get_service_list()
    codes = {s["service_code"] for s in services}
    assert "pungli" in codes and len(codes) == 9, codes
    definition = client.get_service_definition("pungli")
    attributes = definition["attributes"]
    if fmt == "xml":
        attributes = attributes["attribute"]
    assert {a["code"] for a in attributes} == {"unit", "incident_date", "reporter_mode"}, attributes
    requests = client.get_service_requests(service_code="pungli")
    if isinstance(requests, dict):
        requests = [requests]
    assert any(r["service_request_id"] == code for r in requests), requests
    one = client.get_service_request(code)
    assert one["service_request_id"] == code and one["status"] == "open", one
    assert not one.get("description"), "report text must not be public"
    print(f"{fmt}: {len(services)} services, {len(requests)} requests, {code} {one['status']}")
