"""Reads an xlsx file with openpyxl (an independent reader) and prints it as JSON: for each
sheet in order, its name and its rows of cells, each cell as {"v": value, "t": openpyxl's
data type ("n" number, "s" text, "d" date, "f" formula), "f": number format}. Dates come out
as ISO dates. Used by the tests that read Suara's workbooks back."""
import datetime
import json
import sys

import openpyxl

book = openpyxl.load_workbook(sys.argv[1])
out = []
for ws in book.worksheets:
    rows = []
    for row in ws.iter_rows():
        cells = []
        for c in row:
            v = c.value
            if isinstance(v, (datetime.datetime, datetime.date)):
                v = v.date().isoformat() if isinstance(v, datetime.datetime) else v.isoformat()
            cells.append({"v": v, "t": c.data_type, "f": c.number_format})
        rows.append(cells)
    out.append({"name": ws.title, "rows": rows})
json.dump(out, sys.stdout, ensure_ascii=False)
