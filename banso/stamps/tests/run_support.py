"""Helpers of the stamp-run tests: another co-operative's product, reading QR codes from PDFs."""

import io

import numpy as np
import pypdfium2
import pytest
import zxingcpp

from banso.stamps.tests.conftest import product_make


@pytest.fixture
def other_product(other_coop):
    return product_make(other_coop, name="Mận Bắc Hà", item=2)


def pdf_pages(data: bytes) -> int:
    return len(pypdfium2.PdfDocument(data))


def decode_pages(data: bytes, *, pages: list[int] | None = None, dpi: int = 300) -> list[list[str]]:
    """The texts of every QR code on the given pages (all by default), rendered at ``dpi``."""
    document = pypdfium2.PdfDocument(data)
    found = []
    for index in pages if pages is not None else range(len(document)):
        image = document[index].render(scale=dpi / 72, grayscale=True).to_pil()
        results = zxingcpp.read_barcodes(
            image, formats=zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)
        )
        found.append([result.text for result in results])
    return found


def page_image(data: bytes, index: int, dpi: int = 300) -> np.ndarray:
    document = pypdfium2.PdfDocument(io.BytesIO(data))
    return np.asarray(document[index].render(scale=dpi / 72, grayscale=True).to_pil())
