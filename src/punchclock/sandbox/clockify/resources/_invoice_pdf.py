"""An invoice rendered as a one-page PDF (text only, the standard Helvetica font), written by hand:
the sandbox needs real PDF bytes for ``GET /invoices/{id}/export``, not a PDF library."""

from __future__ import annotations

PAGE = (595, 842)  # A4 in points
LINES_PER_PAGE = 60


def money(cents: float, currency: str) -> str:
    """``123456`` cents as ``1,234.56 USD``."""
    return f"{cents / 100:,.2f} {currency}"


def invoice_lines(invoice: dict, labels: dict) -> list[str]:
    """The text of an invoice, line by line, headed with the workspace's invoice labels."""
    cur = invoice["currency"]
    lines = [f"Invoice {invoice['number']}", "", f"{labels.get('billTo', 'Bill to')}: {invoice['clientName']}",
             f"{labels.get('issueDate', 'Issue date')}: {invoice['issuedDate'][:10]}",
             f"{labels.get('dueDate', 'Due date')}: {invoice['dueDate'][:10]}", ""]
    for item in invoice["items"]:
        lines.append(f"{item['order']}. {item['description']}: {item['quantity'] / 100:g} x "
                     f"{money(item['unitPrice'], cur)} = {money(item['amount'], cur)}")
    lines += ["", f"{labels.get('total', 'Total')}: {money(invoice['amount'], cur)}",
              f"Balance: {money(invoice['balance'], cur)}"]
    if invoice.get("note"):
        lines += ["", invoice["note"]]
    return lines


def render_pdf(lines: list[str]) -> bytes:
    """A valid single-page PDF showing ``lines`` (the first ``LINES_PER_PAGE`` of them)."""
    text = "".join(f"({_escape(line)}) Tj T*\n" for line in lines[:LINES_PER_PAGE])
    stream = f"BT /F1 11 Tf 14 TL 50 {PAGE[1] - 60} Td\n{text}ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE[0]} {PAGE[1]}] /Contents 4 0 R "
        f"/Resources << /Font << /F1 5 0 R >> >> >>".encode(),
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _escape(line: str) -> str:
    """A line as a PDF string literal's content, in the font's Latin-1 range."""
    safe = line.encode("latin-1", "replace").decode("latin-1")
    return safe.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
