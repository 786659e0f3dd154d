"""The demo's 2023 reviews give the figures of Lào Cai's report of October 2023."""

from banso.households.demo import bac_ha_communes, households_demo_seed
from banso.households.models import Assessment, Household, LivingStandard, Member


def test_the_demo_reproduces_the_article_figures(demo):
    reviews = Assessment.objects.filter(
        year=2023, living_standard__in=[LivingStandard.POOR, LivingStandard.NEAR_POOR]
    )
    assert reviews.count() == 10_000
    bac_ha = bac_ha_communes()
    assert {unit.code for unit in bac_ha} >= {"02839", "02848", "02869"}
    in_bac_ha = reviews.filter(household__unit__in=bac_ha)
    assert in_bac_ha.filter(living_standard=LivingStandard.POOR).count() == 9_000
    assert in_bac_ha.count() == 9_000
    assert reviews.filter(lacks_telecom=False).count() == 9_670
    assert reviews.filter(lacks_information_means=False).count() == 9_180
    named = Household.objects.get(code="02761-DEMO1")
    assert Member.objects.filter(household=named).count() == 4
    assert not Assessment.objects.filter(household=named, year=2023).exists()


def test_seeding_twice_changes_nothing(demo):
    count = Household.objects.count()
    from banso.accounts.models import User

    households_demo_seed(admin=User.objects.get(phone="+84981000001"))
    assert Household.objects.count() == count
