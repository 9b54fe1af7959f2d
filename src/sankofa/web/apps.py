from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "sankofa.web"
    label = "web"
    verbose_name = "Sankofa on the web"

    def ready(self) -> None:
        # pages answered by the page cache that still count their views
        from sankofa.web.journals.reading.views import count_cached_article_views

        count_cached_article_views()
