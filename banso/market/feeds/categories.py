"""Default category mappings, created by ``manage.py market_feed_categories``.

Only Google's product taxonomy is filled in: its ids are public and stable. The ids below come
from Google's ``taxonomy-with-ids.en-US.txt`` (version 2021-09-21, the current one). Shopee,
Tiki and Postmart number their category trees per seller account and renumber them often, so
their rows are left for province officers to fill in on the category page; an unmapped
category leaves the category column of that marketplace's sheet empty, for the seller to choose
when uploading.
"""

from banso.market.models import Marketplace
from banso.trace.models import ProductCategory

GOOGLE_DEFAULTS: dict[str, tuple[str, str]] = {
    ProductCategory.FRUIT: (
        "5795",
        "Food, Beverages & Tobacco > Food Items > Fruits & Vegetables > Fresh & Frozen Fruits",
    ),
    ProductCategory.VEGETABLE: (
        "5793",
        "Food, Beverages & Tobacco > Food Items > Fruits & Vegetables > Fresh & Frozen Vegetables",
    ),
    ProductCategory.TEA: ("2073", "Food, Beverages & Tobacco > Beverages > Tea & Infusions"),
    ProductCategory.RICE_GRAIN: (
        "431",
        "Food, Beverages & Tobacco > Food Items > Grains, Rice & Cereal",
    ),
    ProductCategory.MEDICINAL_HERB: (
        "1529",
        "Food, Beverages & Tobacco > Food Items > Seasonings & Spices > Herbs & Spices",
    ),
    ProductCategory.PROCESSED_FOOD: ("422", "Food, Beverages & Tobacco > Food Items"),
    ProductCategory.HANDICRAFT: ("696", "Home & Garden > Decor"),
    ProductCategory.LIVESTOCK: (
        "432",
        "Food, Beverages & Tobacco > Food Items > Meat, Seafood & Eggs",
    ),
    ProductCategory.OTHER: ("412", "Food, Beverages & Tobacco"),
}

DEFAULTS: dict[str, dict[str, tuple[str, str]]] = {
    Marketplace.GOOGLE: GOOGLE_DEFAULTS,
}
