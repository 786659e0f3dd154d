"""The words for a lot's first step, which depend on what the product is.

Tangerines and tea are harvested (thu hoạch); a brocade scarf is woven, a basket plaited: the
first step of a handicraft is its making, and the pages say so ("Ngày hoàn thành", "Số lượng
làm ra") instead of "Ngày thu hoạch". The data is the same (the EPCIS commissioning of the lot,
its ``harvest_*`` fields); only the words differ.
"""

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from banso.trace.models import ProductCategory

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise


@dataclass(frozen=True)
class FirstStepWords:
    step: "_StrPromise | str"
    date: "_StrPromise | str"
    place: "_StrPromise | str"
    quantity: "_StrPromise | str"
    start: "_StrPromise | str"

    def resolved(self) -> "FirstStepWords":
        """The same words as plain text in the active language (for a cached context)."""
        return FirstStepWords(*(str(word) for word in vars(self).values()))


HARVEST = FirstStepWords(
    step=_("Harvest"),
    date=_("Harvest date"),
    place=_("Harvest place"),
    quantity=_("Quantity harvested"),
    start=_("No steps yet. Start with the harvest."),
)
MAKING = FirstStepWords(
    step=pgettext_lazy("first step of a handicraft", "Making"),
    date=pgettext_lazy("first step of a handicraft", "Date made"),
    place=pgettext_lazy("first step of a handicraft", "Place made"),
    quantity=pgettext_lazy("first step of a handicraft", "Quantity made"),
    start=pgettext_lazy("first step of a handicraft", "No steps yet. Start with the making."),
)
MADE_BY_HAND = {ProductCategory.HANDICRAFT}


def first_step_words(category: str) -> FirstStepWords:
    """The words of the first step of a product of ``category``."""
    return MAKING if category in MADE_BY_HAND else HARVEST
