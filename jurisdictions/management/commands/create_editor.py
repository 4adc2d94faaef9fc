import getpass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from jurisdictions.permissions import EDITORS_GROUP


class Command(BaseCommand):
    help = "Create a content editor: a staff account that can edit guide content and nothing else."

    def add_arguments(self, parser):
        parser.add_argument("username", nargs="?")
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--password-from-env",
            metavar="VARIABLE",
            help="Read the password from this environment variable instead of asking (for scripts).",
        )

    def handle(self, *args, username=None, email="", password_from_env=None, **options):
        import os

        username = username or input("Username: ").strip()
        if not username:
            raise CommandError("A username is needed.")
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            raise CommandError(f"There is already an account called {username!r}.")
        if password_from_env:
            password = os.environ.get(password_from_env, "")
        else:
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("The two passwords differ.")
        user = User(username=username, email=email, is_staff=True)
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        user.set_password(password)
        user.save()
        user.groups.add(Group.objects.get(name=EDITORS_GROUP))
        self.stdout.write(f"Created content editor {username!r}. They can sign in at the admin.")
