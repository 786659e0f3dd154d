from django.core.management.base import BaseCommand, CommandError

from banso.accounts.selectors import user_by_login
from banso.accounts.services import api_token_create


class Command(BaseCommand):
    help = "Make a new API bearer token for a person (by phone number or email) and print it."

    def add_arguments(self, parser):
        parser.add_argument("user", help="phone number or email address")
        parser.add_argument("--name", default="", help="what the token is for")

    def handle(self, *args, user, name, **options):
        person = user_by_login(user)
        if person is None:
            raise CommandError(f"No person signs in as {user!r}.")
        _token, key = api_token_create(user=person, name=name)
        self.stdout.write(key)
