from django.apps import AppConfig

from sankofa.core.actors import Actor


class AccountsConfig(AppConfig):
    name = "sankofa.accounts"
    label = "sankofa_accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from sankofa.core.actors import install_user_actor_loader

        install_user_actor_loader(_load_actor)


def _load_actor(user_id: int) -> Actor | None:
    """The actor of an active user, with the roles held now (jobs run as their requester)."""
    from sankofa.accounts.models import User
    from sankofa.accounts.roles import actor_for

    user = User.objects.filter(pk=user_id, is_active=True).first()
    return actor_for(user) if user is not None else None
