"""A minimal PDF writer for demo and test documents: pages of Latin-1 text in
Helvetica (the standard 14 fonts need no embedding), correct cross-reference
offsets, nothing else. Not for real documents: the library stores what
partners upload; this only makes the demo's and the tests' fictitious ones."""
import zlib


def _escape(text):
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def pdf(pages, deflate=True, extra=b""):
    """pages: a list of pages, each a list of lines. `extra` is appended as a
    comment after the header (tests put marker strings there)."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", None,
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"]
    kids = []
    for lines in pages:
        content = "BT /F1 11 Tf 14 TL 56 780 Td " + " ".join(f"({_escape(l)}) Tj T*" for l in lines) + " ET"
        data = content.encode("latin-1", errors="replace")
        if deflate:
            data = zlib.compress(data, 9)
            head = b"<< /Length %d /Filter /FlateDecode >>" % len(data)
        else:
            head = b"<< /Length %d >>" % len(data)
        objects.append(head + b"\nstream\n" + data + b"\nendstream")
        content_ref = len(objects)
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
                       b"/Resources << /Font << /F1 3 0 R >> >> >>" % content_ref)
        kids.append(len(objects))
    objects[1] = b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % k for k in kids) + \
        b"] /Count %d >>" % len(kids)
    return _write(objects, extra)


def _write(objects, extra=b""):
    out = b"%PDF-1.4\n" + (b"%" + extra + b"\n" if extra else b"")
    offsets = []
    for i, o in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out


def shared_pages(content, pages):
    """`pages` pages that all draw one deflated content stream (raw PDF
    operators): how a test makes a few KiB expand into megabytes of text."""
    data = zlib.compress(content.encode("latin-1"), 9)
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % (5 + i) for i in range(pages)) +
               b"] /Count %d >>" % pages,
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
               b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream"]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
                b"/Resources << /Font << /F1 3 0 R >> >> >>"] * pages
    return _write(objects)
