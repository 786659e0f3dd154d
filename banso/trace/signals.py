"""What ``trace`` tells the apps built on it, which it never imports.

``product_renamed`` is sent by :func:`~banso.trace.services.products.product_update` inside its
transaction when a product's name changes, with ``product`` and ``old_name``. Apps that keep a
derived copy of the name (the marketplace's search words) bring it up to date in the same
transaction: if they fail, the rename is undone with them and no copy is left stale.
"""

from django.dispatch import Signal

product_renamed = Signal()
