import pytest
from banso.places.models import AdministrativeUnit as U, UnitSuccession as S
from django.db.models import Count, Q

def test_a(places):
    qs = U.objects.filter(is_current=False, level="commune").annotate(n=Count("successions"), d=Count("successions", filter=Q(successions__is_default=True)))
    print("multi", qs.filter(n__gte=2).count(), "multi one default", qs.filter(n__gte=2, d=1).count())
    print("no succ", qs.filter(n=0).count(), "zero default", qs.filter(n__gte=1, d=0).count(), "many default", qs.filter(d__gte=2).count())
    for m in qs.filter(n__gte=2, d=1, path__regex=r"^o(10|15)/")[:5]:
        print(m, m.code, m.path, m.parent, [(s.successor.name, s.successor.code, s.is_default) for s in m.successions.all()])
    for m in qs.filter(n__gte=2).exclude(d=1)[:15]:
        print("BAD", m, m.code, m.path, m.parent, m.parent.parent, [(s.successor.name, s.successor.code, s.is_default) for s in m.successions.all()])
    for m in qs.filter(n=0)[:5]:
        print("NONE", m, m.code, m.path, m.parent, m.parent.parent)
