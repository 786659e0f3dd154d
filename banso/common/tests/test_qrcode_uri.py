"""``qr_uri_compact``: the same link (host in capitals, scheme and path untouched), never a
larger QR code."""

from urllib.parse import urlsplit

from hypothesis import given, settings
from hypothesis import strategies as st

from banso.common.qrcode import qr_matrix, qr_uri_compact, qr_version

hosts = st.from_regex(r"[a-z][a-z0-9-]{0,20}(\.[a-z][a-z0-9-]{0,10}){1,3}", fullmatch=True)
paths = st.from_regex(r"(/[A-Za-z0-9._~-]{1,12}){0,6}", fullmatch=True)


@settings(deadline=None)  # two encodings a case; the machine may be busy
@given(scheme=st.sampled_from(["http", "https"]), host=hosts, path=paths)
def test_only_the_host_changes_case_and_the_code_never_grows(scheme, host, path):
    uri = f"{scheme}://{host}{path}"
    compact = qr_uri_compact(uri)
    before, after = urlsplit(uri), urlsplit(compact)
    assert after.scheme == scheme
    assert after.netloc == host.upper()
    assert after.path == path
    assert compact.lower() == uri.lower()
    assert qr_matrix(compact).shape[0] <= qr_matrix(uri).shape[0]
    assert before.hostname == after.hostname  # hostname is read in small letters


def test_a_text_without_a_host_is_left_as_it_is():
    assert qr_uri_compact("/01/09506000134352") == "/01/09506000134352"


def test_versions_of_symbol_sides():
    assert [qr_version(side) for side in (21, 25, 29, 33, 177)] == [1, 2, 3, 4, 40]
