"""At a cheap phone's width (360 px) the "This lot" facts keep each code, date and word whole:
labels go above their values rather than squeeze them into a column one letter wide."""

import os

import pytest

from banso.trace.models import Lot

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = pytest.mark.browser

# Every word (a run of non-spaces) of the facts whose text lies on more than one line.
BROKEN_WORDS = """() => {
  const broken = [];
  for (const cell of document.querySelectorAll('#facts dt, #facts dd')) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.data.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const rects = Array.from(range.getClientRects()).filter((r) => r.width > 0);
        const tops = new Set(rects.map((r) => Math.round(r.top)));
        if (tops.size > 1) broken.push(match[0]);
      }
    }
  }
  return broken;
}"""


@pytest.mark.parametrize("language", ["vi", "en"])
def test_no_value_is_cut_inside_a_word_at_360_px(live_server, phone_page, lot, village, language):
    Lot.objects.filter(pk=lot.pk).update(code="MK2025-11A", harvest_village=village)
    phone_page.goto(f"{live_server.url}/t/{lot.product.gtin}/MK2025-11A/?lang={language}")
    assert phone_page.locator("html").get_attribute("lang") == language
    assert phone_page.locator("#lot-code").inner_text() == "MK2025-11A"
    assert phone_page.evaluate(BROKEN_WORDS) == []
    # The lot code and the date are each on one line.
    for selector in ("#lot-code", "#harvest-date"):
        rects = phone_page.evaluate(
            """(selector) => {
              const range = document.createRange();
              range.selectNodeContents(document.querySelector(selector));
              return new Set(Array.from(range.getClientRects()).map((r) => Math.round(r.top))).size;
            }""",
            selector,
        )
        assert rects == 1, selector
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
