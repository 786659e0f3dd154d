"""The stamp page's one inline script runs under the site's Content-Security-Policy: the policy
allows it by its hash, so a change to the script without its new hash would stop it."""

import base64
import hashlib
import re
from pathlib import Path

from django.conf import settings

PANEL = Path(__file__).resolve().parent.parent / "templates" / "stamps" / "public" / "_panel.html"


def test_the_policy_allows_the_panels_inline_script_by_its_hash():
    scripts = re.findall(r"<script>(.*?)</script>", PANEL.read_text(encoding="utf-8"), re.S)
    assert len(scripts) == 1
    digest = base64.b64encode(hashlib.sha256(scripts[0].encode()).digest()).decode()
    allowed = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["script-src"]
    assert f"'sha256-{digest}'" in allowed
    assert "'unsafe-inline'" not in allowed
