from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "sankofa.accounts"
    label = "sankofa_accounts"
    verbose_name = "Accounts"
