"""Writes tests/fixtures/meta.pdf: a one-page PDF that names its author everywhere a
word processor does, made with pypdf (an independent PDF writer) for the evidence
cleaning tests. Run: python3 -m venv v && v/bin/pip install pypdf==7.1.1 && v/bin/python
tests/reference/make_meta_pdf.py

- the document information dictionary (Author, Creator, Producer, Title);
- an XMP metadata stream on the catalog (dc:creator, xmp:CreatorTool);
- a text annotation (a comment) whose author (/T) is the reporter;
- an incremental update that changes the title, so the first revision, with the author,
  stays in the file's bytes behind the second.
The page shows the words "KWITANSI 250000" (text the cleaning must keep).
"""
import io
import pathlib

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (ArrayObject, DecodedStreamObject, DictionaryObject, FloatObject,
                           NameObject, TextStringObject)

NAME = "Siti Rahmawati Pelapor"
TOOL = "Microsoft Word untuk Siti"
out = pathlib.Path(__file__).resolve().parent.parent / "fixtures" / "meta.pdf"

w = PdfWriter()
page = w.add_blank_page(width=300, height=200)
font = DictionaryObject({NameObject("/Type"): NameObject("/Font"),
                         NameObject("/Subtype"): NameObject("/Type1"),
                         NameObject("/BaseFont"): NameObject("/Helvetica")})
page[NameObject("/Resources")] = DictionaryObject({
    NameObject("/Font"): DictionaryObject({NameObject("/F1"): w._add_object(font)})})
content = DecodedStreamObject()
content.set_data(b"BT /F1 18 Tf 20 100 Td (KWITANSI 250000) Tj ET")
page[NameObject("/Contents")] = w._add_object(content)
note = DictionaryObject({
    NameObject("/Type"): NameObject("/Annot"),
    NameObject("/Subtype"): NameObject("/Text"),
    NameObject("/Rect"): ArrayObject([FloatObject(10), FloatObject(10), FloatObject(30), FloatObject(30)]),
    NameObject("/T"): TextStringObject(NAME),
    NameObject("/Contents"): TextStringObject("catatan"),
})
page[NameObject("/Annots")] = ArrayObject([w._add_object(note)])
w.add_metadata({"/Author": NAME, "/Creator": TOOL, "/Producer": TOOL, "/Title": "Bukti pungli"})
xmp = DecodedStreamObject()
xmp.set_data(f"""<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/">
<dc:creator><rdf:Seq><rdf:li>{NAME}</rdf:li></rdf:Seq></dc:creator><xmp:CreatorTool>{TOOL}</xmp:CreatorTool>
</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>""".encode())
xmp.update({NameObject("/Type"): NameObject("/Metadata"), NameObject("/Subtype"): NameObject("/XML")})
w._root_object[NameObject("/Metadata")] = w._add_object(xmp)
first = io.BytesIO()
w.write(first)

inc = PdfWriter(io.BytesIO(first.getvalue()), incremental=True)
inc.add_metadata({"/Title": "Bukti pungli (revisi)"})
second = io.BytesIO()
inc.write(second)
data = second.getvalue()
assert data.startswith(first.getvalue()), "the update is appended to the first revision"
assert data.count(NAME.encode()) >= 3, "named in Info, XMP and the comment"
out.write_bytes(data)
print(f"{out}: {len(data)} bytes")
