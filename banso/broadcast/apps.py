from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# How often the worker marks the bulletins whose validity ended as expired (seconds).
EXPIRE_EVERY_SECONDS = 60
# How often the worker looks for speakers newly silent, or heard again (seconds).
ALERT_CHECK_SECONDS = 60


class BroadcastConfig(AppConfig):
    name = "banso.broadcast"
    verbose_name = _("Grassroots information (loudspeakers)")

    def ready(self) -> None:
        from banso.accounts.account_page import account_action_register
        from banso.broadcast import checks  # noqa: F401
        from banso.broadcast.selectors.roles import broadcast_scope_for_user
        from banso.broadcast.services.alerts import speaker_alerts_check
        from banso.broadcast.services.bulletins import bulletins_expire
        from banso.broadcast.services.versions import voice_give_up
        from banso.broadcast.tasks import bulletin_voice_task
        from banso.jobs.periodic import periodic_register
        from banso.jobs.resume import task_resumable_register

        account_action_register(
            label=_("Bulletins and loudspeakers"),
            url_name="broadcast:bulletin-list",
            order=77,
            shown=lambda user, page: (
                getattr(user, "is_superuser", False) or not broadcast_scope_for_user(user).is_empty
            ),
        )
        periodic_register(
            name="broadcast.bulletins_expire",
            every_seconds=EXPIRE_EVERY_SECONDS,
            function=bulletins_expire,
        )
        periodic_register(
            name="broadcast.speaker_alerts_check",
            every_seconds=ALERT_CHECK_SECONDS,
            function=speaker_alerts_check,
        )
        # Voicing again a version that is no longer waiting does nothing (services.versions).
        task_resumable_register(bulletin_voice_task, give_up=voice_give_up)
