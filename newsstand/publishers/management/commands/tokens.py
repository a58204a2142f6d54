from django.core.management.base import BaseCommand, CommandError

from newsstand.publishers.models import Publisher, PublisherToken
from newsstand.publishers.services import InvalidTokenError, do_create_token, do_revoke_token


class Command(BaseCommand):
    help = (
        "Push API tokens: `tokens create --publisher NAME --name LABEL` prints a new token "
        "once; `tokens list`; `tokens revoke ID`."
    )

    def add_arguments(self, parser):
        actions = parser.add_subparsers(
            dest="action", required=True, metavar="{create,list,revoke}"
        )
        create = actions.add_parser("create", help="issue a token and print it (only this once)")
        create.add_argument("--publisher", required=True, help="the publisher's name")
        create.add_argument("--name", required=True, help="what the token is for, e.g. 'CMS'")
        actions.add_parser("list", help="list tokens with their last use (never the secrets)")
        revoke = actions.add_parser("revoke", help="revoke a token by its id (see `tokens list`)")
        revoke.add_argument("id", type=int)

    def handle(self, *args, **options):
        if options["action"] == "create":
            self._create(options["publisher"], options["name"])
        elif options["action"] == "revoke":
            self._revoke(options["id"])
        else:
            self._list()

    def _create(self, publisher_name, name):
        publisher = Publisher.objects.filter(name=" ".join(publisher_name.split())).first()
        if publisher is None:
            raise CommandError(f"no publisher named {publisher_name!r}")
        try:
            token = do_create_token(publisher, name)
        except InvalidTokenError as exc:
            raise CommandError(str(exc)) from exc
        self.stderr.write(f"token for {publisher} ({name}); it will not be shown again:")
        self.stdout.write(token)

    def _revoke(self, token_id):
        token = PublisherToken.objects.select_related("publisher").filter(pk=token_id).first()
        if token is None:
            raise CommandError(f"no token with id {token_id}")
        if do_revoke_token(token):
            self.stdout.write(f"revoked token {token_id} ({token})")
        else:
            self.stdout.write(f"token {token_id} ({token}) was already revoked")

    def _list(self):
        for token in PublisherToken.objects.select_related("publisher"):
            state = f"revoked {_when(token.revoked_at)}" if token.revoked_at else "live"
            self.stdout.write(
                f"{token.pk}\t{token.publisher.name}\t{token.name}\t{state}\t"
                f"created {_when(token.created_at)}\tlast used {_when(token.last_used_at)}"
            )


def _when(moment) -> str:
    return moment.isoformat(timespec="seconds") if moment else "never"
