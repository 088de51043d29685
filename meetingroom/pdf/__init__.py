"""The only home of PyMuPDF: check uploads, render pages, and make sample PDFs.

Modules:

- ``check``    — ``check_pdf`` / ``check_pdf_async``: parse an untrusted file in a
  resource-limited subprocess (stdlib only here; PyMuPDF runs in the child).
- ``render``   — ``PdfRenderer``: one open document, one owner thread, pages to raw RGB.
- ``samples``  — realistic Vietnamese sample documents and benchmark packs.
- ``failures`` — ``PasswordRequiredError``, the one PDF-specific error.

Importing this package does not import PyMuPDF; the submodules that need it do.
"""
