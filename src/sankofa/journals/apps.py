from django.apps import AppConfig


class JournalsConfig(AppConfig):
    name = "sankofa.journals"
    label = "journals"
    verbose_name = "Journals"

    def ready(self) -> None:
        # each area registers what it serves (OAI source, periodic jobs, checks) from
        # sankofa.journals.registrations, one function per area
        from sankofa.journals import registrations

        registrations.register_all()
