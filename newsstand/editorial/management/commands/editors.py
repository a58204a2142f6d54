from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from newsstand.editorial.roles import EDITORS_GROUP
from newsstand.editorial.services import do_make_editor, do_remove_editor


class Command(BaseCommand):
    help = (
        "The editor role: `editors add EMAIL` lets an account into the admin as an editor, "
        "`editors remove EMAIL` takes the role away, `editors list` lists editors."
    )

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="{add,remove,list}")
        add = actions.add_parser("add", help="make the account an editor (admin + Editors group)")
        add.add_argument("email")
        remove = actions.add_parser("remove", help="take the editor role away")
        remove.add_argument("email")
        actions.add_parser("list", help="list editors by email address")

    def handle(self, *args, **options):
        if options["action"] == "list":
            editors = get_user_model().objects.filter(groups__name=EDITORS_GROUP)
            for email in editors.order_by("email").values_list("email", flat=True):
                self.stdout.write(email)
            return
        user = get_user_model().objects.filter(email__iexact=options["email"].strip()).first()
        if user is None:
            raise CommandError(f"no account with the address {options['email']!r}")
        if options["action"] == "add":
            changed = do_make_editor(user)
            self.stdout.write(f"{user.email} is {'now' if changed else 'already'} an editor")
        else:
            changed = do_remove_editor(user)
            self.stdout.write(f"{user.email} is {'no longer' if changed else 'not'} an editor")
