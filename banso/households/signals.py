"""What households tells the apps above it, which it may not import (level 1 under level 2).

``review_list_imported`` is sent (by ``Household``) once an import of a commune's review list
has committed, with ``commune`` (the ``AdministrativeUnit``) and ``years`` (the years of the
reviews it wrote, a frozenset of ints): the indicators recompute those years' figures from it.
"""

from django.dispatch import Signal

review_list_imported = Signal()
