"""Feeds of the listings shops push to national marketplaces: each kind of feed, the public file
name marketplaces fetch it under, and the writer that makes it."""

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from banso.market.feeds import google, spreadsheets
from banso.market.models import FeedKind, Marketplace

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class FeedFormat:
    kind: str
    filename: str  # the stable public name: /market/feeds/<filename>
    content_type: str
    marketplace: str  # whose category mapping it uses
    write: Callable[..., int]


FORMATS: dict[str, FeedFormat] = {
    feed.kind: feed
    for feed in (
        FeedFormat(
            FeedKind.GOOGLE_XML,
            "google.xml",
            "application/xml; charset=utf-8",
            Marketplace.GOOGLE,
            google.write_xml,
        ),
        FeedFormat(
            FeedKind.GOOGLE_CSV,
            "google.csv",
            "text/csv; charset=utf-8",
            Marketplace.GOOGLE,
            google.write_csv,
        ),
        FeedFormat(
            FeedKind.SHOPEE_XLSX,
            "shopee.xlsx",
            XLSX_CONTENT_TYPE,
            Marketplace.SHOPEE,
            partial(spreadsheets.write_xlsx, marketplace=Marketplace.SHOPEE),
        ),
        FeedFormat(
            FeedKind.TIKI_XLSX,
            "tiki.xlsx",
            XLSX_CONTENT_TYPE,
            Marketplace.TIKI,
            partial(spreadsheets.write_xlsx, marketplace=Marketplace.TIKI),
        ),
        FeedFormat(
            FeedKind.POSTMART_XLSX,
            "postmart.xlsx",
            XLSX_CONTENT_TYPE,
            Marketplace.POSTMART,
            partial(spreadsheets.write_xlsx, marketplace=Marketplace.POSTMART),
        ),
    )
}

BY_FILENAME: dict[str, FeedFormat] = {feed.filename: feed for feed in FORMATS.values()}
